/**
 * The Byrobot Trigger driven through n8n-core's PollContext against the Byrobot emulator: the
 * index cursor (core/poll/indexCursor.ts) over callIndex.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { add, createTask, keys, LIST, MIN, one, poll, sim, T0, useEmulator, V1 } from './support';

useEmulator();

describe('Byrobot Trigger: requests, filters, output', () => {
	it('an idle poll costs one request per watched task; "All Running Tasks" adds one task-list request per dialing status', async () => {
		const a = await createTask({ taskName: 'A' });
		const b = await createTask({ taskName: 'B' });
		const several: INodeParameters = { watch: 'several', jobIds: [String(a), String(b)] };
		const data: IDataObject = {};
		await poll(several, data);
		sim.server.clearLog();
		const idle = await poll(several, data);
		expect(idle.items).toBeNull();
		expect(idle.staticDataChanged).toBe(false);
		expect(sim.server.log.map((r) => r.path)).toEqual([`${V1}${LIST}`, `${V1}${LIST}`]);

		sim.setTaskStatus(a, 1);
		sim.setTaskStatus(b, 1);
		const all: IDataObject = {};
		await poll({ watch: 'allRunning' }, all);
		sim.server.clearLog();
		expect((await poll({ watch: 'allRunning' }, all)).items).toBeNull();
		const lists = Array.from({ length: 4 }, () => `${V1}/task/getTasks`);
		expect(sim.server.log.map((r) => r.path)).toEqual([...lists, `${V1}${LIST}`, `${V1}${LIST}`]);
		// running, scheduling, paused by the system (redial not yet due), queued
		expect(sim.server.log.slice(0, 4).map((r) => r.query)).toEqual(['1', '3', '5', '7'].map((status) => expect.objectContaining({ companyId: '1001', status })));
	});

	it('"All Running Tasks" keeps polling a task the system paused until a redial falls due (status 5)', async () => {
		const a = await createTask({ taskName: 'A' });
		sim.setTaskStatus(a, 5);
		const data: IDataObject = {};
		await poll({ watch: 'allRunning' }, data);
		const redials = add(a, [Date.now()]);
		expect(keys(await poll({ watch: 'allRunning' }, data))).toEqual(redials);
	});

	it('"All Running Tasks": a task that starts later is read from its beginning', async () => {
		const a = await createTask({ taskName: 'A' });
		sim.setTaskStatus(a, 1);
		const data: IDataObject = {};
		add(a, [Date.now() - MIN]);
		expect((await poll({ watch: 'allRunning' }, data)).items).toBeNull();
		const b = await createTask({ taskName: 'B' });
		sim.setTaskStatus(b, 1);
		const fromB = add(b, [Date.now(), Date.now()]);
		expect(keys(await poll({ watch: 'allRunning' }, data))).toEqual(fromB);
	});

	it('filters on finish status and intent letter (any wording) before emitting', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		const params: INodeParameters = { ...one(task), filters: { statuses: [0], intentLevels: ['A', 'B'] } };
		await poll(params, data);
		const [strong] = add(task, [T0], { intent: 'A级（较强）' });
		add(task, [T0], { intent: 'C级(一般)' });
		const [medium] = add(task, [T0], { intent: 'B级(一般)' });
		add(task, [T0], { intent: 'A级(较强)', finishStatus: 8 });
		expect(keys(await poll(params, data))).toEqual([strong, medium]);
		expect((await poll(params, data)).items).toBeNull();
	});

	it('Simplify emits the normalised call record; the default adds readable fields to the vendor record', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll({ ...one(task), options: { simplify: true } }, data);
		add(task, [T0], { intent: 'A级(较强)', duration: 27, customerTelephone: '13900001111' });
		const [item] = (await poll({ ...one(task), options: { simplify: true } }, data)).items!;
		expect(item.json).toMatchObject({
			vendor: 'byrobot',
			jobId: String(task),
			phone: '13900001111',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 27,
			endTime: '2026-03-02T10:00:00+08:00',
		});

		const raw: IDataObject = {};
		await poll(one(task), raw);
		add(task, [T0], { duration: 12 });
		const [plain] = (await poll(one(task), raw)).items!;
		expect(plain.json).toMatchObject({ duration: '12秒', durationSeconds: 12, intentLevel: 'C' });
	});
});
