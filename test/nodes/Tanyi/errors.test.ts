/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { inspect } from 'node:util';
import { createJob, createParams, job, phones, run, sim, useEmulator } from './support';

useEmulator();

describe('Vendor errors and secrets', () => {
	it('surfaces an HTTP 200 {code != 200} as a NodeApiError with code, message, requestId and endpoint', async () => {
		const result = await run({ resource: 'job', operation: 'start', jobId: job(999999) });
		const error = result.error as unknown as { message: string; description: string; context?: unknown };
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Tanyi: /);
		expect(error.description).toMatch(/vendor code 404/);
		expect(error.description).toMatch(/requestId [A-Z]{8}/);
		expect(error.description).toMatch(/endpoint POST \/job\/start/);
	});

	it('reports a wrong secret as the vendor’s 401 and never shows the secret or signature', async () => {
		const secret = 'wrong-secret-value-42';
		const result = await run({ resource: 'job', operation: 'getMany', limit: 5 }, [{ json: {} }], { credentials: { appSecret: secret } });
		const error = result.error as unknown as { description: string };
		expect(error.description).toMatch(/vendor code 401/);
		const signatures = sim.server.log.map((r) => String(r.headers.signature));
		const everything = JSON.stringify({ error: result.error, engineError: result.engineError, items: result.items, logs: result.logs });
		expect(everything).not.toContain(secret);
		expect(everything).not.toContain(sim.credentials.appSecret);
		for (const signature of signatures) expect(everything).not.toContain(signature);
	});

	it('keeps secrets out of successful outputs and of error items', async () => {
		const id = await createJob();
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id) }, [{ json: { phone: 'bad' } }, ...phones(1)], {
			continueOnFail: true,
		});
		const signatures = sim.server.log.map((r) => String(r.headers.signature));
		const everything = JSON.stringify({ items: result.items, logs: result.logs });
		expect(everything).not.toContain(sim.credentials.appSecret);
		for (const signature of signatures) expect(everything).not.toContain(signature);
		expect(sim.server.log.every((r) => r.headers.appsecret === undefined)).toBe(true);
	});

	it('keeps the secret and the signature headers out of a network error and a vendor error', async () => {
		// connections reset on every attempt of a read, and a vendor refusal
		sim.server.injectFault({ path: '/job/getJobs', mode: 'reset', times: 3 });
		const network = await run({ resource: 'job', operation: 'getMany', limit: 5 });
		const vendor = await run({ resource: 'job', operation: 'start', jobId: job(999999) });
		expect(String(network.error?.message)).toMatch(/ECONNRESET/);
		// a read is repeated, so its error must not claim it was held back to avoid a duplicate
		const networkDescription = String((network.error as unknown as { description: string }).description);
		expect(networkDescription).toMatch(/outcome unknown after 3 attempts: .*repeating it is safe/);
		expect(networkDescription).not.toMatch(/not retried/);
		expect(String((vendor.error as unknown as { description: string }).description)).toMatch(/vendor code 404/);
		const sent = sim.server.log.map((r) => r.headers);
		expect(sent).toHaveLength(4);
		const everything = [network, vendor]
			.map((r) => [inspect(r.error, { depth: 8 }), JSON.stringify(r.engineError ?? null), JSON.stringify(r.items), r.logs.join('\n')].join('\n'))
			.join('\n');
		expect(everything).not.toContain(sim.credentials.appSecret);
		for (const headers of sent) {
			// each request was signed afresh (n8n's helper no longer signs: transport.ts does)
			expect(String(headers.signature)).toMatch(/^[0-9a-f]{64}$/);
			expect(everything).not.toContain(String(headers.signature));
			expect(everything).not.toContain(`timestamp: '${String(headers.timestamp)}'`);
		}
	});

	it('retries an idempotent read after a 5xx but never a create', async () => {
		sim.server.injectFault({ path: '/job/getJobs', response: { status: 503, raw: 'busy' } });
		const result = await run({ resource: 'job', operation: 'getMany', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(sim.server.requests('/job/getJobs')).toHaveLength(2);
		sim.server.clearLog();
		sim.server.injectFault({ path: '/job/create', response: { status: 502, raw: 'bad gateway' } });
		const create = await run(createParams());
		expect(sim.server.requests('/job/create')).toHaveLength(1);
		expect(String((create.error as unknown as { description: string }).description)).toMatch(/outcome unknown/);
	});
});
