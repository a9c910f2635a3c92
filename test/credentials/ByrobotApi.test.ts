/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import type { IAuthenticateRuleResponseSuccessBody, IDataObject } from 'n8n-workflow';
import { ByrobotApi } from '../../credentials/ByrobotApi.credentials';
import { byrobotSign } from '../emulators/byrobot';
import { paths, sim, useEmulator } from '../nodes/Byrobot/support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Credential
// ---------------------------------------------------------------------------------------------

describe('credential', () => {
	const credential = new ByrobotApi();

	/** what n8n's credential tester does with `test`: send it signed, then apply the body rules */
	async function credentialTest(data: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const { request, rules = [] } = credential.test;
		expect(request.baseURL).toBe('={{$credentials.baseUrl.replace(/\\/+$/, "")}}');
		const base = String(data.baseUrl).replace(/\/+$/, '');
		const options = await credential.authenticate(data as never, { url: request.url!, headers: {} });
		const response = await fetch(`${base}${request.url}`, {
			method: request.method,
			headers: options.headers as Record<string, string>,
		});
		const body = (await response.json()) as IDataObject;
		if (response.status < 200 || response.status > 299) return { status: 'Error', message: `HTTP ${response.status}` };
		for (const rule of rules as IAuthenticateRuleResponseSuccessBody[]) {
			if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	}

	it('signs every request with appkey, datetime and sign (VENDORS.md §2), never the secret', async () => {
		const signed = await credential.authenticate(
			{ appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefgh', baseUrl: 'http://x' },
			{ url: '/openapi/v1/task/start', headers: { 'Content-Type': 'application/json' } },
		);
		const headers = signed.headers as Record<string, string>;
		expect(Object.keys(headers).sort()).toEqual(['Content-Type', 'appkey', 'datetime', 'sign']);
		expect(headers.datetime).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		expect(Math.abs(Date.parse(headers.datetime) - Date.now())).toBeLessThan(5000);
		expect(headers.sign).toBe(byrobotSign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', headers.datetime));
		expect(JSON.stringify(signed)).not.toContain('demoAppSecret0123456789abcdefgh');
	});

	it('is named byrobotApi, masks the keys and defaults to the public host', () => {
		expect(credential.name).toBe('byrobotApi');
		expect(credential.displayName).toBe('Byrobot API');
		const field = (name: string) => credential.properties.find((p) => p.name === name)!;
		expect(field('appKey').typeOptions).toEqual({ password: true });
		expect(field('appSecret').typeOptions).toEqual({ password: true });
		expect(field('baseUrl').default).toBe('http://api.byrobot.cn');
		expect(field('companyId').required).toBeFalsy();
	});

	it('test request: GET /openapi/v1/company/getCompanys passes with the right keys, fails on an error envelope', async () => {
		expect(await credentialTest({ ...sim.credentials, baseUrl: `${sim.url}/` })).toEqual({
			status: 'OK',
			message: 'Connection tested successfully',
		});
		expect(paths()).toEqual(['GET /openapi/v1/company/getCompanys']);
		const wrong = await credentialTest({ ...sim.credentials, appSecret: 'not-the-secret' });
		expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/code 401/) });
		sim.server.injectFault({
			path: '/company/getCompanys',
			response: { status: 200, body: { code: 408, data: null, resultMsg: 'expired', errorStackTrace: null } },
		});
		expect((await credentialTest(sim.credentials)).message).toMatch(/code 408.*clock/);
	});
});
