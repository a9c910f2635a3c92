/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('gets stats with a bare JSON array body, one item per job', async () => {
		const a = await createJob();
		await importLeads(a, 4);
		const out = jsonOf(await run({ resource: 'job', operation: 'getStats', jobIds: String(a) }));
		expect(sim.server.requests('/job/getJobStatsInfoList')[0].body).toEqual([String(a)]);
		expect(out).toEqual([{ robotCallJobId: a, taskTotal: 4, taskCompleted: 0 }]);
	});
});
