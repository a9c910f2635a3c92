/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { NodeApiError } from 'n8n-workflow';
import { startAutodialerSimulator } from '../../emulators/autodialer';
import { jsonOf } from '../../harness/nodeRunner';
import { callsTo, createJob, createParams, job, run, sim, useEmulator } from './support';

useEmulator();

describe('authentication failures and non-JSON answers', () => {
	it('a wrong token gives a clear 401 error and sends nothing else', async () => {
		const result = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
			credentials: { apiToken: 'wrong-token-123' },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toBe('Autodialer: Unauthenticated.');
		expect((result.error as NodeApiError).httpCode).toBe('401');
		expect(callsTo()).toEqual(['GET /v1/task']);
	});

	it('a custom header name and prefix reach the platform', async () => {
		const custom = await startAutodialerSimulator({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123', callsPerSecond: 0 });
		try {
			expect(jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target: custom }))).toEqual([]);
			expect(custom.server.log[0].headers['x-api-key']).toBe('k-123');
			const wrong = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
				target: custom,
				credentials: { headerName: 'Authorization', headerPrefix: 'Bearer ' },
			});
			expect(wrong.error!.message).toBe('Autodialer: Unauthenticated.');
		} finally {
			await custom.close();
		}
	});

	it('an HTML login page (HTTP 200) is an error, not data, and no create is sent', async () => {
		const html = await startAutodialerSimulator({ unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const list = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
				target: html,
				credentials: { apiToken: 'expired' },
			});
			expect(list.error).toBeInstanceOf(NodeApiError);
			expect(list.error!.message).toMatch(/HTML page instead of JSON .*login page.*API token/);
			expect(list.items).toEqual([]);

			const create = await run(createParams(), undefined, { target: html, credentials: { apiToken: 'expired' } });
			expect(create.error!.message).toMatch(/HTML page instead of JSON/);
			expect(callsTo(html)).toEqual(['GET /v1/task', 'GET /v1/task/create']);
			expect(html.state.tasks).toHaveLength(0);
		} finally {
			await html.close();
		}
	});

	it('a 200 with a non-JSON body is an error', async () => {
		const uuid = await createJob();
		sim.server.injectFault({ path: `/v1/task/start/${uuid}`, response: { status: 200, raw: 'started, thanks' } });
		const result = await run({ resource: 'job', operation: 'start', jobId: job(uuid) });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toBe('Autodialer: answered with a non-JSON body: started, thanks');
		expect((result.error as NodeApiError).description).toMatch(`endpoint GET /v1/task/start/${uuid}`);
	});
});
