/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: answers, secrets, WeCom-style
 * encryption, de-duplication and the loop with the emulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { callback, encryptedParams, SECRET, sim, useEmulator } from './support';

useEmulator();

describe('Tanyi Callback Trigger: Register Callback URL', () => {
	const method = (parameters: INodeParameters, which: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger') =>
		callback.lifecycle(which, parameters, { mode });

	it('sets the account callback URL (with the secret) on activation when turned on', async () => {
		expect((await method({ registerCallbackUrl: true }, 'checkExists')).result).toBe(false);
		const created = await method({ registerCallbackUrl: true }, 'create');
		expect(created.result).toBe(true);
		const requests = sim.server.requests('/isv/updateIsvInfo');
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ tenantSign: sim.credentials.tenantSign, callbackUrl: `${created.webhookUrl}?token=${SECRET}` });
		expect(sim.state.callbackUrl).toBe(`${created.webhookUrl}?token=${SECRET}`);
		expect(created.webhookUrl).toMatch(/^http:\/\/localhost:5678\/webhook\/harness-webhook-id\/callback$/);
		expect((await method({ registerCallbackUrl: true }, 'delete')).result).toBe(true);
	});

	it('refuses to register without a callback credential', async () => {
		await expect(callback.lifecycle('create', { registerCallbackUrl: true }, { credentialsByType: { tanyiCallbackApi: null } })).rejects.toThrow(/Tanyi Callback credential/);
		expect(sim.server.requests('/isv/updateIsvInfo')).toHaveLength(0);
	});

	it('does nothing when off (the default) or for a test run', async () => {
		expect((await method({}, 'create')).result).toBe(true);
		expect((await method({ registerCallbackUrl: true }, 'create', 'manual')).result).toBe(true);
		expect(sim.server.requests('/isv/updateIsvInfo')).toHaveLength(0);
		expect(sim.state.callbackUrl).toBeNull();
	});

	it('registers the bare URL in encrypted mode and reports a vendor refusal', async () => {
		const created = await callback.lifecycle('create', { registerCallbackUrl: true }, { credentialsByType: { tanyiCallbackApi: encryptedParams as IDataObject } });
		expect(sim.state.callbackUrl).toBe(created.webhookUrl);
		await expect(
			callback.lifecycle('create', { registerCallbackUrl: true }, { credentials: { tenantSign: 'someone-else' } }),
		).rejects.toThrow(/Tanyi/);
	});
});
