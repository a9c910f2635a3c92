/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { startAutodialerSimulator } from '../../../../emulators/autodialer';
import { jsonOf } from '../../../../harness/nodeRunner';
import { callsTo, createJob, createParams, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job operations', () => {
	it('starts, pauses (GET /v1/task/stop) and deletes a task', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const [started] = jsonOf(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }));
		expect(started).toMatchObject({ uuid, start: 1 });
		expect(sim.task(uuid)?.start).toBe(1);
		const [paused] = jsonOf(await run({ resource: 'job', operation: 'pause', jobId: job(uuid) }));
		expect(paused).toMatchObject({ uuid, start: 0 });
		expect(sim.task(uuid)?.start).toBe(0);
		const [deleted] = jsonOf(await run({ resource: 'job', operation: 'delete', jobId: job(uuid) }));
		expect(deleted).toEqual({ deleted: true, uuid, message: 'ok' });
		expect(sim.task(uuid)).toBeUndefined();
		expect(callsTo()).toEqual([`GET /v1/task/start/${uuid}`, `GET /v1/task/stop/${uuid}`, `GET /v1/task/destroy/${uuid}`]);
	});

	it('summarises start/pause when the platform answers with an empty body', async () => {
		const quiet = await startAutodialerSimulator({ actionReply: 'empty', callsPerSecond: 0 });
		try {
			const [out] = jsonOf(await run(createParams(), undefined, { target: quiet }));
			const uuid = String(out.uuid);
			expect(jsonOf(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }, undefined, { target: quiet }))).toEqual([
				{ success: true, uuid, start: 1 },
			]);
			expect(quiet.task(uuid)?.start).toBe(1);
		} finally {
			await quiet.close();
		}
	});
});
