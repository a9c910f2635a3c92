/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import { api, client, sim, TOKEN, useEmulator, validTask, withSim } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('authentication', () => {
		it('accepts the Bearer token and exposes matching credentials', async () => {
			expect(sim.credentials).toEqual({
				baseUrl: sim.url,
				apiToken: TOKEN,
				headerName: 'Authorization',
				headerPrefix: 'Bearer ',
			});
			const res = await api('GET', '/v1/task');
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ data: [] });
		});

		it('matches the header name case-insensitively', async () => {
			const res = await client(sim, { AUTHORIZATION: `Bearer ${TOKEN}` })('GET', '/v1/task');
			expect(res.status).toBe(200);
		});

		it('answers 401 {message} without a token', async () => {
			const res = await client(sim, {})('GET', '/v1/task');
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ message: 'Unauthenticated.' });
		});

		it('answers 401 for a wrong token, a missing prefix, or the token in another header', async () => {
			const attempts: Array<Record<string, string>> = [
				{ Authorization: 'Bearer wrong-token' },
				{ Authorization: TOKEN },
				{ 'X-Api-Token': `Bearer ${TOKEN}` },
				{ Authorization: `Bearer ${TOKEN}x` },
			];
			for (const auth of attempts) {
				const res = await client(sim, auth)('GET', '/v1/task/create');
				expect(res.status).toBe(401);
				expect(res.json.message).toBe('Unauthenticated.');
			}
			// no state change happened for an unauthenticated create
			const res = await client(sim, {})('POST', '/v1/task', validTask());
			expect(res.status).toBe(401);
			expect(sim.state.tasks).toHaveLength(0);
		});

		it('supports a custom header name and prefix', async () => {
			await withSim({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123' }, async (custom) => {
				expect(custom.credentials).toMatchObject({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123' });
				expect((await client(custom, { 'x-api-key': 'k-123' })('GET', '/v1/task')).status).toBe(200);
				expect((await client(custom, { Authorization: 'Bearer k-123' })('GET', '/v1/task')).status).toBe(401);
				expect((await client(custom, { 'X-Api-Key': 'Bearer k-123' })('GET', '/v1/task')).status).toBe(401);
			});
			await withSim({ headerName: 'token', headerPrefix: 'Token ', apiToken: 'abc' }, async (custom) => {
				expect((await client(custom, { token: 'Token abc' })('GET', '/v1/task')).status).toBe(200);
				expect((await client(custom, { token: 'abc' })('GET', '/v1/task')).status).toBe(401);
			});
		});

		it('html-login mode answers HTTP 200 with an HTML login page', async () => {
			await withSim({ unauthenticatedMode: 'html-login' }, async (html) => {
				const res = await client(html, { Authorization: 'Bearer nope' })('GET', '/v1/task');
				expect(res.status).toBe(200);
				expect(res.contentType).toMatch(/^text\/html/);
				expect(res.json).toBeUndefined();
				expect(res.text).toMatch(/<form[^>]+action="\/login"/);
				expect(res.text).toContain('type="password"');
				// with the right token the same server answers JSON
				const ok = await client(html)('GET', '/v1/task');
				expect(ok.status).toBe(200);
				expect(ok.json).toEqual({ data: [] });
			});
		});
	});
});
