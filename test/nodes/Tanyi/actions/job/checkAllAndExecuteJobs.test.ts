/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('checks jobs and then starts the executable ones in bulk', async () => {
		const a = await createJob({ name: 'A' });
		const b = await createJob({ name: 'B' });
		const [check] = jsonOf(
			await run({ resource: 'job', operation: 'checkAll', bulkOperation: 'START', robotCallJobIdSet: [String(a), String(b)] }),
		);
		expect((check.executable as IDataObject[]).map((j) => j.robotCallJobId).sort()).toEqual([a, b].sort());
		const result = await run(
			{ resource: 'job', operation: 'executeJobs', bulkOperation: 'START', executable: '={{ $json.executable }}' },
			[{ json: check }],
		);
		expect(result.error).toBeUndefined();
		expect(sim.server.requests('/job/executeJobs')).toHaveLength(1);
		// the vendor answers [] when nothing failed: still one summary item, so the workflow goes on
		expect(result.items.map((i) => i.json)).toEqual([{ operation: 'START', requested: 2, failedCount: 0, failed: [] }]);
		expect(sim.state.jobs.filter((j) => [a, b].includes(j.robotCallJobId)).map((j) => j.status)).toEqual([
			'IN_PROCESS',
			'IN_PROCESS',
		]);
	});
});
