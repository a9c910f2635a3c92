/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('lists jobs with Return All across pages', async () => {
		for (let i = 0; i < 3; i++) await createJob({ name: `Job ${i}` });
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }));
		expect(out).toHaveLength(3);
		expect(sim.server.requests('/job/getJobs')[0].query).toMatchObject({ pageNum: '1', pageSize: '100' });
	});
});
