/**
 * Proves the real-n8n driver (scripts/provision-n8n.sh + scripts/lib/n8n/) against n8n 2.41.1 with a
 * packed fixture package (test/e2e/fixtures/fixture-package) installed into a fresh
 * N8N_USER_FOLDER and ONE running n8n: credentials and workflows imported through the REST API,
 * its function-`authenticate` credential signing requests, a manual run read back by execution id,
 * an unknown node type failing loudly, a production (webhook) run saving workflow static data where
 * a manual run does not, a live-activated webhook, polling trigger and schedule, and a restart that
 * keeps activations and static data.
 *
 * Slow on purpose (first run provisions n8n: minutes; afterwards about a minute).
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

type Json = Record<string, unknown>;
interface ExecutionRecord {
	id: string;
	mode: string;
	status: string;
	workflowId: string;
	startedAt?: string;
	output(nodeName: string, outputIndex?: number, run?: number): Json[];
}
interface N8nServer {
	url: string;
	pid: number;
	startMs: number;
	exited: boolean;
	logs(lines?: number): string;
	nodeTypes(): Promise<Array<{ name: string }>>;
	assertPackageLoaded(expectation: { packageName: string; nodeTypes?: string[] }): Promise<string[]>;
	importCredentials(credentials: Array<{ name: string; type: string; data: Json }>): Promise<string[]>;
	importWorkflows(workflows: Json[]): Promise<string[]>;
	activeWorkflowIds(): Promise<string[]>;
	activateWorkflow(id: string): Promise<unknown>;
	deactivateWorkflow(id: string): Promise<unknown>;
	runManually(id: string): Promise<ExecutionRecord>;
	runByWebhook(id: string, webhookPath: string, body?: Json): Promise<ExecutionRecord>;
	listExecutions(filter?: { workflowId?: string }): Promise<Array<{ id: string; mode: string; status: string }>>;
	waitForExecutions(
		workflowId: string,
		options?: { count?: number; timeoutMs?: number; predicate?: (summary: { id: string; startedAt?: string }) => boolean },
	): Promise<ExecutionRecord[]>;
	callWebhook(webhookPath: string, body: unknown): Promise<{ status: number; body: unknown }>;
	stop(graceMs?: number): Promise<void>;
}
interface N8nLib {
	provision(options?: { log?: (line: string) => void }): Promise<{ n8nBin: string; nodeBin: string; durationMs: number }>;
	packPackage(packageDir: string, destDir?: string): Promise<string>;
	createUserFolder(options: { packageTarballs?: string[]; parentDir?: string }): Promise<string>;
	startMain(userFolder: string, options?: { port?: number }): Promise<N8nServer>;
	restartMain(server: N8nServer): Promise<N8nServer>;
	withWebhookTrigger(workflow: Json, options: { path: string; webhookId?: string }): Json;
	stopAll(): Promise<void>;
}
interface FixtureCredentialModule {
	signFixtureRequest(apiKey: string, secret: string, timestamp: string, method: string, urlPath: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8n = require('../../scripts/lib/n8n') as N8nLib;

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
const CRED_NAME = 'Fixture API (e2e)';
// by name only, as exported workflows carry it: n8n resolves the id when the workflow is imported
const CRED_REF = { fixtureApi: { id: null, name: CRED_NAME } };

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
	cli: 'e2eManualEcho001',
	prod: 'e2eProdEcho00001',
	ghost: 'e2eGhostNode0001',
	live: 'e2eLiveHook00001',
	poll: 'e2ePollTrigger01',
	schedule: 'e2eSchedule00001',
};

let server: N8nServer;

beforeAll(async () => {
	let t = Date.now();
	const runtime = await n8n.provision();
	timings.provisionMs = Date.now() - t;
	expect(fs.existsSync(runtime.n8nBin)).toBe(true);

	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-plumbing-'));
	t = Date.now();
	const tarball = await n8n.packPackage(FIXTURE_DIR, path.join(workDir, 'pack'));
	userFolder = await n8n.createUserFolder({ packageTarballs: [tarball], parentDir: workDir });
	timings.packAndInstallMs = Date.now() - t;
	expect(fs.existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'package.json'))).toBe(true);

	await startFixtureApi();
	t = Date.now();
	server = await n8n.startMain(userFolder);
	timings.startMs = Date.now() - t;
	t = Date.now();
	const ids = await server.importCredentials([
		{ name: CRED_NAME, type: 'fixtureApi', data: { baseUrl: apiUrl, apiKey: API_KEY, secret: SECRET } },
	]);
	timings.importCredentialsMs = Date.now() - t;
	expect(ids).toHaveLength(1);
}, 30 * 60 * 1000);

afterAll(async () => {
	await n8n.stopAll();
	if (api) {
		api.closeAllConnections();
		await new Promise<void>((resolve) => api.close(() => resolve()));
	}
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	process.stderr.write(`\n[n8n-plumbing timings] ${JSON.stringify(timings)}\n`);
}, 60 * 1000);

describe('real n8n 2.41.1 plumbing (one running n8n)', () => {
	test('n8n loads the installed community package under its real type names', async () => {
		const loaded = await server.assertPackageLoaded({ packageName: PACKAGE, nodeTypes: ['fixtureEcho', 'fixtureTrigger'] });
		expect(loaded.sort()).toEqual([ECHO, TRIGGER]);
		// The guard itself must fail for a package that is not there.
		await expect(server.assertPackageLoaded({ packageName: 'n8n-nodes-not-installed-anywhere' })).rejects.toThrow(
			/did not load community package "n8n-nodes-not-installed-anywhere"/,
		);
	}, 5 * 60 * 1000);

	test('manual run (REST): the fixture node and the HTTP Request node sign; the result is read back by id', async () => {
		let t = Date.now();
		const [id] = await server.importWorkflows([manualEchoWorkflow(WF.cli, 'hello from a manual run')]);
		timings.importWorkflowMs = Date.now() - t;
		expect(id).toBe(WF.cli);

		const before = seen.length;
		t = Date.now();
		const run = await server.runManually(WF.cli);
		timings.manualRunMs = Date.now() - t;

		expect(run.mode).toBe('manual');
		expect(run.status).toBe('success');
		const echo = run.output('Echo');
		expect(echo).toHaveLength(1);
		expect(echo[0].response).toEqual({ ok: true, path: '/echo', got: { message: 'hello from a manual run', index: 0 } });
		expect(run.output('HTTP')[0]).toEqual({ ok: true, path: '/http-node', got: null });
		const requests = seen.slice(before);
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /echo', 'GET /http-node']);
		for (const r of requests) {
			expect(r.headers['x-fixture-key']).toBe(API_KEY);
			expect(r.signatureValid).toBe(true);
		}
		// the stored execution is the one listed for the workflow
		expect((await server.listExecutions({ workflowId: WF.cli })).map((e) => e.id)).toContain(run.id);
	}, 5 * 60 * 1000);

	test('a workflow with an unknown community node type fails loudly', async () => {
		await server.importWorkflows([
			{
				id: WF.ghost,
				name: 'Ghost node',
				nodes: [
					{ id: 'g1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: 'g2', name: 'Ghost', type: 'n8n-nodes-does-not-exist.ghost', typeVersion: 1, position: [220, 0], parameters: {} },
				],
				connections: { Start: { main: [[{ node: 'Ghost', type: 'main', index: 0 }]] } },
			},
		]);
		await expect(server.runManually(WF.ghost)).rejects.toThrow(/Unrecognized node type: n8n-nodes-does-not-exist\.ghost/);
	}, 5 * 60 * 1000);

	test('production run (webhook) saves workflow static data; a manual run does not', async () => {
		// manual: static data is not saved, so every manual run counts 1
		expect((await server.runManually(WF.cli)).output('Echo')[0].runs).toBe(1);
		expect((await server.runManually(WF.cli)).output('Echo')[0].runs).toBe(1);

		const workflow = n8n.withWebhookTrigger(manualEchoWorkflow(WF.prod, 'hello from production'), {
			path: 'e2e-prod-echo',
			webhookId: '0f0e0d0c-0000-4000-8000-000000000003',
		});
		await server.importWorkflows([workflow]);
		await server.activateWorkflow(WF.prod);
		const first = await server.runByWebhook(WF.prod, 'e2e-prod-echo', { n: 1 });
		const second = await server.runByWebhook(WF.prod, 'e2e-prod-echo', { n: 2 });
		expect([first.mode, second.mode]).toEqual(['webhook', 'webhook']);
		expect(Number(second.id)).toBeGreaterThan(Number(first.id));
		expect(first.output('Echo')[0]).toMatchObject({ runs: 1, response: { path: '/echo', got: { message: 'hello from production' } } });
		expect(second.output('Echo')[0].runs).toBe(2);
	}, 5 * 60 * 1000);

	test('activated in the running n8n: webhook, polling trigger and schedule run; activation survives a restart', async () => {
		await server.importWorkflows([
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
		try {
			// A webhook is not there before activation, and is after.
			expect((await server.callWebhook('e2e-live', { msg: 'too early' })).status).toBe(404);
			for (const id of [WF.live, WF.poll, WF.schedule]) await server.activateWorkflow(id);
			expect(await server.activeWorkflowIds()).toEqual(expect.arrayContaining([WF.live, WF.poll, WF.schedule, WF.prod]));

			t = Date.now();
			const hook = await server.callWebhook('e2e-live', { msg: 'live' });
			expect(hook.status).toBe(200);
			const [hookExec] = await server.waitForExecutions(WF.live, { timeoutMs: 60000 });
			timings.webhookToExecutionMs = Date.now() - t;
			expect(hookExec.mode).toBe('webhook');
			expect(hookExec.status).toBe('success');
			expect(hookExec.output('Echo')[0].response).toEqual({ ok: true, path: '/from-live', got: { message: 'live', index: 0 } });
			expect(requestsTo('/from-live').every((r) => r.signatureValid)).toBe(true);

			// Polling trigger of the community package: n8n polls once on activation.
			const [pollExec] = await server.waitForExecutions(WF.poll, { timeoutMs: 60000 });
			expect(pollExec.mode).toBe('trigger');
			expect(pollExec.output('Poller')).toEqual([
				{ poll: 1, id: 'poll-item-1' },
				{ poll: 1, id: 'poll-item-2' },
			]);
			expect(requestsTo('/poll').every((r) => r.signatureValid && r.method === 'GET')).toBe(true);

			// Schedule trigger every 2 s keeps firing while the server runs.
			const ticks = await server.waitForExecutions(WF.schedule, { count: 2, timeoutMs: 60000 });
			expect(ticks.every((e) => e.status === 'success')).toBe(true);
			expect(requestsTo('/from-schedule').length).toBeGreaterThanOrEqual(2);
			await server.deactivateWorkflow(WF.schedule);

			// Restart: active workflows come back, static data of production runs is kept.
			t = Date.now();
			const restartAt = t;
			server = await n8n.restartMain(server);
			timings.restartMs = Date.now() - t;
			expect(await server.activeWorkflowIds()).toEqual(expect.arrayContaining([WF.live, WF.poll, WF.prod]));
			expect(await server.activeWorkflowIds()).not.toContain(WF.schedule);
			expect((await server.runByWebhook(WF.prod, 'e2e-prod-echo', { n: 3 })).output('Echo')[0].runs).toBe(3);
			// the first poll after the restart counts on from the saved static data; a minute tick
			// before the restart may have polled once more, so count on from the last poll before it
			const startedAfter = (e: { startedAt?: string }) => Date.parse(String(e.startedAt)) >= restartAt;
			const [firstAfter] = (await server.waitForExecutions(WF.poll, { predicate: startedAfter, timeoutMs: 60000 })).slice(-1);
			const pollsBefore = (await server.waitForExecutions(WF.poll, { predicate: (e) => !startedAfter(e), timeoutMs: 60000 })).map(
				(e) => Number(e.output('Poller')[0].poll),
			);
			expect(pollsBefore.length).toBeGreaterThanOrEqual(1);
			expect(firstAfter.output('Poller')[0]).toMatchObject({ poll: Math.max(...pollsBefore) + 1 });
		} catch (err) {
			process.stderr.write(`\n${server.logs(120)}\n`);
			throw err;
		}
		const pid = server.pid;
		t = Date.now();
		await server.stop();
		timings.stopMs = Date.now() - t;
		expect(server.exited).toBe(true);
		// The whole process group (n8n + its task runner) is gone.
		expect(() => process.kill(-pid, 0)).toThrow();
	}, 10 * 60 * 1000);
});
