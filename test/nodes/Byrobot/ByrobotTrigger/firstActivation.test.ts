/**
 * The Byrobot Trigger driven through n8n-core's PollContext against the Byrobot emulator: the
 * index cursor (core/poll/indexCursor.ts) over callIndex.
 */
import type { IDataObject } from 'n8n-workflow';
import { add, createTask, cursorOf, keys, LIST, MIN, one, poll, sim, T0, useEmulator } from './support';

useEmulator();

describe('Byrobot Trigger: index cursor', () => {
	it('starts from now with one request, then emits new calls in callIndex order', async () => {
		const task = await createTask();
		add(task, [T0, T0 + MIN, T0 + 2 * MIN]);
		const data: IDataObject = {};
		expect((await poll(one(task), data)).items).toBeNull();
		expect(sim.server.requests(LIST)).toHaveLength(1);
		expect(cursorOf(data).jobs[String(task)].index).toBe(2);

		const later = add(task, [T0 + 5 * MIN, T0 + 3 * MIN]); // the second ended earlier
		expect(keys(await poll(one(task), data))).toEqual(later);
		// the vendor is asked for records above the overlap below the cursor (default 100 calls)
		const bodies = sim.server.requests(LIST).map((r) => r.body as IDataObject);
		expect(bodies[bodies.length - 1].index).toBe(-1);
		expect(cursorOf(data).jobs[String(task)]).toMatchObject({ index: 4, base: -1, count: 5 });
	});

	it('without an overlap the vendor is asked only for records above the cursor', async () => {
		const task = await createTask();
		const params = { ...one(task), options: { overlapCalls: 0 } };
		add(task, [T0, T0 + MIN, T0 + 2 * MIN]);
		const data: IDataObject = {};
		expect((await poll(params, data)).items).toBeNull();
		const later = add(task, [T0 + 5 * MIN]);
		expect(keys(await poll(params, data))).toEqual(later);
		const bodies = sim.server.requests(LIST).map((r) => r.body as IDataObject);
		expect(bodies.map((b) => b.index)).toEqual([-1, 2]);
		expect(cursorOf(data).jobs[String(task)]).toMatchObject({ index: 3, base: 3 });
	});

	it('emits the last N existing records on first activation when asked', async () => {
		const task = await createTask();
		const existing = add(task, [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
		const data: IDataObject = {};
		expect(keys(await poll({ ...one(task), options: { emitExisting: 3 } }, data))).toEqual(existing.slice(1));
		expect((await poll(one(task), data)).items).toBeNull();
	});

	it('Fetch Test Event returns the latest call and does not move the cursor', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		const snapshot = JSON.stringify(data);
		const added = add(task, [T0, T0 + MIN]);
		const manual = await poll(one(task), data, 'manual');
		expect(keys(manual)).toEqual([added[1]]);
		expect(manual.staticDataChanged).toBe(false);
		expect(JSON.stringify(data)).toBe(snapshot);
		expect(keys(await poll(one(task), data))).toEqual(added);
	});
});
