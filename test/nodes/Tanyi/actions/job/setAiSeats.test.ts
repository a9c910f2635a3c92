/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('sets the AI seats', async () => {
		const id = await createJob();
		jsonOf(await run({ resource: 'job', operation: 'setAiSeats', jobId: job(id), robotCount: 5 }));
		expect(sim.server.requests('/job/updateAiCount')[0].body).toEqual({ robotCallJobId: id, robotCount: 5 });
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.robotCount).toBe(5);
	});
});
