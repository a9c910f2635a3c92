/**
 * The Tanyi Trigger and the undocumented order of getCallRecordInfoList (issue 11): seed 003 and
 * yiwise/slate callRecord.md state none. The emulator serves either direction; the trigger reads
 * from the newest end in both and refuses a list that is not sorted by start time.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { formatCst } from '../../../emulators/shared/http';
import { add, createJob, cursorOf, ids, LIST, one, poll, sim, T0, trigger, useEmulator } from './support';

useEmulator();

const SECOND = 1000;

describe.each(['newestFirst', 'oldestFirst'] as const)('Tanyi Trigger, list %s', (order) => {
	beforeEach(() => {
		sim.callRecordOrder = order;
	});

	it('REQUIRED (issue 11 scenario): 1-minute window, 200 records over 200 s, 28 new over 4 polls: each emitted once', async () => {
		const jobId = await createJob();
		const params: INodeParameters = { ...one(jobId), options: { lookbackMinutes: 1 } };
		add(jobId, Array.from({ length: 200 }, (_, i) => T0 + i * SECOND));
		const data: IDataObject = {};
		expect((await poll(params, data)).items).toBeNull(); // activation: starts from now
		const added: number[] = [];
		const emitted: number[] = [];
		for (let k = 0; k < 4; k++) {
			const base = T0 + (200 + k * 7) * SECOND;
			added.push(...add(jobId, Array.from({ length: 7 }, (_, i) => base + i * SECOND)));
			emitted.push(...ids(await poll(params, data)));
		}
		expect((await poll(params, data)).items).toBeNull();
		expect(added).toHaveLength(28);
		expect(emitted.sort((a, b) => a - b)).toEqual([...added].sort((a, b) => a - b));
		expect(cursorOf(data).jobs[String(jobId)].order).toBe(order);
	});

	it('a late result inside the window and a burst above one page are each emitted once', async () => {
		const jobId = await createJob();
		add(jobId, Array.from({ length: 150 }, (_, i) => T0 + i * SECOND));
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const burst = add(jobId, Array.from({ length: 130 }, (_, i) => T0 + (150 + i) * SECOND));
		const late = add(jobId, [T0 + 100 * SECOND]); // started earlier, finished later
		const first = ids(await poll(one(jobId), data));
		expect(first.sort((a, b) => a - b)).toEqual([...burst, ...late].sort((a, b) => a - b));
		expect((await poll(one(jobId), data)).items).toBeNull();
	});

	it('an idle poll is still one request', async () => {
		const jobId = await createJob();
		add(jobId, Array.from({ length: 250 }, (_, i) => T0 + i * SECOND));
		const data: IDataObject = {};
		await poll(one(jobId), data);
		add(jobId, [T0 + 300 * SECOND]);
		await poll(one(jobId), data);
		sim.server.clearLog();
		expect((await poll(one(jobId), data)).items).toBeNull();
		expect(sim.server.requests(LIST)).toHaveLength(1);
	});

	it('Fetch Test Event returns the newest record', async () => {
		const jobId = await createJob();
		const all = add(jobId, Array.from({ length: 150 }, (_, i) => T0 + i * SECOND));
		const manual = await poll(one(jobId), {}, 'manual');
		expect(ids(manual)).toEqual([all[149]]);
	});

	it('records sharing one start time on every page are each emitted once', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const tied = add(jobId, Array.from({ length: 230 }, () => T0));
		expect(ids(await poll(one(jobId), data)).sort((a, b) => a - b)).toEqual([...tied].sort((a, b) => a - b));
		expect((await poll(one(jobId), data)).items).toBeNull();
	});
});

describe('Tanyi Trigger, a list in no start-time order', () => {
	it('REQUIRED: stops with a clear error instead of guessing, and keeps the cursor', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const before = JSON.stringify(data);
		// creation order: each record finished later, but the start times go back and forth
		add(jobId, Array.from({ length: 150 }, (_, i) => T0 + (i % 2 === 0 ? i : 300 - i) * SECOND));
		sim.callRecordOrder = 'createdDesc';
		const result = await trigger.pollOnce(one(jobId), data);
		expect(result.items).toBeNull();
		expect(result.error?.message).toMatch(new RegExp(`Tanyi lists the call records of job ${jobId} in no start-time order`));
		expect((result.error as { description?: string }).description).toMatch(/callback trigger/);
		expect(JSON.stringify(data)).toBe(before);
	});

	it('the walk also refuses a later page that overlaps the one before in time', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		// pages are each sorted, but page 2 starts later than page 1 ends
		const records = Array.from({ length: 200 }, (_, i) => ({ startTime: formatCst(T0 + (i < 100 ? 1000 - i : 2000 - i) * SECOND) }));
		sim.addCallRecords(jobId, records.map((r) => ({ ...r, resultStatus: 'ANSWERED' as const })));
		sim.callRecordOrder = 'createdDesc';
		const result = await trigger.pollOnce(one(jobId), data);
		expect(result.error?.message).toMatch(/no start-time order/);
	});
});
