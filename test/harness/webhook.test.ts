/**
 * The harness itself, with the fixture node and credential classes: it runs nodes as n8n runs
 * them.
 */
import type { IDataObject } from 'n8n-workflow';
import { FixturePlainWebhook, fixtureSignature, FixtureWebhook } from './fixtures/fixtures';
import { credentialTypes, server, signed, useFixtureServer } from './fixtures/setup';
import { runWebhook, runWebhookMethod } from './index';

useFixtureServer();

describe('runWebhook / runWebhookMethod (WebhookContext, HookContext)', () => {
	const signedHeaders = (secret: string, timestamp = '1700000000000') => ({
		'Content-Type': 'application/json',
		'X-Timestamp': timestamp,
		'X-Signature': fixtureSignature(secret, 'POST', '/callback', timestamp),
	});

	it('lets the node answer with res.status(200).send() and noWebhookResponse', async () => {
		const staticData: IDataObject = {};
		const base = {
			nodeType: new FixtureWebhook(),
			credentialTypes,
			credentials: signed(),
			node: { type: 'fixtureWebhook', parameters: {} },
			staticData,
		};
		const first = await runWebhook({
			...base,
			request: { method: 'POST', headers: signedHeaders(server.secret), rawBody: Buffer.from('{"callId":"c1"}') },
		});
		expect(first.res).toEqual({
			status: 200,
			headers: { 'content-type': 'text/html; charset=utf-8' },
			body: 'success',
			ended: true,
			sentBy: 'node',
		});
		expect(first.response.noWebhookResponse).toBe(true);
		expect(first.response.workflowData?.[0].map((i) => i.json)).toEqual([{ callId: 'c1', rawLength: 15 }]);
		expect(staticData).toEqual({ 'node:Webhook Trigger': { calls: 1 } });

		const second = await runWebhook({
			...base,
			request: { method: 'POST', headers: signedHeaders(server.secret), body: { callId: 'c2' } },
		});
		expect(second.res.body).toBe('success');
		expect(second.response.workflowData?.[0][0].json).toEqual({ callId: 'c2', rawLength: 15 });
		expect(staticData).toEqual({ 'node:Webhook Trigger': { calls: 2 } });

		const rejected = await runWebhook({
			...base,
			request: { method: 'POST', headers: signedHeaders('not-the-secret'), body: { callId: 'c3' } },
		});
		expect(rejected.res.status).toBe(401);
		expect(rejected.res.body).toBe('bad signature');
		expect(rejected.response.workflowData).toBeUndefined();
		expect(rejected.staticDataChanged).toBe(false);
		expect(staticData).toEqual({ 'node:Webhook Trigger': { calls: 2 } });
	});

	it('answers like n8n (onReceived) when the node does not respond itself', async () => {
		const result = await runWebhook({
			nodeType: new FixturePlainWebhook(),
			credentialTypes: [],
			node: { type: 'fixturePlainWebhook', parameters: { path: 'custom' } },
			request: { method: 'POST', headers: {}, query: { a: '1' } },
		});
		expect(result.res.sentBy).toBe('n8n');
		expect(result.res.status).toBe(200);
		expect(result.res.body).toEqual({ message: 'Workflow was started' });
		expect(result.response.workflowData?.[0][0].json).toEqual({ a: '1' });
	});

	it('drives webhookMethods checkExists/create/delete with persisted static data', async () => {
		const staticData: IDataObject = {};
		const base = {
			nodeType: new FixtureWebhook(),
			credentialTypes,
			credentials: signed(),
			node: { type: 'fixtureWebhook', parameters: {}, webhookId: 'hook-123' },
			staticData,
		};
		expect((await runWebhookMethod({ ...base, method: 'checkExists' })).result).toBe(false);
		const created = await runWebhookMethod({ ...base, method: 'create' });
		expect(created.result).toBe(true);
		expect(created.webhookUrl).toBe('http://localhost:5678/webhook/hook-123/callback');
		expect(staticData).toEqual({
			'node:Webhook Trigger': { registrationId: 'reg-1', registeredUrl: 'http://localhost:5678/webhook/hook-123/callback' },
		});
		expect((await runWebhookMethod({ ...base, method: 'checkExists' })).result).toBe(true);
		expect((await runWebhookMethod({ ...base, method: 'delete' })).result).toBe(true);
		expect(staticData).toEqual({ 'node:Webhook Trigger': {} });
		expect((await runWebhookMethod({ ...base, method: 'checkExists' })).result).toBe(false);
	});
});
