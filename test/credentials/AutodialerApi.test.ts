/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import {
	type IAuthenticateRuleResponseCode,
	type IAuthenticateRuleResponseSuccessBody,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeTypes,
	Workflow,
} from 'n8n-workflow';
import { AutodialerApi } from '../../credentials/AutodialerApi.credentials';
import { startAutodialerSimulator } from '../emulators/autodialer';
import { callsTo, get, sim, useEmulator } from '../nodes/Autodialer/support';

useEmulator();

describe('credential', () => {
	const credential = new AutodialerApi();

	/**
	 * What n8n's CredentialsTester (packages/cli, not installed here) does with `test`: send the
	 * request with the credential's authentication; a non-2xx answer fails (responseCode rules
	 * give the message, else the status); a 2xx answer fails when a responseSuccessBody rule's
	 * `get(body, key) === value`; otherwise OK. The body is what axios gives: parsed JSON, or the
	 * raw text when it is not JSON.
	 */
	async function credentialTest(data: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const { request, rules = [] } = credential.test;
		const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
		const baseURL = workflow.expression.getSimpleParameterValue(
			{ id: 't', name: 't', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
			String(request.baseURL),
			'internal',
			{ $credentials: data },
			undefined,
			'',
		) as string;
		const options = await credential.authenticate(data as never, { url: request.url!, headers: {} });
		const response = await fetch(`${baseURL}${request.url}`, {
			method: request.method,
			headers: { Accept: 'application/json', ...(options.headers as Record<string, string>) },
		});
		const text = await response.text();
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		const all = rules as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody>;
		if (response.status < 200 || response.status > 299) {
			const rule = all.find((r) => r.type === 'responseCode' && r.properties.value === response.status);
			return { status: 'Error', message: rule?.properties.message ?? `Received HTTP status code: ${response.status}` };
		}
		for (const rule of all) {
			if (rule.type === 'responseSuccessBody' && get(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	}

	it('is named autodialerApi with a required base URL without default and a masked token', () => {
		expect(credential.name).toBe('autodialerApi');
		expect(credential.displayName).toBe('Autodialer API');
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#autodialer');
		const field = (name: string) => credential.properties.find((p) => p.name === name)!;
		expect(field('baseUrl')).toMatchObject({ required: true, default: '' });
		expect(field('apiToken').typeOptions?.password).toBe(true);
		expect(field('headerName').default).toBe('Authorization');
		expect(field('headerPrefix').default).toBe('Bearer ');
		for (const p of credential.properties) {
			if (/token|key/i.test(p.name)) expect(p.typeOptions?.password).toBe(true);
		}
	});

	it('authenticate adds <headerName>: <headerPrefix><apiToken>', async () => {
		const request: IHttpRequestOptions = { url: '/v1/task', headers: { Accept: 'application/json' } };
		const out = await credential.authenticate(
			{ apiToken: 'abc', headerName: 'X-Api-Key', headerPrefix: 'Token ' },
			request,
		);
		expect(out.headers).toEqual({ Accept: 'application/json', 'X-Api-Key': 'Token abc' });
		const defaults = await credential.authenticate({ apiToken: 'abc', headerName: 'Authorization', headerPrefix: 'Bearer ' }, { url: '/' });
		expect(defaults.headers).toEqual({ Authorization: 'Bearer abc' });
	});

	it('test request: GET /v1/task succeeds with the right token (trailing slash in the base URL is fine)', async () => {
		const result = await credentialTest({ ...sim.credentials, baseUrl: `${sim.url}/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(callsTo()).toEqual(['GET /v1/task']);
		expect(sim.server.log[0].headers.authorization).toBe(`Bearer ${sim.credentials.apiToken}`);
	});

	it('test request: a wrong token (401) and a 403 fail with a clear message', async () => {
		expect(await credentialTest({ ...sim.credentials, apiToken: 'wrong' })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/rejected the token \(HTTP 401\)/),
		});
		sim.server.injectFault({ path: '/v1/task', response: { status: 403, body: { message: 'Forbidden' } } });
		expect((await credentialTest(sim.credentials)).message).toMatch(/no permission.*403/);
	});

	it('test request: an HTML login page or any other non-JSON 200 answer fails', async () => {
		const html = await startAutodialerSimulator({ unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const result = await credentialTest({ ...html.credentials, apiToken: 'wrong' });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/HTML page instead of JSON/);
		} finally {
			await html.close();
		}
		sim.server.injectFault({ path: '/v1/task', response: { status: 200, raw: 'OK' } });
		expect(await credentialTest(sim.credentials)).toEqual({ status: 'Error', message: expect.stringMatching(/not the JSON task list/) });
		sim.server.injectFault({ path: '/v1/task', response: { status: 200, body: { result: 'something else' } } });
		expect((await credentialTest(sim.credentials)).status).toBe('Error');
	});
});
