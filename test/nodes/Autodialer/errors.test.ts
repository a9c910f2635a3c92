/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { NodeApiError } from 'n8n-workflow';
import { jsonOf } from '../../harness/nodeRunner';
import { callsTo, createParams, job, run, sim, useEmulator } from './support';

useEmulator();

describe('Job operations', () => {
	it('reports the vendor message of a 404 and a 422 as a NodeApiError', async () => {
		const missing = await run({ resource: 'job', operation: 'start', jobId: job('no-such-task') });
		expect(missing.error).toBeInstanceOf(NodeApiError);
		expect(missing.error!.message).toBe('Autodialer: Task not found: no-such-task');
		expect((missing.error as NodeApiError).httpCode).toBe('404');

		// a script group the account does not have: only the vendor knows
		const invalid = await run(createParams({ scriptGroupId: '999' }));
		expect(invalid.error).toBeInstanceOf(NodeApiError);
		expect(invalid.error!.message).toMatch(/The selected destination extension is invalid/);
		expect((invalid.error as NodeApiError).httpCode).toBe('422');
		expect(sim.state.tasks).toHaveLength(0);
	});

	it('does not retry a create after a 5xx (outcome unknown), but retries a read', async () => {
		sim.server.injectFault({ path: '/v1/task', response: { status: 502, raw: 'Bad Gateway' } });
		const failed = await run(createParams());
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect((failed.error as NodeApiError).description).toMatch(/outcome unknown/);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task']);

		sim.server.clearLog();
		sim.server.injectFault({ path: '/v1/task', response: { status: 503, body: { message: 'busy' } } });
		expect(jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }))).toEqual([]);
		expect(callsTo()).toEqual(['GET /v1/task', 'GET /v1/task']);
	});
});
