/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { startByrobotSimulator } from '.';
import { api, client, createTask, goodTask, sim, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('calls and the index cursor', () => {
		async function seedTask(n: number): Promise<number> {
			const id = await createTask();
			const r = await api('POST', '/openapi/v2/task/importTaskCustomer', {
				companyId: 1001,
				taskId: id,
				customerInfoList: Array.from({ length: n }, (_, i) => ({ name: `客户${i}`, phone: `1380000${String(i).padStart(4, '0')}` })),
			});
			expect(r.json.data.successNum).toBe(n);
			return id;
		}

		it('a record is listed once its analysis is stored: callIndex is the end order, so it can appear below later ones', async () => {
			const id = await createTask();
			const now = Date.now();
			const [slow] = sim.addCallRecords(id, [{ endAt: now - 1000, analysisDelayMs: 10 * 60_000 }]);
			const quick = sim.addCallRecords(id, [{ endAt: now }, { endAt: now + 1 }]);
			const listed = async () =>
				((await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1, pageSize: 50 })).json.data.list as Array<{ callIndex: number }>).map((r) => r.callIndex);
			expect(slow.callIndex).toBe(0);
			expect(await listed()).toEqual(quick.map((c) => c.callIndex).reverse());
			sim.revealCalls();
			expect(await listed()).toEqual([2, 1, 0]);
		});

		it('can leave callIndex out of the list, as the public docs do since 2019', async () => {
			const other = await startByrobotSimulator({ callsPerSecond: 0, omitCallIndex: true });
			try {
				const call = client(other);
				const id = (await call('POST', `${V1}/task/createTask`, goodTask())).json.data as number;
				other.addCallRecords(id, [{}]);
				const res = await call('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1 });
				expect(res.json.data.list).toHaveLength(1);
				expect(res.json.data.list[0]).not.toHaveProperty('callIndex');
			} finally {
				await other.close();
			}
		});

		it('create → start → complete → query returns only records newer than the cursor', async () => {
			const id = await seedTask(5);
			expect((await api('POST', `${V1}/task/start`, { taskId: id })).json).toEqual(expect.objectContaining({ code: 200, resultMsg: '启动成功' }));
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(1);
			const first = sim.completeCalls(id, 3);
			expect(first.map((c) => c.callIndex)).toEqual([0, 1, 2]);

			const q1 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1, pageNum: 1, pageSize: 50 });
			expect(q1.json.code).toBe(200);
			expect(q1.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 50, total: 3, pages: 1 }));
			const rows = q1.json.data.list as Array<Record<string, any>>;
			expect(rows.map((r) => r.callIndex)).toEqual([2, 1, 0]); // newest first, as the seed example
			for (const r of rows) {
				expect(r).toEqual(
					expect.objectContaining({ callInstanceId: expect.any(Number), callJobId: id, customerTelephone: expect.any(String), customerName: expect.any(String), status: 2, finishStatus: expect.any(Number), chatRound: expect.any(Number), startTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) }),
				);
				expect(r.duration).toMatch(/^\d+秒$/);
				const intent = r.resultList.find((x: { name: string }) => x.name === '客户意向等级');
				expect(intent.value).toMatch(/^[A-F]级/);
			}
			// index 0 would lose the first record: the cursor starts at -1
			const q0 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: 0 });
			expect(q0.json.data.total).toBe(2);

			const cursor = Math.max(...rows.map((r) => r.callIndex));
			sim.completeCalls(id, 2);
			const q2 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: cursor, pageSize: 10 });
			expect(q2.json.data.list.map((r: { callIndex: number }) => r.callIndex)).toEqual([4, 3]);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(2);

			// detail of one call
			const callId = q2.json.data.list[0].callInstanceId;
			const info = await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: callId });
			expect(info.json.code).toBe(200);
			expect(Object.keys(info.json.data).sort()).toEqual(['phoneLog', 'sceneInstance', 'taskResult']);
			expect(info.json.data.sceneInstance).toEqual(expect.objectContaining({ callInstanceId: callId, callJobId: id, companyId: 1001, status: 2, duration: expect.any(Number) }));
			expect(info.json.data.taskResult[0]).toEqual(expect.objectContaining({ sceneInstanceId: callId, resultName: '客户意向等级', resultValue: expect.stringMatching(/^[A-F]级/) }));
			expect((await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: 999 })).json.code).toBe(404);

			const detail = await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id });
			expect(detail.json.data).toEqual(expect.objectContaining({ status: 2, totalCount: 5, doneCount: 5 }));
		});

		it('gives answered calls a transcript with AI/ME speakers and a recording', async () => {
			const id = await createTask();
			const [call] = sim.addCallRecords(id, [{ finishStatus: 0, duration: 42, chatRound: 3, intent: 'B级(一般)' }]);
			const info = await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: call.callInstanceId });
			const logs = info.json.data.phoneLog.phoneLogs as Array<{ speaker: string; content: string }>;
			expect(logs.length).toBeGreaterThan(1);
			expect(new Set(logs.map((l) => l.speaker))).toEqual(new Set(['AI', 'ME']));
			expect(info.json.data.phoneLog.luyinOssUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oss\/RobotPhoneCommunicate\/.+\.wav\?OSSAccessKeyId=\w+&Expires=\d+&Signature=/);
			expect(info.json.data.sceneInstance.duration).toBe(42);
			const q = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, resultQueryList: [{ name: '客户意向等级', value: 'B级(一般)' }] });
			expect(q.json.data.total).toBe(1);
			const none = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, resultQueryList: [{ name: '客户意向等级', value: 'A级(较强)' }] });
			expect(none.json.data.total).toBe(0);
		});

		it('validates the query ranges and page sizes', async () => {
			const id = await createTask();
			const bad: Array<[Record<string, unknown>, string]> = [
				[{ pageSize: 0 }, 'pageSize'],
				[{ pageSize: 51 }, 'pageSize'],
				[{ durationLeft: 10, durationRight: 5 }, 'durationLeft'],
				[{ chatRoundLeft: 4, chatRoundRight: 1 }, 'chatRoundLeft'],
				[{ finishStatus: 99 }, 'finishStatus'],
				[{ resultQueryList: { name: 'x' } }, 'resultQueryList'],
			];
			for (const [over, field] of bad) {
				const r = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, ...over });
				expect(r.json.code).toBe(412);
				expect(r.json.resultMsg).toContain(field);
			}
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, {})).json.resultMsg).toContain('callJobId');
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: 6000 })).json.code).toBe(403);
			sim.addCallRecords(id, [{ finishStatus: 0, duration: 30, chatRound: 5 }, { finishStatus: 8, duration: 0, chatRound: 0 }]);
			const f = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, durationLeft: 10, durationRight: 100, chatRoundLeft: 1, chatRoundRight: 9 });
			expect(f.json.data.total).toBe(1);
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, finishStatus: 8 })).json.data.total).toBe(1);
		});

		it('progresses a started task lazily at callsPerSecond and completes it', async () => {
			const clock = { t: Date.now() };
			const s2 = await startByrobotSimulator({ now: () => clock.t, callsPerSecond: 2 });
			try {
				const c = client(s2);
				const o = { clock: () => clock.t };
				const id = (await c('POST', `${V1}/task/createTask`, goodTask(), o)).json.data as number;
				await c('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [1, 2, 3, 4, 5].map((i) => ({ name: `n${i}`, phone: `1370000000${i}` })) }, o);
				await c('POST', `${V1}/task/start`, { taskId: id }, o);
				clock.t += 1000;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(2);
				clock.t += 500;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(3);
				await c('POST', `${V1}/task/pause`, { taskId: id }, o);
				clock.t += 10_000;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(3);
				await c('POST', `${V1}/task/start`, { taskId: id }, o);
				clock.t += 1000;
				const d = await c('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id }, o);
				expect(d.json.data).toEqual(expect.objectContaining({ status: 2, doneCount: 5 }));
			} finally {
				await s2.close();
			}
		});

		it('redials per repeatCallRule: same callInstanceId comes back with a newer callIndex', async () => {
			const id = await createTask({ repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
			await api('POST', `${V1}/task/start`, { taskId: id });
			const [busy] = sim.addCallRecords(id, [{ finishStatus: 6 }]);
			expect(busy.status).toBe(3);
			expect(busy.secondaryCallTimes).toBe(1);
			const q1 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1 });
			expect(q1.json.data.list).toEqual([expect.objectContaining({ callInstanceId: busy.callInstanceId, status: 3, callIndex: 0, finishStatus: 6 })]);
			expect((await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id })).json.data.total).toBe(1);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(1);
			sim.completeCalls(id);
			const q2 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: 0 });
			expect(q2.json.data.list).toEqual([expect.objectContaining({ callInstanceId: busy.callInstanceId, status: 2, callIndex: 1, secondaryCallTimes: 1 })]);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(2);
		});

		it('moves task status through pause/stop/delete with conflicts rejected', async () => {
			const id = await createTask();
			expect((await api('POST', `${V1}/task/pause`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/start`, {})).json.resultMsg).toContain('taskId');
			await api('POST', `${V1}/task/start`, { taskId: id });
			expect((await api('POST', `${V1}/task/delete`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/pause`, { taskId: id })).json.code).toBe(200);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(4);
			expect((await api('POST', `${V1}/task/stop`, { taskId: id })).json.code).toBe(200);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(6);
			expect((await api('POST', `${V1}/task/start`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/delete`, { taskId: String(id) })).json).toEqual(expect.objectContaining({ code: 200, resultMsg: '删除成功' }));
			expect((await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id })).json.code).toBe(404);
		});
	});

	describe('single calls (legacy)', () => {
		it('reads `variables` (not `variable`) and records what was received', async () => {
			const base = { mobile: 13700000001, companyId: 1001, sceneDefId: 402, sceneRecordId: 503, robotDefId: 302 };
			const wrong = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, variable: { 客户姓名: '张三', 金额: '1' } });
			expect(wrong.json.code).toBe(412);
			expect(wrong.json.resultMsg).toContain('variables');
			const ok = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, variables: { 客户姓名: '张三', 金额: '1' } });
			expect(ok.json.code).toBe(200);
			const call = sim.state.calls.find((c) => c.callInstanceId === ok.json.data)!;
			expect(call.received).toEqual(expect.objectContaining({ hadVariablesKey: true, hadVariableKey: false }));
			expect((await api('POST', `${V1}/task/singleCallByMobile`, { ...base, sceneDefId: 401, variables: {} })).json.resultMsg).toContain('sceneDefId');
			expect((await api('POST', `${V1}/task/call`, { ...base, customerId: 1, variables: { 客户姓名: 'a', 金额: '1' } })).json.code).toBe(404);
			const done = sim.completeCalls(null);
			expect(done.map((c) => c.callInstanceId)).toEqual([ok.json.data]);
		});

		it('takes the scene as sceneId on /task/call and sceneDefId on /task/singleCallByMobile', async () => {
			const base = { mobile: 13700000001, companyId: 1001, sceneRecordId: 501, robotDefId: 301, variables: {} };
			const seedName = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, sceneId: 401 });
			expect(seedName.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('sceneDefId') });
			expect((await api('POST', `${V1}/task/singleCallByMobile`, { ...base, sceneDefId: 401 })).json.code).toBe(200);
			const customerId = sim.state.calls[0].customerId;
			const defName = await api('POST', `${V1}/task/call`, { ...base, customerId, sceneDefId: 401 });
			expect(defName.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('sceneId') });
			expect((await api('POST', `${V1}/task/call`, { ...base, customerId, sceneId: 401 })).json.code).toBe(200);
		});

		it('wants mobile as an Integer (seed 001) and the variables key even when empty', async () => {
			const base = { companyId: 1001, sceneDefId: 401, sceneRecordId: 501, robotDefId: 301 };
			const text = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, mobile: '13700000001', variables: {} });
			expect(text.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('mobile: must be an Integer') });
			const noVariables = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, mobile: 13700000001 });
			expect(noVariables.json).toMatchObject({ code: 412, resultMsg: expect.stringContaining('variables: must be sent') });
			expect((await api('POST', `${V1}/task/singleCallByMobile`, { ...base, mobile: 13700000001, variables: {} })).json.code).toBe(200);
		});
	});
});
