/**
 * The runner's paged reads through a real node (Tanyi's call record list, newest first) against
 * the emulator: Return All reads later pages in parallel and emits each record once while new
 * records arrive during the walk.
 */
import type { IDataObject } from 'n8n-workflow';
import { jsonOf } from '../../harness/nodeRunner';
import { createJob, job, run, sim, useEmulator } from '../Tanyi/support';

useEmulator();

const LIST = '/callRecord/getCallRecordInfoList';

async function jobWithRecords(n: number): Promise<number> {
	const id = await createJob();
	const t0 = Date.parse('2026-03-01T09:00:00+08:00');
	sim.addCallRecords(id, Array.from({ length: n }, (_, i) => ({ startTime: t0 + i * 1_000 }) as never));
	sim.server.clearLog();
	return id;
}

it('Return All while 5 records arrive: each record once, none of those present at the start missing', async () => {
	const id = await jobWithRecords(1_050);
	const before = new Set(sim.state.callRecords.map((r) => r.callRecordId));
	let added = false;
	// when page 3 is asked for, 5 newer calls finish: every later page shifts by 5
	sim.server.injectFault({
		path: (req) => {
			if (!added && req.path.endsWith(LIST) && (req.json as IDataObject).pageNum === 3) {
				added = true;
				sim.addCallRecords(id, Array.from({ length: 5 }, (_, i) => ({ startTime: Date.parse('2026-03-02T09:00:00+08:00') + i }) as never));
			}
			return false;
		},
		times: 1_000,
	});
	const out = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), returnAll: true, parallelPages: 4, simplify: false }));
	const ids = out.map((r) => r.callRecordId);
	expect(new Set(ids).size).toBe(ids.length);
	expect([...before].every((r) => ids.includes(r))).toBe(true);
	expect(ids).toHaveLength(1_050);
	const pages = sim.server.requests(LIST).map((r) => (r.body as IDataObject).pageNum);
	expect([...pages].sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});

it('Return All one page at a time when asked (Parallel Page Requests 1), the same records', async () => {
	const id = await jobWithRecords(250);
	const out = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), returnAll: true, parallelPages: 1, simplify: false }));
	expect(out).toHaveLength(250);
	expect(sim.server.requests(LIST).map((r) => (r.body as IDataObject).pageNum)).toEqual([1, 2, 3]);
});
