/**
 * Proves the real-n8n plumbing (scripts/provision-n8n.sh + scripts/lib/n8n.js) against n8n 2.41.1:
 * a packed community package (test/e2e/fixtures/fixture-package) is installed into a fresh
 * N8N_USER_FOLDER, its function-`authenticate` credential signs requests, `n8n execute` runs it,
 * and a started n8n server runs a published webhook workflow, a polling trigger of the package,
 * a schedule trigger, and a workflow activated live through the REST API.
 *
 * Slow on purpose (first run provisions n8n: ~3-6 min; afterwards ~1.5 min).
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

type Json = Record<string, unknown>;
interface RunResult {
	execution: { status: string; data: { resultData: { runData: Json; error?: Json } } };
	runData: Json;
	output(nodeName: string, outputIndex?: number, run?: number): Json[];
	durationMs: number;
}
interface ExecutionRecord {
	id: string;
	mode: string;
	status: string;
	workflowId: string;
	output(nodeName: string, outputIndex?: number, run?: number): Json[];
}
interface N8nServer {
	url: string;
	pid: number;
	startMs: number;
	exited: boolean;
	logs(): string;
	nodeTypes(): Promise<Array<{ name: string }>>;
	activeWorkflowIds(): Promise<string[]>;
	activateWorkflowLive(id: string): Promise<unknown>;
	listExecutions(filter?: { workflowId?: string }): Promise<Array<{ id: string; mode: string; status: string }>>;
	waitForExecutions(
		workflowId: string,
		options?: { count?: number; timeoutMs?: number },
	): Promise<ExecutionRecord[]>;
	callWebhook(webhookPath: string, body: unknown): Promise<{ status: number; body: unknown }>;
	stop(graceMs?: number): Promise<void>;
}
interface N8nLib {
	provision(options?: { quiet?: boolean }): { n8nBin: string; nodeBin: string; durationMs: number };
	packPackage(packageDir: string, destDir?: string): string;
	createUserFolder(options: { packageTarball?: string; parentDir?: string }): string;
	importCredentials(
		userFolder: string,
		credentials: Array<{ id: string; name: string; type: string; data: Json }>,
	): Promise<string[]>;
	importWorkflow(userFolder: string, workflow: Json | Json[]): Promise<string | string[]>;
	publishWorkflow(userFolder: string, id: string): Promise<void>;
	executeWorkflow(userFolder: string, id: string): Promise<RunResult>;
	assertPackageLoaded(userFolder: string, expectation: { packageName: string; nodeTypes?: string[] }): Promise<string[]>;
	startN8n(userFolder: string, options?: { port?: number }): Promise<N8nServer>;
	stopAllN8n(): Promise<void>;
}
interface FixtureCredentialModule {
	signFixtureRequest(apiKey: string, secret: string, timestamp: string, method: string, urlPath: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8n = require('../../scripts/lib/n8n.js') as N8nLib;

const FIXTURE_DIR = path.join(__dirname, 'fixtures', 'fixture-package');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixtureCredential = require(
	path.join(FIXTURE_DIR, 'lib', 'credentials', 'FixtureApi.credentials.js'),
) as FixtureCredentialModule;

const PACKAGE = 'n8n-nodes-e2e-fixture';
const ECHO = `${PACKAGE}.fixtureEcho`;
const TRIGGER = `${PACKAGE}.fixtureTrigger`;
const API_KEY = 'fixture-key-1';
const SECRET = 'fixture-secret-1';
const CRED_ID = 'e2eFixtureCred01';
const CRED_REF = { fixtureApi: { id: CRED_ID, name: 'Fixture API (e2e)' } };

interface SeenRequest {
	method: string;
	path: string;
	query: string;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	signatureValid: boolean;
}

const timings: Record<string, number> = {};
const seen: SeenRequest[] = [];
let api: http.Server;
let apiUrl = '';
let workDir = '';
let userFolder = '';

function requestsTo(p: string): SeenRequest[] {
	return seen.filter((r) => r.path === p);
}

function startFixtureApi(): Promise<void> {
	api = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const ts = String(req.headers['x-fixture-timestamp'] ?? '');
			const expected = fixtureCredential.signFixtureRequest(API_KEY, SECRET, ts, req.method ?? '', url.pathname);
			let body: unknown = raw;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				// keep text
			}
			seen.push({
				method: req.method ?? '',
				path: url.pathname,
				query: url.search,
				headers: req.headers,
				body,
				signatureValid: req.headers['x-fixture-key'] === API_KEY && req.headers['x-fixture-signature'] === expected,
			});
			const answer =
				url.pathname === '/poll'
					? { items: [{ id: 'poll-item-1' }, { id: 'poll-item-2' }] }
					: { ok: true, path: url.pathname, got: body ?? null };
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(answer));
		});
	});
	return new Promise((resolve) =>
		api.listen(0, '127.0.0.1', () => {
			apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
			resolve();
		}),
	);
}

function manualEchoWorkflow(id: string, message: string): Json {
	return {
		id,
		name: `Fixture echo ${id}`,
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'Echo',
				type: ECHO,
				typeVersion: 1,
				position: [220, 0],
				parameters: { path: '/echo', message },
				credentials: CRED_REF,
			},
			{
				id: 'n3',
				name: 'HTTP',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 0],
				parameters: {
					method: 'GET',
					url: `${apiUrl}/http-node`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'fixtureApi',
					options: {},
				},
				credentials: CRED_REF,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] },
			Echo: { main: [[{ node: 'HTTP', type: 'main', index: 0 }]] },
		},
	};
}

function webhookWorkflow(id: string, hookPath: string, echoPath: string, webhookId: string): Json {
	return {
		id,
		name: `Webhook ${hookPath}`,
		nodes: [
			{
				id: 'w1',
				name: 'Hook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'w2',
				name: 'Echo',
				type: ECHO,
				typeVersion: 1,
				position: [220, 0],
				parameters: { path: echoPath, message: '={{ $json.body.msg }}' },
				credentials: CRED_REF,
			},
		],
		connections: { Hook: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
	};
}

const WF = {
	cli: 'e2eCliEcho000001',
	ghost: 'e2eGhostNode0001',
	hook: 'e2eWebhook000001',
	live: 'e2eLiveHook00001',
	poll: 'e2ePollTrigger01',
	schedule: 'e2eSchedule00001',
};

beforeAll(async () => {
	let t = Date.now();
	const runtime = n8n.provision();
	timings.provisionMs = Date.now() - t;
	expect(fs.existsSync(runtime.n8nBin)).toBe(true);

	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-plumbing-'));
	t = Date.now();
	const tarball = n8n.packPackage(FIXTURE_DIR, path.join(workDir, 'pack'));
	userFolder = n8n.createUserFolder({ packageTarball: tarball, parentDir: workDir });
	timings.packAndInstallMs = Date.now() - t;
	expect(fs.existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'package.json'))).toBe(true);

	await startFixtureApi();
	t = Date.now();
	const ids = await n8n.importCredentials(userFolder, [
		{
			id: CRED_ID,
			name: 'Fixture API (e2e)',
			type: 'fixtureApi',
			data: { baseUrl: apiUrl, apiKey: API_KEY, secret: SECRET },
		},
	]);
	timings.importCredentialsMs = Date.now() - t;
	expect(ids).toEqual([CRED_ID]);
}, 30 * 60 * 1000);

afterAll(async () => {
	await n8n.stopAllN8n();
	if (api) {
		api.closeAllConnections();
		await new Promise<void>((resolve) => api.close(() => resolve()));
	}
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	process.stderr.write(`\n[n8n-plumbing timings] ${JSON.stringify(timings)}\n`);
}, 60 * 1000);

describe('real n8n 2.41.1 plumbing', () => {
	test('n8n loads the installed community package under its real type names', async () => {
		const t = Date.now();
		const loaded = await n8n.assertPackageLoaded(userFolder, {
			packageName: PACKAGE,
			nodeTypes: ['fixtureEcho', 'fixtureTrigger'],
		});
		timings.assertPackageLoadedMs = Date.now() - t;
		expect(loaded.sort()).toEqual([ECHO, TRIGGER]);
		// The guard itself must fail for a package that is not there.
		await expect(
			n8n.assertPackageLoaded(userFolder, { packageName: 'n8n-nodes-not-installed-anywhere' }),
		).rejects.toThrow(/did not load community package "n8n-nodes-not-installed-anywhere"/);
	}, 5 * 60 * 1000);

	test('CLI: import + execute runs the fixture node and the HTTP Request node with the signed credential', async () => {
		let t = Date.now();
		const id = await n8n.importWorkflow(userFolder, manualEchoWorkflow(WF.cli, 'hello from cli'));
		timings.importWorkflowMs = Date.now() - t;
		expect(id).toBe(WF.cli);

		const before = seen.length;
		t = Date.now();
		const run = await n8n.executeWorkflow(userFolder, WF.cli);
		timings.executeMs = Date.now() - t;

		expect(run.execution.status).toBe('success');
		const echo = run.output('Echo');
		expect(echo).toHaveLength(1);
		expect(echo[0].response).toEqual({ ok: true, path: '/echo', got: { message: 'hello from cli', index: 0 } });
		expect(run.output('HTTP')[0]).toEqual({ ok: true, path: '/http-node', got: null });

		const requests = seen.slice(before);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /echo', 'GET /http-node']);
		for (const r of requests) {
			expect(r.headers['x-fixture-key']).toBe(API_KEY);
			expect(r.signatureValid).toBe(true);
		}
	}, 5 * 60 * 1000);

	test('CLI: a workflow with an unknown community node type fails loudly', async () => {
		await n8n.importWorkflow(userFolder, {
			id: WF.ghost,
			name: 'Ghost node',
			nodes: [
				{ id: 'g1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'g2',
					name: 'Ghost',
					type: 'n8n-nodes-does-not-exist.ghost',
					typeVersion: 1,
					position: [220, 0],
					parameters: {},
				},
			],
			connections: { Start: { main: [[{ node: 'Ghost', type: 'main', index: 0 }]] } },
		});
		await expect(n8n.executeWorkflow(userFolder, WF.ghost)).rejects.toMatchObject({
			errorMessage: 'Unrecognized node type: n8n-nodes-does-not-exist.ghost',
		});
	}, 5 * 60 * 1000);

	test('server: published webhook, polling trigger and schedule run; live REST activation works; stop is clean', async () => {
		await n8n.importWorkflow(userFolder, [
			webhookWorkflow(WF.hook, 'e2e-hook', '/from-webhook', '0f0e0d0c-0000-4000-8000-000000000001'),
			webhookWorkflow(WF.live, 'e2e-live', '/from-live', '0f0e0d0c-0000-4000-8000-000000000002'),
			{
				id: WF.poll,
				name: 'Fixture poll',
				nodes: [
					{
						id: 'p1',
						name: 'Poller',
						type: TRIGGER,
						typeVersion: 1,
						position: [0, 0],
						parameters: { path: '/poll', pollTimes: { item: [{ mode: 'everyMinute' }] } },
						credentials: CRED_REF,
					},
				],
				connections: {},
			},
			{
				id: WF.schedule,
				name: 'Schedule every 2s',
				nodes: [
					{
						id: 's1',
						name: 'Every2s',
						type: 'n8n-nodes-base.scheduleTrigger',
						typeVersion: 1.2,
						position: [0, 0],
						parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } },
					},
					{
						id: 's2',
						name: 'Echo',
						type: ECHO,
						typeVersion: 1,
						position: [220, 0],
						parameters: { path: '/from-schedule', message: 'tick' },
						credentials: CRED_REF,
					},
				],
				connections: { Every2s: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
			},
		]);
		let t = Date.now();
		for (const id of [WF.hook, WF.poll, WF.schedule]) await n8n.publishWorkflow(userFolder, id);
		timings.publish3Ms = Date.now() - t;

		t = Date.now();
		const server = await n8n.startN8n(userFolder);
		timings.startMs = Date.now() - t;
		try {
			const types = (await server.nodeTypes()).map((nt) => nt.name);
			expect(types).toEqual(expect.arrayContaining([ECHO, TRIGGER]));
			expect((await server.activeWorkflowIds()).sort()).toEqual([WF.hook, WF.poll, WF.schedule].sort());

			// Webhook (published before start).
			t = Date.now();
			const hook = await server.callWebhook('e2e-hook', { msg: 'from webhook' });
			expect(hook.status).toBe(200);
			const [hookExec] = await server.waitForExecutions(WF.hook, { timeoutMs: 30000 });
			timings.webhookToExecutionMs = Date.now() - t;
			expect(hookExec.mode).toBe('webhook');
			expect(hookExec.status).toBe('success');
			expect(hookExec.output('Echo')[0].response).toEqual({
				ok: true,
				path: '/from-webhook',
				got: { message: 'from webhook', index: 0 },
			});
			expect(requestsTo('/from-webhook').every((r) => r.signatureValid)).toBe(true);

			// Polling trigger of the community package: n8n polls once on activation.
			const [pollExec] = await server.waitForExecutions(WF.poll, { timeoutMs: 30000 });
			expect(pollExec.mode).toBe('trigger');
			expect(pollExec.output('Poller')).toEqual([
				{ poll: 1, id: 'poll-item-1' },
				{ poll: 1, id: 'poll-item-2' },
			]);
			const polls = requestsTo('/poll');
			expect(polls.length).toBeGreaterThanOrEqual(1);
			expect(polls.every((r) => r.signatureValid && r.method === 'GET')).toBe(true);

			// Schedule trigger every 2 s keeps firing while the server runs.
			const ticks = await server.waitForExecutions(WF.schedule, { count: 2, timeoutMs: 30000 });
			expect(ticks.every((e) => e.status === 'success')).toBe(true);
			expect(requestsTo('/from-schedule').length).toBeGreaterThanOrEqual(2);

			// A workflow activated while the server runs (REST), then called.
			expect((await server.callWebhook('e2e-live', { msg: 'too early' })).status).toBe(404);
			await server.activateWorkflowLive(WF.live);
			const live = await server.callWebhook('e2e-live', { msg: 'live' });
			expect(live.status).toBe(200);
			const [liveExec] = await server.waitForExecutions(WF.live, { timeoutMs: 30000 });
			expect(liveExec.output('Echo')[0].response).toMatchObject({ path: '/from-live', got: { message: 'live' } });
		} catch (err) {
			process.stderr.write(`\n${server.logs().slice(-6000)}\n`);
			throw err;
		} finally {
			t = Date.now();
			await server.stop();
			timings.stopMs = Date.now() - t;
		}
		expect(server.exited).toBe(true);
		// The whole process group (n8n + its task runner) is gone.
		expect(() => process.kill(-server.pid, 0)).toThrow();
	}, 10 * 60 * 1000);
});
