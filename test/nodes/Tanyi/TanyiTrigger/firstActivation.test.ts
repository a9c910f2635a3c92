/**
 * The Tanyi Trigger driven through n8n-core's PollContext against the Tanyi emulator: the time
 * cursor (core/poll/timeCursor.ts) over a list ordered by start time.
 */
import type { IDataObject } from 'n8n-workflow';
import { add, createJob, cursorOf, ids, MIN, one, poll, T0, useEmulator } from './support';

useEmulator();

describe('Tanyi Trigger: first activation and manual test', () => {
	it('starts from now: existing records are not emitted, later ones are, oldest first', async () => {
		const jobId = await createJob();
		add(jobId, [T0, T0 + MIN, T0 + 2 * MIN]);
		const data: IDataObject = {};
		const first = await poll(one(jobId), data);
		expect(first.items).toBeNull();
		expect(first.staticDataChanged).toBe(true);
		expect(cursorOf(data).jobs[String(jobId)].newest).toBe(T0 + 2 * MIN);

		const later = add(jobId, [T0 + 4 * MIN, T0 + 3 * MIN]);
		const second = await poll(one(jobId), data);
		expect(ids(second)).toEqual([later[1], later[0]]); // by start time
		expect((await poll(one(jobId), data)).items).toBeNull();
	});

	it('emits the last N existing records on first activation when asked', async () => {
		const jobId = await createJob();
		const existing = add(jobId, [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
		const data: IDataObject = {};
		const first = await poll({ ...one(jobId), options: { emitExisting: 2 } }, data);
		expect(ids(first)).toEqual([existing[2], existing[3]]);
		expect((await poll({ ...one(jobId), options: { emitExisting: 2 } }, data)).items).toBeNull();
	});

	it('Fetch Test Event returns the latest record and does not move the cursor', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const snapshot = JSON.stringify(data);
		const added = add(jobId, [T0, T0 + 5 * MIN, T0 + 2 * MIN]);
		const manual = await poll(one(jobId), data, 'manual');
		expect(ids(manual)).toEqual([added[1]]);
		expect(manual.staticDataChanged).toBe(false);
		expect(JSON.stringify(data)).toBe(snapshot);
		// the real poll still gets all three
		expect(ids(await poll(one(jobId), data)).sort()).toEqual([...added].sort());
	});
});
