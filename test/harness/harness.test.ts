import { NodeApiError, NodeOperationError, VersionedNodeType } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { loadOptions, nodeStaticDataKey, runNode, runPoll, runWebhook, runWebhookMethod } from './index';
import {
	FixtureItems,
	FixturePlainWebhook,
	FixturePoll,
	FixtureServer,
	FixtureSessionApi,
	FixtureSignedApi,
	FixtureTokenApi,
	FixtureWebhook,
	fixtureSignature,
} from './fixtures/fixtures';

const server = new FixtureServer();
const credentialTypes = [new FixtureSignedApi(), new FixtureTokenApi(), new FixtureSessionApi()];
const signed = () => ({
	fixtureSignedApi: { baseUrl: server.url, apiKey: 'key-1', apiSecret: server.secret },
});

beforeAll(async () => {
	await server.start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.seen.length = 0;
});

it('runs on Node 24 (n8n-core 2.x needs it)', () => {
	expect(process.version).toMatch(/^v24\./);
});

describe('runNode (WorkflowExecute)', () => {
	it('runs a node whose credential signs the request with a function authenticate', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'x1' } },
			credentials: signed(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		// region comes from the credential type's default (the test did not supply it)
		expect(result.items[0].json).toEqual({ id: 'x1', name: 'Item x1', region: 'cn-default', tokenOnly: 'absent' });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(server.seen).toHaveLength(1);
		expect(server.seen[0].headers['x-key']).toBe('key-1');
		expect(server.seen[0].headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
		expect(result.runData['Node Under Test'][0].executionStatus).toBe('success');
	});

	it('resolves expressions in parameters per item and keeps the input order', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: '={{ $json.id }}' }, name: 'Get' },
			credentials: signed(),
			items: [{ json: { id: 'a' } }, { json: { id: 'b' } }],
		});
		expect(result.items.map((i) => i.json.id)).toEqual(['a', 'b']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(result.runData)).toEqual(['Get']);
	});

	it('authenticates with a generic credential object and resolves $credentials expressions', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { authentication: 'token', itemId: 'z' } },
			credentials: { fixtureTokenApi: { baseUrl: server.url, token: server.token, tenant: 't-9' } },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ ok: true, tenant: 't-9', tokenOnly: 'token-default' });
		expect(server.seen[0].headers.authorization).toBe(`Bearer ${server.token}`);
		expect(server.seen[0].query).toEqual({ tenant: 't-9' });
	});

	it('runs preAuthentication for an empty expirable field and again after a 401', async () => {
		const run = (sessionToken: string) =>
			runNode({
				nodeTypes: [new FixtureItems()],
				credentialTypes,
				node: { type: 'fixtureItems', parameters: { authentication: 'session', itemId: 's' } },
				credentials: { fixtureSessionApi: { baseUrl: server.url, password: server.sessionPassword, sessionToken } },
			});
		const first = await run('');
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ ok: true, session: 'sess-1' });
		expect(first.credentialsAfter.fixtureSessionApi.sessionToken).toBe('sess-1');
		// a stale token: n8n-core retries once after refreshing on 401
		server.seen.length = 0;
		const second = await run('sess-1-stale');
		expect(second.error).toBeUndefined();
		expect(second.items[0].json).toMatchObject({ session: 'sess-2' });
		expect(server.seen.map((r) => `${r.method} ${r.path} ${r.headers['x-session'] ?? ''}`.trim())).toEqual([
			'GET /session/s sess-1-stale',
			'POST /session',
			'GET /session/s sess-2',
		]);
	});

	it('accepts an IVersionedNodeType and honours node.typeVersion', async () => {
		const base = new FixtureItems();
		const versioned = new VersionedNodeType({ 1: new FixtureItems(), 2: base }, {
			...base.description,
			defaultVersion: 2,
		});
		const result = await runNode({
			nodeTypes: [versioned],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'v' }, typeVersion: 1 },
			credentials: signed(),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.id).toBe('v');
		expect(result.run.data.resultData.runData['Node Under Test']).toHaveLength(1);
	});

	it('surfaces the real NodeApiError when the API fails', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'missing' } },
			credentials: signed(),
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		const apiError = result.error as NodeApiError;
		expect(apiError.httpCode).toBe('404');
		expect(apiError.message).toBe('The resource you are requesting could not be found');
		expect(apiError.description).toBe('no such item');
		expect(apiError.node.name).toBe('Node Under Test');
		// the engine itself only keeps a plain-object copy of the error
		expect(result.engineError).not.toBeInstanceOf(NodeApiError);
		expect(result.engineError).toMatchObject({ httpCode: '404', message: apiError.message });
		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.runData['Node Under Test'][0].executionStatus).toBe('error');
	});

	it('fails the signature check when the secret is wrong', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'x1' } },
			credentials: { fixtureSignedApi: { baseUrl: server.url, apiKey: 'key-1', apiSecret: 'wrong' } },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('401');
	});

	it('surfaces a NodeOperationError thrown by the node', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: '' } },
			credentials: signed(),
		});
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error?.message).toBe('Item ID is required');
		expect(server.seen).toHaveLength(0);
	});

	it('with continueRegularOutput turns failures into error items with pairedItem', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: '={{ $json.id }}' }, onError: 'continueRegularOutput' },
			credentials: signed(),
			items: [{ json: { id: 'a' } }, { json: { id: 'missing' } }, { json: { id: 'c' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.id).toBe('a');
		expect(result.items[1].json.error).toBe('The resource you are requesting could not be found');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[2].json.id).toBe('c');
	});

	it('with continueErrorOutput routes failed items to the error output', async () => {
		const result = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: '={{ $json.id }}' }, onError: 'continueErrorOutput' },
			credentials: signed(),
			items: [{ json: { id: 'a' } }, { json: { id: 'missing' } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.outputs).toHaveLength(2);
		expect(result.outputs[0].map((i) => i.json.id)).toEqual(['a']);
		expect(result.outputs[1]).toHaveLength(1);
		expect(result.outputs[1][0].json.error).toBe('The resource you are requesting could not be found');
		expect(result.outputs[1][0].pairedItem).toEqual({ item: 1 });
	});

	it('records what the node and the engine log, so tests can check secrets stay out', async () => {
		const clean = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'x1' } },
			credentials: signed(),
		});
		expect(clean.logs.some((l) => l.includes('fixture: fetching item'))).toBe(true);
		expect(clean.logs.some((l) => l.includes('Workflow execution started'))).toBe(true);
		expect(clean.logs.join('\n')).not.toContain(server.secret);

		const leaky = await runNode({
			nodeTypes: [new FixtureItems()],
			credentialTypes,
			node: { type: 'fixtureItems', parameters: { itemId: 'x1', leakSecret: true } },
			credentials: signed(),
		});
		expect(leaky.logs.join('\n')).toContain(server.secret);
	});
});

describe('loadOptions (LoadOptionsContext)', () => {
	it('calls methods.loadOptions with current parameters and authenticated HTTP', async () => {
		const options = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'getItems',
			parameters: { itemId: 'pre-' },
			kind: 'loadOptions',
		});
		expect(options).toEqual([
			{ name: 'pre-Alpha', value: 'a' },
			{ name: 'pre-Beta', value: 'b' },
			{ name: 'pre-Gamma', value: 'c' },
		]);
		expect(server.seen[0].headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
	});

	it('calls methods.listSearch with filter and pagination token', async () => {
		const first = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
		});
		expect(first.results.map((r) => r.value)).toEqual(['a', 'b']);
		expect(first.paginationToken).toBe('2');
		const second = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
			paginationToken: String(first.paginationToken),
		});
		expect(second.results.map((r) => r.value)).toEqual(['c']);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
			filter: 'bet',
		});
		expect(filtered.results).toEqual([{ name: 'Beta', value: 'b' }]);
	});
});

describe('runPoll (PollContext)', () => {
	it('keeps the cursor in node static data across polls and restarts', async () => {
		server.events = [
			{ id: 1, text: 'one' },
			{ id: 2, text: 'two' },
		];
		const base = {
			nodeType: new FixturePoll(),
			credentialTypes,
			credentials: signed(),
			node: { type: 'fixturePoll', parameters: {}, name: 'Poller' },
		};
		const staticData: IDataObject = {};
		const first = await runPoll({ ...base, staticData });
		expect(first.error).toBeUndefined();
		expect(first.items?.map((i) => i.json.id)).toEqual([1, 2]);
		expect(first.staticDataChanged).toBe(true);
		expect(first.staticData).toBe(staticData);
		expect(nodeStaticDataKey('Poller')).toBe('node:Poller');
		expect(staticData).toEqual({ 'node:Poller': { lastId: 2, polls: 1 } });

		const second = await runPoll({ ...base, staticData });
		expect(second.items).toBeNull();
		expect(staticData['node:Poller']).toEqual({ lastId: 2, polls: 2 });
		expect(server.seen[1].query).toEqual({ after: '2' });

		// "restart": a fresh call with a JSON copy of what n8n would have stored
		server.events.push({ id: 3, text: 'three' });
		const restored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const third = await runPoll({ ...base, staticData: restored });
		expect(third.items?.map((i) => i.json)).toEqual([{ id: 3, text: 'three' }]);
		expect(restored['node:Poller']).toEqual({ lastId: 3, polls: 3 });

		// without static data the cursor starts over
		const fresh = await runPoll(base);
		expect(fresh.items).toHaveLength(3);
		expect(fresh.staticData).toEqual({ 'node:Poller': { lastId: 3, polls: 1 } });

		// a manual ("fetch test event") poll sees the cursor but n8n does not save its changes
		server.events.push({ id: 4, text: 'four' });
		const manual = await runPoll({ ...base, staticData: restored, mode: 'manual' });
		expect(manual.items?.map((i) => i.json.id)).toEqual([4]);
		expect(manual.staticDataChanged).toBe(true);
		expect(restored['node:Poller']).toEqual({ lastId: 3, polls: 3 });
	});

	it('returns the error a poll throws', async () => {
		const result = await runPoll({
			nodeType: new FixturePoll(),
			credentialTypes,
			credentials: { fixtureSignedApi: { baseUrl: server.url, apiKey: 'k', apiSecret: 'wrong' } },
			node: { type: 'fixturePoll', parameters: {} },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.items).toBeNull();
	});
});

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
