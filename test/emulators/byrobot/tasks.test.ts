/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { startByrobotSimulator } from '.';
import { api, client, createTask, goodTask, sim, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('createTask / update rules', () => {
		const cases: Array<[string, Record<string, unknown>, string]> = [
			['missing taskName', { taskName: undefined }, 'taskName'],
			['bad taskType', { taskType: 3 }, 'taskType'],
			['scheduled task without startDate', { taskType: 1 }, 'startDate'],
			['malformed startDate', { taskType: 1, startDate: '2030/01/01' }, 'startDate'],
			['working start after end', { workingStartTime: '15:00', workingEndTime: '10:00' }, 'workingStartTime'],
			['malformed clock', { workingStartTime: '9am' }, 'workingStartTime'],
			['break outside working window', { workingStartTime: '13:00', breakStartTime: '12:00', breakEndTime: '14:00' }, 'breakStartTime'],
			['break end missing', { breakEndTime: undefined }, 'breakEndTime'],
			['concurrencyQuota 0', { concurrencyQuota: 0 }, 'concurrencyQuota'],
			['concurrencyQuota over seats', { concurrencyQuota: 21 }, 'concurrencyQuota'],
			['callType 3', { callType: 3 }, 'callType'],
			['phone of another company', { userPhoneIds: [211] }, 'userPhoneIds'],
			['unavailable phone', { userPhoneIds: [205] }, 'userPhoneIds'],
			['empty userPhoneIds', { userPhoneIds: [] }, 'userPhoneIds'],
			['userPhoneIds as a string', { userPhoneIds: '201,202' }, 'userPhoneIds'],
			['callType not matching the phone type', { callType: 0 }, 'callType'],
			['robot of another company', { robotDefId: 311 }, 'robotDefId'],
			['robot offline', { robotDefId: 303, sceneDefId: 403, sceneRecordId: 504 }, 'robotDefId'],
			['scene of another robot', { sceneDefId: 402 }, 'sceneDefId'],
			['recording of another scene', { sceneRecordId: 503 }, 'sceneRecordId'],
			['missing sceneRecordId', { sceneRecordId: undefined }, 'sceneRecordId'],
			['repeatCall without rules', { repeatCall: true }, 'repeatCallRule'],
			['repeat rule with bad status', { repeatCall: true, repeatCallRule: [{ phoneStatus: 0, times: 1, interval: 5 }] }, 'phoneStatus'],
		];
		it.each(cases)('412 for %s', async (_name, over, field) => {
			const r = await api('POST', `${V1}/task/createTask`, goodTask(over));
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(412);
			expect(r.json.resultMsg).toContain(field);
			expect(sim.state.tasks.filter((t) => t.companyId === 1001)).toHaveLength(0);
		});

		it('accepts seed 001\'s own window 08:00–22:00 (the seed sets no limit)', async () => {
			const id = await createTask({ workingStartTime: '08:00', workingEndTime: '22:00' });
			expect(sim.state.tasks.find((t) => t.callJobId === id)).toMatchObject({ workingStartTime: '08:00:00', workingEndTime: '22:00:00' });
		});

		it('enforces the newer public 09:00–20:00 only when configured (workingWindow)', async () => {
			const strict = await startByrobotSimulator({ callsPerSecond: 0, workingWindow: { earliest: '09:00', latest: '20:00' } });
			try {
				const call = client(strict);
				const early = await call('POST', `${V1}/task/createTask`, goodTask({ workingStartTime: '08:00' }));
				expect(early.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('workingStartTime') });
				const late = await call('POST', `${V1}/task/createTask`, goodTask({ workingEndTime: '22:00' }));
				expect(late.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('workingEndTime') });
			} finally {
				await strict.close();
			}
		});

		it('creates a scheduled task with startDate and stores the seed field names', async () => {
			const id = await createTask({ taskType: 1, startDate: '2030-01-02', callType: 0, userPhoneIds: [203], repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
			const d = await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id });
			expect(d.json.code).toBe(200);
			expect(d.json.data).toEqual(
				expect.objectContaining({
					callJobId: id, jobName: '测试任务', jobType: 1, startDate: '2030-01-02', workingStartTime: '09:00:00', workingEndTime: '20:00:00',
					breakStartTime: '12:00:00', breakEndTime: '13:00:00', status: 0, sceneDefId: 401, totalCount: 0, robotDefName: '房产电销', sceneRecordName: '女声-小美',
				}),
			);
			expect(d.json.data.callPhones[0]).toEqual(expect.objectContaining({ userPhoneId: 203, callJobId: id, phone: '13800000003' }));
			// the task is not found under the other company
			expect((await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1002, taskId: id })).json.code).toBe(404);
		});

		it('update requires all seven fields and takes userPhoneIds as a comma-separated string', async () => {
			const id = await createTask();
			const full = { companyId: 1001, taskId: id, taskName: '改名', taskType: 2, userPhoneIds: '201,202', callType: 1, concurrencyQuota: 3 };
			for (const f of Object.keys(full)) {
				const body: Record<string, unknown> = { ...full };
				delete body[f];
				const r = await api('POST', `${V1}/task/update`, body);
				expect(r.json.code).toBe(412);
				expect(r.json.resultMsg).toContain(f);
			}
			const arr = await api('POST', `${V1}/task/update`, { ...full, userPhoneIds: [201, 202] });
			expect(arr.json.code).toBe(412);
			expect(arr.json.resultMsg).toContain('userPhoneIds');
			const ok = await api('POST', `${V1}/task/update`, full);
			expect(ok.json).toEqual(expect.objectContaining({ code: 200, data: null, resultMsg: '修改成功' }));
			const t = sim.state.tasks.find((x) => x.callJobId === id)!;
			expect(t.jobName).toBe('改名');
			expect(t.concurrencyQuota).toBe(3);
			expect(t.breakStartTime).toBe('12:00:00');
			const single = await api('POST', `${V1}/task/update`, { ...full, userPhoneIds: 202 });
			expect(single.json.code).toBe(200);
			expect(sim.state.tasks.find((x) => x.callJobId === id)!.userPhoneIds).toEqual([202]);
		});
	});

	describe('getTasks paging', () => {
		it('pages newest first with total/pages and caps pageSize at 100', async () => {
			for (let i = 1; i <= 5; i++) {
				const r = await api('POST', `${V1}/task/createTask`, goodTask({ companyId: 1002, taskName: `分页${i}`, userPhoneIds: [211], robotDefId: 311, sceneDefId: 411, sceneRecordId: 511, concurrencyQuota: 1 }));
				expect(r.json.code).toBe(200);
			}
			await createTask({ taskName: 'other company' });
			const p1 = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageNum: 1, pageSize: 2 });
			expect(p1.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 2, total: 5, pages: 3, size: 2 }));
			expect(p1.json.data.list.map((t: { jobName: string }) => t.jobName)).toEqual(['分页5', '分页4']);
			expect(p1.json.data.list[0]).toEqual(expect.objectContaining({ callJobId: expect.any(Number), jobType: 2, status: 0, workingStartTime: '09:00:00', totalCount: null }));
			const p3 = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageNum: 3, pageSize: 2 });
			expect(p3.json.data.list.map((t: { jobName: string }) => t.jobName)).toEqual(['分页1']);
			const def = await api('GET', `${V1}/task/getTasks`, { companyId: 1002 });
			expect(def.json.data.pageSize).toBe(10);
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, taskName: '分页3' })).json.data.total).toBe(1);
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, status: 1 })).json.data.total).toBe(0);
			const big = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageSize: 101 });
			expect(big.json.code).toBe(412);
			expect(big.json.resultMsg).toContain('pageSize');
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageSize: 100 })).json.code).toBe(200);
		});
	});
});
