/**
 * The harness itself, with the fixture node and credential classes: it runs nodes as n8n runs
 * them.
 */
import { NodeApiError, NodeOperationError, VersionedNodeType } from 'n8n-workflow';
import { FixtureItems } from './fixtures/fixtures';
import { credentialTypes, server, signed, useFixtureServer } from './fixtures/setup';
import { runNode } from './index';

useFixtureServer();

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
