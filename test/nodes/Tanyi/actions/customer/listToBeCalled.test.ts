/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Customer', () => {
	it('lists to-be-called customers with Limit using the fewest requests', async () => {
		const id = await createJob();
		await importLeads(id, 30);
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'customer', operation: 'listToBeCalled', jobId: job(id), returnAll: false, limit: 25 }));
		expect(out).toHaveLength(25);
		const requests = sim.server.requests('/callRecord/toBeCalledList');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toMatchObject({ pageNum: '1', pageSize: '25', robotCallJobId: String(id) });
	});

	it('lists all to-be-called customers across pages and filters by status', async () => {
		const id = await createJob();
		await importLeads(id, 230);
		sim.server.clearLog();
		const out = jsonOf(
			await run({ resource: 'customer', operation: 'listToBeCalled', jobId: job(id), returnAll: true, filters: { taskStatus: 'NOT_STARTED' } }),
		);
		expect(out).toHaveLength(230);
		expect(new Set(out.map((o) => o.robotCallTaskId)).size).toBe(230);
		expect(sim.server.requests('/callRecord/toBeCalledList').map((r) => r.query.pageNum)).toEqual(['1', '2', '3']);
	});
});
