/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { callsTo, createJob, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job operations', () => {
	it('gets many tasks from {data: [...]}, with a limit', async () => {
		for (const name of ['one', 'two', 'three']) await createJob({ name });
		sim.server.clearLog();
		const all = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }));
		expect(all.map((t) => t.name)).toEqual(['one', 'two', 'three']);
		expect(all[0]).toHaveProperty('caller_line');
		const two = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: false, limit: 2 }));
		expect(two.map((t) => t.name)).toEqual(['one', 'two']);
		expect(callsTo()).toEqual(['GET /v1/task', 'GET /v1/task']);
	});

	it('follows Laravel pages when the platform pages the list', async () => {
		for (let i = 0; i < 5; i++) await createJob({ name: `t${i}` });
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: false, limit: 2 }));
		expect(out.map((t) => t.name)).toEqual(['t0', 't1']);
		expect(sim.server.log[0].query).toEqual({ page: '1', per_page: '2' });
	});
});
