/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { startTanyiSimulator } from '.';
import { call, createJob, customers, jobBody, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('job lifecycle and call records', () => {
		it('starts, completes calls, pages call records and completes the job', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(45) });
			expect((await call(sim, 'POST', '/job/pause', { robotCallJobId: id })).json.code).toBe(412);
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('IN_PROCESS');
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(412);

			const first = sim.completeCalls(id, 30);
			expect(first).toHaveLength(30);
			expect(first.map((r) => r.callRecordId)).toEqual([...first.map((r) => r.callRecordId)].sort((a, b) => a - b));

			const stats = await call(sim, 'POST', '/job/getJobStatsInfoList', [String(id), id]);
			expect(stats.json.data).toEqual({ [String(id)]: { taskTotal: 45, taskCompleted: 30 } });
			const objectBody = await call(sim, 'POST', '/job/getJobStatsInfoList', { robotCallJobId: [id] });
			expect(objectBody.json.code).toBe(412);

			const page2 = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageNum: 2, pageSize: 20 });
			expect(page2.json.data).toMatchObject({ number: 2, pageSize: 20, totalElements: 30, pages: 2 });
			expect(page2.json.data.content).toHaveLength(10);
			const rec = page2.json.data.content[0];
			expect(rec.startTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(rec.endTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(['A', 'B', 'C', 'D', 'E', 'F']).toContain(rec.intentLevel);
			expect(rec).toHaveProperty('callDetailList');
			expect(rec).toHaveProperty('fullAudioUrl');

			const all = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 100 });
			const starts: string[] = all.json.data.content.map((r: { startTime: string }) => r.startTime);
			expect(starts).toEqual([...starts].sort().reverse());
			const answered = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, resultStatuses: ['ANSWERED'], pageSize: 100 });
			expect(answered.json.data.totalElements).toBeGreaterThan(0);
			expect(answered.json.data.totalElements).toBeLessThan(30);
			expect(answered.json.data.content.every((r: { resultStatus: string }) => r.resultStatus === 'ANSWERED')).toBe(true);
			const byId = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, callRecordId: first[3].callRecordId });
			expect(byId.json.data.content.map((r: { callRecordId: number }) => r.callRecordId)).toEqual([first[3].callRecordId]);

			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 101 })).json.resultMsg).toMatch(/pageSize/);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, redialTimes: 1 })).json.resultMsg).toMatch(/redialTimes/);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, redialTimes: 0, lastCallRecord: true })).json.data.totalElements).toBe(30);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { pageSize: 10 })).json.code).toBe(412);

			const detail = await call(sim, 'GET', `/callRecord/callDetail?callRecordId=${first[0].callRecordId}`);
			expect(detail.json.data).toMatchObject({ callRecordId: first[0].callRecordId, robotCallJobId: id, customerPerson: { phoneNumber: first[0].calledPhoneNumber } });
			expect(detail.json.data.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
			expect((await call(sim, 'GET', '/callRecord/callDetail?callRecordId=1')).json.code).toBe(404);

			sim.completeCalls(id);
			expect(sim.state.jobs[0].status).toBe('COMPLETED');
			const restart = await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect(restart.json.code).toBe(412);
			expect(() => sim.completeCalls(id)).toThrow(/COMPLETED/);

			// re-adding called customers makes the job runnable again
			const re = await call(sim, 'POST', '/job/reAddCustomerToJob', { robotCallJobId: id, customerPersonIds: [first[0].customerPersonId] });
			expect(re.json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('RUNNABLE');
			const tbc = await call(sim, 'GET', `/callRecord/toBeCalledList?robotCallJobId=${id}`);
			expect(tbc.json.data.totalElements).toBe(1);
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(200);
			sim.completeCalls(id);
			const last = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, lastCallRecord: true, pageSize: 100 });
			expect(last.json.data.totalElements).toBe(45);
			const withDupes = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 100 });
			expect(withDupes.json.data.totalElements).toBe(46);
		});

		it('pauses, stops and deletes; a terminated job cannot be started', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect((await call(sim, 'POST', '/job/pause', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('USER_PAUSE');
			expect(() => sim.completeCalls(id)).toThrow(/USER_PAUSE/);
			expect((await call(sim, 'PATCH', '/job/modify', { ...jobBody(), robotCallJobId: id })).json.code).toBe(200);
			expect((await call(sim, 'POST', '/job/stop', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('TERMINATE');
			const start = await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect(start.json.code).toBe(412);
			expect((await call(sim, 'POST', '/job/updateAiCount', { robotCallJobId: id, robotCount: 0 })).json.resultMsg).toMatch(/robotCount/);
			expect((await call(sim, 'POST', '/job/updateAiCount', { robotCallJobId: id, robotCount: 5 })).json.code).toBe(200);
			expect(sim.state.jobs[0].robotCount).toBe(5);
			expect((await call(sim, 'POST', '/job/delete', { robotCallJobId: String(id) })).json.code).toBe(200);
			expect(sim.state.jobs).toHaveLength(0);
			expect((await call(sim, 'POST', '/job/delete', { robotCallJobId: id })).json.code).toBe(404);
		});

		it('checkAll / executeJobs split executable from unexecutable jobs', async () => {
			const a = await createJob(sim, {}, { name: 'alpha' });
			const b = await createJob(sim, {}, { name: 'beta' });
			await call(sim, 'POST', '/job/start', { robotCallJobId: b });
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: b, customerPersons: customers(1) });
			sim.completeCalls(b); // b is COMPLETED now
			const check = await call(sim, 'POST', '/job/checkAll', { operation: 'START', robotCallJobIdSet: [a, b] });
			expect(check.json.data.executable.map((j: { robotCallJobId: number }) => j.robotCallJobId)).toEqual([a]);
			expect(check.json.data.unexecutable).toEqual([expect.objectContaining({ robotCallJobId: b, msg: expect.stringMatching(/COMPLETED/) })]);
			expect(check.json.data.executable[0].statsInfo).toMatchObject({ robotCallJobId: a, totalTask: 0 });
			const exec = await call(sim, 'POST', '/job/executeJobs', { operation: 'START', executable: check.json.data.executable });
			expect(exec.json.data).toEqual([]);
			expect(sim.state.jobs.find((j) => j.robotCallJobId === a)?.status).toBe('IN_PROCESS');
			const again = await call(sim, 'POST', '/job/executeJobs', { operation: 'START', executable: [{ robotCallJobId: b }] });
			expect(again.json.data).toEqual([expect.objectContaining({ robotCallJobId: b })]);
			expect((await call(sim, 'POST', '/job/checkAll', { operation: 'STOP', robotCallJobIdSet: [a] })).json.resultMsg).toMatch(/operation/);
		});

		it('runs a started job on its own at callsPerSecond (lazy, clock-driven)', async () => {
			let now = Date.now();
			const timed = await startTanyiSimulator({ callsPerSecond: 10, now: () => now, tickMs: 0 });
			try {
				const id = await createJob(timed);
				await call(timed, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(25) }, { now });
				await call(timed, 'POST', '/job/start', { robotCallJobId: id }, { now });
				now += 1000;
				const after1s = await call(timed, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id }, { now });
				expect(after1s.json.data.totalElements).toBe(10);
				expect(timed.state.jobs[0].status).toBe('IN_PROCESS');
				now += 5000;
				const done = await call(timed, 'GET', `/job/getJobs?pageSize=100`, undefined, { now });
				expect(done.json.data.content[0]).toMatchObject({ robotCallJobId: id, status: 'COMPLETED' });
				expect(timed.state.callRecords).toHaveLength(25);
				// the clock window follows the emulator clock
				expect((await call(timed, 'GET', '/tenant/getTenant', undefined, { now: now - 10 * 60_000 })).json.code).toBe(401);
			} finally {
				await timed.close();
			}
		});

		it('same seed, same results', async () => {
			const run = async () => {
				const s = await startTanyiSimulator({ callsPerSecond: 0, seed: 99 });
				try {
					const id = await createJob(s);
					await call(s, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(20) });
					await call(s, 'POST', '/job/start', { robotCallJobId: id });
					return s.completeCalls(id).map((r) => `${r.resultStatus}/${r.intentLevel}/${r.chatDuration}`);
				} finally {
					await s.close();
				}
			};
			const [x, y] = [await run(), await run()];
			expect(x).toEqual(y);
			expect(new Set(x).size).toBeGreaterThan(3);
		});

		it('addCallRecords injects ties and out-of-order ids for trigger tests', async () => {
			const id = await createJob(sim);
			sim.addCallRecords(id, [
				{ callRecordId: 500, startTime: '2030-01-01 10:00:00', intentLevel: 'A' },
				{ callRecordId: 400, startTime: '2030-01-01 10:00:00' },
				{ callRecordId: 600, startTime: '2030-01-01 09:59:59' },
			]);
			const list = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id });
			expect(list.json.data.content.map((r: { callRecordId: number }) => r.callRecordId)).toEqual([500, 400, 600]);
			expect(list.json.data.content[0].intentLevelName).toMatch(/^A/);
			const a = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, intentLevels: ['A'] });
			expect(a.json.data.totalElements).toBe(1);
		});
	});

	describe('call record order (undocumented; configurable)', () => {
		it('lists newest first by default, oldest first or in creation order when asked', async () => {
			const id = await createJob(sim);
			const base = Date.parse('2026-03-02T10:00:00+08:00');
			const at = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
			// the second record started earlier but was created (finished) later
			const [a, b, c] = sim.addCallRecords(id, [{ startTime: at(base) }, { startTime: at(base - 60_000) }, { startTime: at(base + 60_000) }]);
			const list = async () =>
				((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 100 })).json.data.content as Array<{ callRecordId: number }>).map((r) => r.callRecordId);
			expect(await list()).toEqual([c.callRecordId, a.callRecordId, b.callRecordId]);
			sim.callRecordOrder = 'oldestFirst';
			expect(await list()).toEqual([b.callRecordId, a.callRecordId, c.callRecordId]);
			sim.callRecordOrder = 'createdDesc';
			expect(await list()).toEqual([c.callRecordId, b.callRecordId, a.callRecordId]);
			sim.reset();
			expect(sim.callRecordOrder).toBe('newestFirst');
		});
	});
});
