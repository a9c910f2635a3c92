/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { startAutodialerSimulator } from '../../emulators/autodialer';
import { allLogs, type RunNodeResult } from '../../harness';
import { createParams, importParams, job, phones, run, useEmulator, visible } from './support';

useEmulator();

describe('secrecy', () => {
	it('the token never appears in outputs, errors or logs', async () => {
		const secret = 'sk-SUPER-secret-token-987';
		const target = await startAutodialerSimulator({ apiToken: secret, callsPerSecond: 0 });
		const html = await startAutodialerSimulator({ apiToken: secret, unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const results: RunNodeResult[] = [];
			results.push(await run(createParams(), undefined, { target }));
			const uuid = String(results[0].items[0].json.uuid);
			results.push(await run(importParams(uuid), phones(3), { target }));
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target }));
			// failures: wrong token (401), 5xx, reset connections, non-JSON, HTML login page, continue-on-fail items
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target, credentials: { apiToken: `${secret}-x` } }));
			target.server.injectFault({ path: '/v1/task', response: { status: 500, raw: 'boom' }, times: 3 });
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target }));
			target.server.injectFault({ path: '/v1/task', mode: 'reset', times: 3 });
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target }));
			target.server.injectFault({ path: `/v1/task/start/${uuid}`, response: { status: 200, raw: 'plain' } });
			results.push(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }, undefined, { target }));
			results.push(await run({ resource: 'job', operation: 'start', jobId: job('nope') }, undefined, { target, continueOnFail: true }));
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target: html, credentials: { apiToken: `${secret}-old` } }));
			expect(results.filter((r) => r.error)).toHaveLength(5);
			expect(visible(results[5])).toMatch(/ECONNRESET/);
			for (const result of results) expect(visible(result)).not.toContain(secret);
			expect(allLogs().join('\n')).not.toContain(secret);
			// the token did travel where it belongs
			expect(target.server.log[0].headers.authorization).toBe(`Bearer ${secret}`);
		} finally {
			await target.close();
			await html.close();
		}
	});
});
