/**
 * The Tanyi Trigger driven through n8n-core's PollContext against the Tanyi emulator: the time
 * cursor (core/poll/timeCursor.ts) over a list ordered by start time.
 */
import type { IDataObject } from 'n8n-workflow';
import { formatCst } from '../../../emulators/shared/http';
import { add, createJob, cursorOf, ids, LIST, MIN, one, poll, sim, T0, trigger, useEmulator } from './support';

useEmulator();

describe('Tanyi Trigger: no duplicates, no gaps', () => {
	it('records sharing a start time across polls are each emitted once', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const a = add(jobId, [T0, T0, T0]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(a.sort());
		const b = add(jobId, [T0, T0]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(b.sort());
		expect((await poll(one(jobId), data)).items).toBeNull();
	});

	it('a late result that started earlier is emitted inside the window, not outside it', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data);
		add(jobId, [T0 + 60 * MIN]);
		expect((await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data)).items).toHaveLength(1);
		const inside = add(jobId, [T0 + 35 * MIN]); // started 25 min before the newest seen
		const outside = add(jobId, [T0 + 20 * MIN]); // 40 min before: beyond the 30 min window
		const result = await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data);
		expect(ids(result)).toEqual(inside);
		expect(ids(result)).not.toContain(outside[0]);
		// the seen-id memory holds only records inside the window
		const seen = cursorOf(data).jobs[String(jobId)].seen!;
		expect(Object.keys(seen).map(Number).sort()).toEqual(
			sim.state.callRecords.filter((r) => r.startTime >= formatCst(T0 + 30 * MIN)).map((r) => r.callRecordId).sort(),
		);
	});

	it('pages through more new records than one page holds (100)', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		sim.server.clearLog();
		const added = add(jobId, Array.from({ length: 250 }, (_, i) => T0 + Math.floor(i / 3) * 1000));
		const result = await poll(one(jobId), data);
		expect(ids(result).sort()).toEqual(added.sort());
		expect(new Set(ids(result)).size).toBe(250);
		// one probe (page size 1), then pages of 100 from the newest down
		const sizes = sim.server.requests(LIST).map((r) => (r.body as IDataObject).pageSize);
		expect(sizes).toEqual([1, 100, 100, 100]);
	});

	it('survives a restart from a JSON copy of static data, and a failed poll changes nothing', async () => {
		const jobId = await createJob();
		let data: IDataObject = {};
		await poll(one(jobId), data);
		const a = add(jobId, Array.from({ length: 150 }, (_, i) => T0 + i * 1000));
		// page 2 fails (HTTP 200, envelope code 500): the poll throws and the cursor stays
		sim.server.injectFault({
			path: (req) => req.path.endsWith(LIST) && (req.json as IDataObject).pageNum === 2,
			times: 1,
			response: { status: 200, body: { code: 500, resultMsg: 'boom', data: null } },
		});
		const before = JSON.stringify(data);
		const failed = await trigger.pollOnce(one(jobId), data);
		expect(failed.error?.message).toMatch(/boom/);
		expect(JSON.stringify(data)).toBe(before);

		data = JSON.parse(JSON.stringify(data)) as IDataObject; // restart
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(a.sort());
		data = JSON.parse(JSON.stringify(data)) as IDataObject; // restart again
		const b = add(jobId, [T0 + 10 * 1000, T0 + 200 * 1000]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(b.sort());
	});

	it('when n8n\'s poll budget runs short it returns what it has and the next poll continues', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const before = cursorOf(data).jobs[String(jobId)];
		const added = add(jobId, Array.from({ length: 250 }, (_, i) => T0 + i * 1000));
		// the clock jumps 4 minutes while page 1 is served (the budget is 5 minutes, 60% used)
		const realNow = Date.now.bind(Date);
		let offset = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		sim.server.injectFault({
			path: (req) => {
				if (req.path.endsWith(LIST) && (req.json as IDataObject).pageSize === 100) offset = 4 * MIN;
				return false;
			},
			times: 1_000,
		});
		try {
			const first = await poll(one(jobId), data);
			sim.server.clearFaults();
			expect(first.items).toHaveLength(100);
			const partial = cursorOf(data).jobs[String(jobId)];
			expect(partial.newest).toBe(before.newest);
			expect(partial.total).toBe(before.total);
			const second = await poll(one(jobId), data);
			const all = [...ids(first), ...ids(second)];
			expect(new Set(all).size).toBe(250);
			expect(all.sort()).toEqual([...added].sort());
			expect((await poll(one(jobId), data)).items).toBeNull();
		} finally {
			clock.mockRestore();
		}
	});

	it('REQUIRED: 1,000 records over 20 polls with ties, late results and arrivals mid-poll are emitted exactly once', async () => {
		const jobId = await createJob();
		let data: IDataObject = {};
		await poll(one(jobId), data);
		const injected: number[] = [];
		const emitted: number[] = [];
		// a deterministic mix per poll: bursts above one page, start-time ties, late results
		// (started up to 20 min before records already emitted) and quiet polls
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const counts = [30, 0, 120, 45, 60, 0, 210, 15, 40, 55, 35, 0, 90, 25, 50, 45, 20, 60, 40, 60];
		expect(counts.reduce((s, n) => s + n, 0)).toBe(1000);
		let midPoll = 0;
		for (let k = 0; k < 20; k++) {
			const now = T0 + k * 5 * MIN;
			const starts = Array.from({ length: counts[k] }, (_, i) => {
				const r = rand();
				if (r < 0.3) return now; // a tie with many others
				if (r < 0.5) return now - Math.floor(rand() * 20) * MIN; // late: started earlier
				return now + Math.floor(rand() * 120) * 1000;
			});
			// a third of them arrive while the poll is paging (between its first and second full page)
			const early = starts.slice(0, Math.ceil((starts.length * 2) / 3));
			const late = starts.slice(early.length);
			injected.push(...add(jobId, early));
			let pending = late;
			sim.server.injectFault({
				path: (req) => {
					const body = req.json as IDataObject;
					if (pending.length > 0 && req.path.endsWith(LIST) && body.pageSize === 100 && body.pageNum === 2) {
						injected.push(...add(jobId, pending));
						midPoll += pending.length;
						pending = [];
					}
					return false;
				},
				times: Number.POSITIVE_INFINITY,
			});
			const presentAtStart = [...injected];
			const result = await poll({ ...one(jobId), options: { lookbackMinutes: 60 } }, data);
			sim.server.clearFaults();
			emitted.push(...ids(result));
			// nothing that existed when the poll began is left for a later poll
			const soFar = new Set(emitted);
			expect(presentAtStart.filter((id) => !soFar.has(id))).toEqual([]);
			if (pending.length > 0) {
				// the walk had a single page: they arrive after the poll instead
				injected.push(...add(jobId, pending));
			}
			// restart every 5 polls (each runPoll builds a new Workflow from the stored JSON anyway)
			if (k % 5 === 4) data = JSON.parse(JSON.stringify(data)) as IDataObject;
		}
		const last = await poll(one(jobId), data);
		emitted.push(...ids(last));
		expect((await poll(one(jobId), data)).items).toBeNull();

		expect(injected).toHaveLength(1000);
		expect(midPoll).toBeGreaterThan(100);
		expect(new Set(emitted).size).toBe(emitted.length); // no duplicates
		expect([...emitted].sort((x, y) => x - y)).toEqual([...injected].sort((x, y) => x - y));
		const ties = new Map<string, number>();
		for (const r of sim.state.callRecords) ties.set(r.startTime, (ties.get(r.startTime) ?? 0) + 1);
		expect(Math.max(...ties.values())).toBeGreaterThan(10);
	});
});
