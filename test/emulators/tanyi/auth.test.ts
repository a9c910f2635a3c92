/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { startTanyiSimulator, tanyiSignature } from '.';
import { call, headersFor, jobBody, sign, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('authentication', () => {
		it('reproduces the worked example of VENDORS.md', () => {
			expect(tanyiSignature('demoAppKey123456', 'demoAppSecret0123456789abcdefghi', 'demotenant', '1557747252783')).toBe(
				'003ebb1200cf8e645215783ef7e39d40b9c03b0970b13a79ea20b4c0b2b12505',
			);
		});

		it('accepts the worked example headers when the clock is near the example timestamp', async () => {
			const demo = await startTanyiSimulator({
				appKey: 'demoAppKey123456',
				appSecret: 'demoAppSecret0123456789abcdefghi',
				tenantSign: 'demotenant',
				now: () => 1557747252783 + 60_000,
			});
			try {
				const headers = {
					appKey: 'demoAppKey123456',
					tenantSign: 'demotenant',
					version: 'v1',
					timestamp: '1557747252783',
					signature: '003ebb1200cf8e645215783ef7e39d40b9c03b0970b13a79ea20b4c0b2b12505',
				};
				const ok = await call(demo, 'GET', '/tenant/getTenant', undefined, { headers });
				expect(ok.status).toBe(200);
				expect(ok.json.code).toBe(200);
				expect(ok.json.data).toEqual({ tenantId: 1, tenantName: expect.any(String) });
				// one digit off in the signature → refused
				const bad = await call(demo, 'GET', '/tenant/getTenant', undefined, {
					headers: { ...headers, signature: headers.signature.replace(/^0/, '1') },
				});
				expect(bad.json.code).toBe(401);
			} finally {
				await demo.close();
			}
		});

		it('refuses missing, wrong, upper-case, stale and second-based signatures with HTTP 200 + code 401', async () => {
			const good = headersFor(sim);
			const variants: Array<Record<string, string>> = [
				(({ signature: _s, ...rest }) => rest)(good),
				{ ...good, signature: sign({ ...sim.credentials, appSecret: 'wrong' }, good.timestamp) },
				{ ...good, signature: good.signature.toUpperCase() },
				{ ...good, appKey: 'otherKey', signature: sign({ ...sim.credentials, appKey: 'otherKey' }, good.timestamp) },
				{ ...good, version: 'v2' },
				headersFor(sim, Date.now() - 6 * 60_000),
				(() => {
					const ts = String(Math.floor(Date.now() / 1000));
					return { ...good, timestamp: ts, signature: sign(sim.credentials, ts) };
				})(),
			];
			for (const headers of variants) {
				const { status, json } = await call(sim, 'GET', '/tenant/getTenant', undefined, { headers });
				expect(status).toBe(200);
				expect(json).toEqual({ code: 401, data: null, requestId: expect.any(String), resultMsg: expect.any(String), errorStackTrace: null });
			}
			const ok = await call(sim, 'GET', '/tenant/getTenant');
			expect(ok.json.code).toBe(200);
		});

		it('refuses a request that sends appSecret as a header even when the signature is right', async () => {
			const { json } = await call(sim, 'GET', '/tenant/getTenant', undefined, {
				headers: { ...headersFor(sim), appSecret: sim.credentials.appSecret },
			});
			expect(json.code).toBe(401);
			expect(json.resultMsg).toMatch(/appSecret/);
		});

		it('answers a wrong method with 405 and an unknown path with 404', async () => {
			const wrong = await call(sim, 'GET', '/job/create');
			expect(wrong.status).toBe(405);
			expect(wrong.json.code).toBe(405);
			const put = await call(sim, 'POST', '/job/modify', jobBody({ robotCallJobId: 1 }));
			expect(put.status).toBe(405);
			const unknown = await call(sim, 'GET', '/job/nothing');
			expect(unknown.status).toBe(404);
			expect(unknown.json.code).toBe(404);
		});
	});
});
