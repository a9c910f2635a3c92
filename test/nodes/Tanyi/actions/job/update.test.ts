/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { createJob, createParams, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('updates a job with PATCH /job/modify', async () => {
		const id = await createJob();
		const result = await run({ ...createParams({ name: 'Renamed', robotCount: 3 }), operation: 'update', jobId: job(id) });
		expect(result.error).toBeUndefined();
		const modify = sim.server.requests('/job/modify')[0];
		expect(modify.method).toBe('PATCH');
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)).toMatchObject({ name: 'Renamed', robotCount: 3 });
	});
});
