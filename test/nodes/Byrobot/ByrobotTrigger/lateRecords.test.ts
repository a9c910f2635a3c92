/**
 * The Byrobot Trigger and records listed late (issue 11): callIndex is handed out when a call ends,
 * but the emulator lists a record only once its analysis is stored, like the vendor. The trigger
 * re-reads an overlap below its cursor and de-duplicates by key.
 */
import type { IDataObject } from 'n8n-workflow';
import { CURSOR_KEY } from '../../../../nodes/core/poll';
import { startByrobotSimulator } from '../../../emulators/byrobot';
import { nodeStaticDataKey } from '../../../harness';
import { ByrobotApi } from '../../../../credentials/ByrobotApi.credentials';
import { ByrobotTrigger } from '../../../../nodes/Byrobot/ByrobotTrigger.node';
import { nodeRunner } from '../../../harness/nodeRunner';
import { add, createTask, cursorOf, keys, LIST, MIN, one, poll, sim, T0, useEmulator } from './support';

useEmulator();

describe('Byrobot Trigger: records listed late', () => {
	it('REQUIRED: a record that becomes visible below the cursor is emitted once (62 added, 62 emitted, 0 duplicates)', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		const before = add(task, Array.from({ length: 51 }, (_, i) => T0 + i * 1000));
		const [late] = add(task, [T0 + 51_000], { analysisDelayMs: 30 * MIN });
		const after = add(task, Array.from({ length: 10 }, (_, i) => T0 + (52 + i) * 1000));
		const emitted = keys(await poll(one(task), data));
		expect(emitted).toEqual([...before, ...after]); // 51 is not listed yet
		expect(cursorOf(data).jobs[String(task)].index).toBe(61);

		sim.revealCalls(); // its analysis is stored: listed with callIndex 51, below the cursor
		const second = keys(await poll(one(task), data));
		expect(second).toEqual([late]);
		emitted.push(...second);

		sim.server.clearLog();
		expect((await poll(one(task), data)).items).toBeNull();
		expect(sim.server.requests(LIST)).toHaveLength(1); // idle again: one request
		expect(emitted).toHaveLength(62);
		expect(new Set(emitted).size).toBe(62);
	});

	it('without the overlap (0 calls) the late record is lost, as issue 11 measured', async () => {
		const task = await createTask();
		const params = { ...one(task), options: { overlapCalls: 0 } };
		const data: IDataObject = {};
		await poll(params, data);
		add(task, Array.from({ length: 51 }, (_, i) => T0 + i * 1000));
		add(task, [T0 + 51_000], { analysisDelayMs: 30 * MIN });
		add(task, Array.from({ length: 10 }, (_, i) => T0 + (52 + i) * 1000));
		expect((await poll(params, data)).items).toHaveLength(61);
		sim.revealCalls();
		expect((await poll(params, data)).items).toBeNull();
	});

	it('a record listed further below than the overlap is out of reach (the documented limit)', async () => {
		const task = await createTask();
		const params = { ...one(task), options: { overlapCalls: 5 } };
		const data: IDataObject = {};
		await poll(params, data);
		const [deep] = add(task, [T0], { analysisDelayMs: 30 * MIN });
		const [listed] = add(task, [T0 + 1000]);
		const [near] = add(task, [T0 + 2000], { analysisDelayMs: 30 * MIN });
		const rest = add(task, Array.from({ length: 4 }, (_, i) => T0 + (3 + i) * 1000));
		expect(keys(await poll(params, data))).toEqual([listed, ...rest]);
		sim.revealCalls();
		// the newest 5 callIndex values (2–6) are read again: 2 is inside, 0 is out of reach
		expect(keys(await poll(params, data))).toEqual([near]);
		expect(deep.endsWith(':0')).toBe(true);
		expect((await poll(params, data)).items).toBeNull();
	});

	it('keeps only the keys inside the overlap, and a redial in the overlap is emitted once', async () => {
		const task = await createTask({ repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
		const params = { ...one(task), options: { overlapCalls: 20 } };
		const data: IDataObject = {};
		await poll(params, data);
		const [busy] = add(task, [T0], { finishStatus: 6 });
		add(task, Array.from({ length: 60 }, (_, i) => T0 + (1 + i) * 1000));
		expect(await poll(params, data)).toMatchObject({ items: expect.any(Array) });
		const cursor = cursorOf(data).jobs[String(task)];
		expect(Object.keys(cursor.seen ?? {})).toHaveLength(20);
		expect(cursor).toMatchObject({ index: 60, base: 40, count: 20 });
		const [redial] = sim.completeCalls(task);
		expect(keys(await poll(params, data))).toEqual([`${redial.callInstanceId}:${redial.callIndex}`]);
		expect(String(redial.callInstanceId)).toBe(busy.split(':')[0]);
		expect((await poll(params, data)).items).toBeNull();
	});

	it('a cursor saved before the overlap existed continues without repeating a record', async () => {
		const task = await createTask();
		const existing = add(task, [T0, T0 + 1000, T0 + 2000]);
		const data: IDataObject = {
			[nodeStaticDataKey('Poll Trigger')]: { [CURSOR_KEY]: { v: 1, activatedAt: T0, polledAt: T0, jobs: { [String(task)]: { index: 2 } } } },
		};
		expect((await poll(one(task), data)).items).toBeNull();
		const later = add(task, [T0 + 3000]);
		expect(keys(await poll(one(task), data))).toEqual(later);
		expect(existing).toHaveLength(3);
	});

	it('every emitted call carries a dedupKey that is the same on every poll and names the attempt', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		add(task, [T0]);
		const [raw] = (await poll(one(task), data)).items!;
		const [simple] = (await poll({ ...one(task), options: { simplify: true } }, {}, 'manual')).items!;
		expect(raw.json.dedupKey).toMatch(/^byrobot:call:\d+:2026-03-02T10:00:00\+08:00$/);
		expect(simple.json.dedupKey).toBe(raw.json.dedupKey);
		expect(simple.json).toMatchObject({ vendor: 'byrobot', callId: String(raw.json.callInstanceId) });
	});

	it('REQUIRED: records without a usable callIndex stop the poll with a clear error and emit nothing', async () => {
		const other = await startByrobotSimulator({ callsPerSecond: 0, omitCallIndex: true });
		try {
			const withoutIndex = nodeRunner({
				node: () => new ByrobotTrigger(),
				credential: () => new ByrobotApi(),
				credentials: () => other.credentials,
				defaults: { event: 'newCallRecord' },
			});
			const task = await createTask({}, other);
			other.addCallRecords(task, [{}]);
			const data: IDataObject = {};
			const result = await withoutIndex.pollOnce(one(task), data);
			expect(result.items).toBeNull();
			expect(result.error?.message).toMatch(new RegExp(`Byrobot listed a call record of task ${task} without a usable callIndex`));
			expect(JSON.stringify(data)).not.toContain(CURSOR_KEY);
		} finally {
			await other.close();
		}
	});
});
