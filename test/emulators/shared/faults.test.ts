/**
 * The shared HTTP base's fault modes, against a bare server whose handler counts what it carried
 * out: which faults carry the request out, which answer, on which matching request.
 */
import * as http from 'node:http';
import { SimServer, type FaultMode } from './http';

let server: SimServer;
let carriedOut = 0;

beforeAll(async () => {
	server = new SimServer(() => {
		carriedOut += 1;
		return { status: 200, body: { ok: true, n: carriedOut } };
	});
	server.internalError = () => ({ status: 200, body: { code: 500, resultMsg: 'unknown error' } });
	await server.start();
});
afterAll(() => server.close());
beforeEach(() => {
	carriedOut = 0;
	server.clearFaults();
	server.clearLog();
});

/** one request on a fresh connection: the status and body, or the socket error */
function call(path: string, timeoutMs = 5_000): Promise<{ status?: number; body?: string; error?: string }> {
	return new Promise((resolve) => {
		const req = http.request(`${server.url}${path}`, { method: 'POST', agent: false, timeout: timeoutMs }, (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode, body }));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
		req.end('{}');
	});
}

describe('fault modes', () => {
	const cases: Array<[FaultMode, boolean, (r: { status?: number; body?: string; error?: string }) => void]> = [
		['reset', false, (r) => expect(r.error).toBe('ECONNRESET')],
		['commit-then-500', true, (r) => expect(r.status).toBe(500)],
		['commit-then-reset', true, (r) => expect(r.error).toBe('ECONNRESET')],
		['commit-then-envelope-error', true, (r) => expect([r.status, JSON.parse(r.body!).code]).toEqual([200, 500])],
	];
	it.each(cases)('%s: carried out = %s', async (mode, carried, check) => {
		server.injectFault({ path: '/import', mode });
		check(await call('/import'));
		expect(carriedOut).toBe(carried ? 1 : 0);
		expect(await call('/import')).toMatchObject({ status: 200 });
	});

	it('delay: carried out after the delay, even when the client gave up before', async () => {
		server.injectFault({ path: '/import', mode: 'delay', delayMs: 300 });
		const r = await call('/import', 100);
		expect(r.error).toBeDefined();
		expect(carriedOut).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(carriedOut).toBe(1);
	});

	it('hits the Nth matching request and the ones after it (times); other paths do not count', async () => {
		server.injectFault({ path: '/import', nth: 3, times: 2, mode: 'commit-then-500' });
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			await call('/other');
			statuses.push((await call('/import')).status!);
		}
		expect(statuses).toEqual([200, 200, 500, 500, 200, 200]);
		expect(server.pendingFaults).toBe(0);
	});

	it('two faults on one path both count every matching request', async () => {
		server.injectFault({ path: '/import', nth: 2, mode: 'commit-then-500' });
		server.injectFault({ path: '/import', nth: 3, times: 2, mode: 'reset' });
		const results = [];
		for (let i = 0; i < 5; i++) results.push(await call('/import'));
		expect(results.map((r) => r.status ?? r.error)).toEqual([200, 500, 'ECONNRESET', 'ECONNRESET', 200]);
		expect(carriedOut).toBe(3);
	});

	it('can be armed over HTTP by another process (/__sim/fault), and counts connections', async () => {
		const before = server.connections;
		const armed = await new Promise<number>((resolve) => {
			const req = http.request(`${server.url}/__sim/fault`, { method: 'POST', agent: false }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode!));
			});
			req.end(JSON.stringify({ path: '/import', mode: 'commit-then-500' }));
		});
		expect(armed).toBe(200);
		expect((await call('/import')).status).toBe(500);
		expect(carriedOut).toBe(1);
		expect(server.connections - before).toBe(2);
	});
});
