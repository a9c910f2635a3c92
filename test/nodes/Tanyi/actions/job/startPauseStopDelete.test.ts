/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('starts, pauses, stops and deletes', async () => {
		const id = await createJob();
		await importLeads(id, 3);
		for (const [operation, status] of [
			['start', 'IN_PROCESS'],
			['pause', 'USER_PAUSE'],
			['start', 'IN_PROCESS'],
			['stop', 'TERMINATE'],
		]) {
			const [out] = jsonOf(await run({ resource: 'job', operation, jobId: job(id) }));
			expect(out).toEqual({ success: true, robotCallJobId: id });
			expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.status).toBe(status);
		}
		expect(jsonOf(await run({ resource: 'job', operation: 'delete', jobId: job(id) }))).toEqual([{ deleted: true, robotCallJobId: id }]);
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)).toBeUndefined();
	});
});
