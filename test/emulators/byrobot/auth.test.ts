/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { byrobotSign, startByrobotSimulator } from '.';
import { api, type CallOpts, client, sign, sim, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('authentication', () => {
		it('reproduces the worked signature example', () => {
			const dt = 'Thu, 13 Dec 2018 01:27:17 GMT';
			expect(byrobotSign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', dt)).toBe('TY9w/1yinyN8oYCfSrYjVMvcDiA=');
			expect(sign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', dt)).toBe('TY9w/1yinyN8oYCfSrYjVMvcDiA=');
		});

		it('accepts a correctly signed request and lists only the companies of the key', async () => {
			const r = await api('GET', `${V1}/company/getCompanys`);
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(200);
			expect(r.json.data.map((c: { companyId: number }) => c.companyId)).toEqual([1001, 1002]);
			expect(Object.keys(r.json)).toEqual(['code', 'data', 'resultMsg', 'errorStackTrace', 'requestId']);
			expect(sim.credentials.companyId).toBe(1001);
			expect(sim.credentials.baseUrl).toBe(sim.url);
		});

		it('answers HTTP 200 with code 401 for a bad or missing signature or key', async () => {
			for (const o of [{ sign: 'AAAA' }, { omit: ['sign'] as const }, { appkey: 'other' }, { omit: ['appkey'] as const }]) {
				const r = await api('GET', `${V1}/company/getCompanys`, undefined, o as CallOpts);
				expect(r.status).toBe(200);
				expect(r.json.code).toBe(401);
				expect(r.json.data).toBeNull();
			}
			// signed with the wrong secret
			const dt = new Date().toUTCString();
			const r = await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: dt, sign: sign(sim.credentials.appKey, 'wrong', dt) });
			expect(r.json.code).toBe(401);
		});

		it('answers 408 for a datetime more than 3 minutes off or not RFC 1123', async () => {
			const old = new Date(Date.now() - 4 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: old })).json.code).toBe(408);
			const future = new Date(Date.now() + 4 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: future })).json.code).toBe(408);
			const iso = new Date().toISOString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: iso })).json.code).toBe(408);
			const fine = new Date(Date.now() - 2 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: fine })).json.code).toBe(200);
		});

		it('uses the server clock (controllable) for the skew check', async () => {
			const clock = { t: Date.UTC(2030, 0, 2, 3, 4, 5) };
			const s2 = await startByrobotSimulator({ now: () => clock.t, callsPerSecond: 0 });
			try {
				const c2 = client(s2);
				expect((await c2('GET', `${V1}/company/getCompanys`)).json.code).toBe(408);
				expect((await c2('GET', `${V1}/company/getCompanys`, undefined, { clock: () => clock.t })).json.code).toBe(200);
			} finally {
				await s2.close();
			}
		});
	});
});
