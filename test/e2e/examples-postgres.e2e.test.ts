/**
 * The examples that chain n8n's own nodes, on a real n8n 2.41.1 and a real PostgreSQL
 * (scripts/lib/n8n/postgres.js: a throwaway cluster on loopback):
 * - tanyi-postgres-leads-import: n8n's Postgres node reads the leads table → Tanyi import → start;
 * - tanyi-postgres-call-results: the Tanyi Callback Trigger → Postgres Insert or Update on
 *   dedup_key; then every delivery again through a second copy of the workflow (a second process
 *   without the first one's de-dup memory): rows are updated, none added;
 * - byrobot-csv-leads-import: Read/Write Files from Disk → Extract From File (CSV) → Byrobot
 *   import → start. n8n 2.x reads files only under N8N_RESTRICT_FILE_ACCESS_TO, so this n8n gets
 *   the test's own folder there.
 * Assertions read the emulators' state and request logs and the tables' contents.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const stack = require('../../scripts/lib/stack');
const { startPostgres } = require('../../scripts/lib/n8n/postgres');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;

const LEADS = 250;
const CSV_LEADS = 130;
const CALLS = 30;
const WAIT_MS = 360_000;
const REPLAY_WEBHOOK_ID = 'callbot-tanyi-postgres-results-replay';

const reporter = stack.n8n.createReporter({ write: (line: string) => process.stderr.write(`[e2e] ${line}\n`) });
let emulators: any;
let pg: any;
let prepared: any;
let server: any;
let filesDir = '';
let leads: Array<{ phone: string; name: string; amount: string }> = [];
let csvLeads: Array<{ phone: string; name: string }> = [];
let tanyiJobId = 0;
const finished: Json[] = [];

/**
 * Extract From File loads ts-ics, whose peer dependency date-fns a plain `npm install n8n` adds
 * but the runtime's `--legacy-peer-deps` install leaves out ("Cannot find module 'date-fns'").
 * Without touching the shared runtime, this run installs date-fns 2 into .cache/ and hands it to
 * n8n through NODE_PATH; nothing is done when the runtime has it.
 */
async function runtimePeersPath(): Promise<string | undefined> {
	const tsIcs = path.join(stack.n8n.runtimePaths().runtimeDir, 'node_modules', 'ts-ics');
	try {
		require.resolve('date-fns', { paths: [tsIcs] });
		return undefined;
	} catch {
		// missing: install it beside the runtime
	}
	const dir = path.join(stack.CACHE, 'n8n-runtime-peers');
	const modules = path.join(dir, 'node_modules');
	if (fs.existsSync(path.join(modules, 'date-fns', 'package.json'))) return modules;
	fs.mkdirSync(dir, { recursive: true });
	const args = ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', dir, 'date-fns@2.30.0'];
	const output = await new Promise<string>((resolve, reject) => {
		const child = spawn('npm', args, { cwd: stack.ROOT, env: stack.n8n.cleanEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
		let text = '';
		child.stdout.on('data', (d) => (text += d));
		child.stderr.on('data', (d) => (text += d));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`npm ${args.join(' ')} failed (exit ${code}):\n${text}`))));
	});
	if (!fs.existsSync(path.join(modules, 'date-fns', 'package.json'))) throw new Error(`date-fns was not installed into ${dir}:\n${output}`);
	return modules;
}

/** rows of a SELECT as arrays of column texts (psql -A -t: `|` between columns) */
async function rows(sql: string): Promise<string[][]> {
	const out: string = await pg.psql(sql);
	return out
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('|'));
}

const sorted = (values: string[]) => [...values].sort();
const callKey = (record: Json) => `tanyi:call:${String(record.callRecordId)}`;
const intentLetter = (record: Json) => String(record.realIntentLevel ?? record.intentLevel).charAt(0);

/** stopped executions of a workflow, once none of them is still running */
async function settledExecutions(workflowId: string, count: number): Promise<Json[]> {
	await server.waitForExecutions(workflowId, { count, timeoutMs: WAIT_MS });
	return await stack.n8n.waitUntil(
		async () => {
			const list = await server.listExecutions({ workflowId });
			return list.every((e: Json) => e.stoppedAt) ? list : undefined;
		},
		{ timeoutMs: WAIT_MS, what: `every execution of ${workflowId} to stop`, intervalMs: 500 },
	);
}

/**
 * POSTs a callback until n8n answers `success` (5 tries, 60 s each, 2 s apart): on a starved
 * machine n8n may answer 503 while its database is busy.
 */
async function deliverPatiently(url: string, payload: Json): Promise<boolean> {
	for (let attempt = 0; attempt < 5; attempt++) {
		try {
			const res = await stack.n8n.httpRequest('POST', url, payload);
			if (res.status === 200 && String(res.body).trim() === 'success') return true;
		} catch {
			// timed out or connection dropped: try again, as the vendor would
		}
		await stack.n8n.sleep(2000);
	}
	return false;
}

/** the call ids the stored executions of a results workflow received */
async function receivedCallIds(executions: Json[]): Promise<string[]> {
	const ids: string[] = [];
	for (const e of executions) ids.push(String((await server.getExecution(e.id)).output('Tanyi Callback')[0].callId));
	return ids;
}

beforeAll(async () => {
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack());
	emulators = await stack.startEmulators({ fixedPorts: false });
	pg = await reporter.phase('start PostgreSQL', () => startPostgres({ database: 'crm' }));
	await pg.psql(fs.readFileSync(stack.POSTGRES_TABLES_SQL, 'utf8'));
	await pg.psql(
		`INSERT INTO callbot_leads (phone, name, amount) SELECT '1391' || lpad(g::text, 7, '0'), 'Lead ' || g, (100 + g * 10)::text FROM generate_series(1, ${LEADS}) AS g`,
	);
	leads = (await rows('SELECT phone, name, amount FROM callbot_leads ORDER BY id')).map(([phone, name, amount]) => ({ phone, name, amount }));

	filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callbot-e2e-files-'));
	csvLeads = Array.from({ length: CSV_LEADS }, (_, i) => ({ phone: `1392${String(i + 1).padStart(7, '0')}`, name: `CSV Lead ${i + 1}` }));
	fs.writeFileSync(path.join(filesDir, 'callbot-leads.csv'), ['phone,name', ...csvLeads.map((l) => `${l.phone},${l.name}`)].join('\n') + '\n');

	const peers = await reporter.phase('date-fns for Extract From File', () => runtimePeersPath());
	prepared = await stack.startN8nWithExamples({
		tarball,
		emulators,
		reporter,
		postgres: pg,
		filesDir,
		env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir, ...(peers ? { NODE_PATH: peers } : {}) },
	});
	server = prepared.server;
});

afterAll(async () => {
	await prepared?.server?.stop();
	await emulators?.close();
	await pg?.stop();
	if (prepared) stack.n8n.removeUserFolder(prepared.userFolder);
	if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
	reporter.line(`phases: ${reporter.summary()}`);
});

describe('leads from a Postgres table → Tanyi import → start', () => {
	let run: any;
	beforeAll(async () => {
		expect(leads).toHaveLength(LEADS);
		emulators.tanyi.server.clearLog();
		run = await reporter.phase('run tanyi-postgres-leads-import', () => server.runManually(prepared.ids['tanyi-postgres-leads-import']));
		tanyiJobId = Number(run.output('Create Job')[0].robotCallJobId);
	});

	it("n8n's Postgres node emits every row of the table", () => {
		expect(run.output('Leads From Postgres')).toEqual(leads);
	});

	it('exactly the table’s leads are imported into the job, with name and variable, in 3 requests', () => {
		const imported = run.output('Import Customers');
		expect(imported).toHaveLength(LEADS);
		expect(imported.every((o: Json) => o.status === 'imported')).toBe(true);
		const tasks = emulators.tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === tanyiJobId);
		expect(sorted(tasks.map((t: Json) => t.calledPhoneNumber))).toEqual(sorted(leads.map((l) => l.phone)));
		const byPhone = new Map(leads.map((l) => [l.phone, l]));
		for (const task of tasks) {
			expect(task.customerPersonName).toBe(byPhone.get(task.calledPhoneNumber)!.name);
			expect(task.properties['欠款金额']).toBe(byPhone.get(task.calledPhoneNumber)!.amount);
		}
		expect(stack.requestCounts(emulators.tanyi, ['/job/create', '/job/importCustomer', '/job/start'])).toEqual({
			'/job/create': 1,
			'/job/importCustomer': Math.ceil(LEADS / 100),
			'/job/start': 1,
		});
	});

	it('the job is started', () => {
		expect(emulators.tanyi.state.jobs.find((j: Json) => j.robotCallJobId === tanyiJobId)?.status).toBe('IN_PROCESS');
	});
});

describe('Tanyi call results → Postgres, upserted on dedupKey', () => {
	let executions: Json[] = [];
	const repushed: Array<{ callId: string; ok: boolean }> = [];
	beforeAll(async () => {
		const id = prepared.ids['tanyi-postgres-call-results'];
		await server.activateWorkflow(id);
		const webhookPath = `${prepared.examples['tanyi-postgres-call-results'].nodes[0].webhookId}/callback`;
		await server.waitForWebhook(webhookPath, { method: 'POST', timeoutMs: WAIT_MS });
		const url = `${server.webhookUrl}/webhook/${webhookPath}?token=${stack.CALLBACK_SECRET}`;
		emulators.tanyi.setCallbackUrl(url);
		// One call at a time: 30 callbacks at once, each retried after the emulator's 5 s timeout,
		// starved n8n on a loaded machine until the vendor's retry schedule ran out. A delivery the
		// emulator gave up on is pushed again by the test, patiently (delivery itself is covered
		// by callbot.e2e; here the table is the point).
		await reporter.phase(`deliver ${CALLS} callbacks`, async () => {
			for (let i = 0; i < CALLS; i++) {
				finished.push(...emulators.tanyi.completeCalls(tanyiJobId, 1));
				await emulators.tanyi.flushCallbacks();
			}
			for (const delivery of stack.callDeliveries('tanyi', emulators.tanyi).calls) {
				if (delivery.state !== 'delivered') repushed.push({ callId: String(delivery.payload.data.callRecordId), ok: await deliverPatiently(url, delivery.payload) });
			}
		});
		executions = await settledExecutions(id, CALLS);
	});

	it(`every one of the ${CALLS} finished calls reached the workflow and every run succeeded`, async () => {
		expect(finished).toHaveLength(CALLS);
		const calls = stack.callDeliveries('tanyi', emulators.tanyi);
		expect(calls.calls).toHaveLength(CALLS);
		expect(calls.acknowledged.length + repushed.filter((r) => r.ok).length).toBe(CALLS);
		if (repushed.length > 0) reporter.line(`pushed again after the emulator gave up: ${repushed.map((r) => r.callId).join(', ')}`);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		// a delivery retried before n8n remembered it may run twice; the upsert below absorbs that
		expect(sorted([...new Set(await receivedCallIds(executions))])).toEqual(sorted(finished.map((r) => String(r.callRecordId))));
	});

	it('the table holds one row per dedupKey with the call’s fields', async () => {
		const table = await rows('SELECT dedup_key, vendor, call_id, job_id, phone, status, intent_level, duration_seconds FROM callbot_call_results ORDER BY dedup_key');
		expect(table.map((r) => r[0])).toEqual(sorted(finished.map(callKey)));
		const byKey = new Map(finished.map((r) => [callKey(r), r]));
		for (const [key, vendor, callId, jobId, phone, status, intent, duration] of table) {
			const record = byKey.get(key)!;
			expect({ vendor, callId, jobId, phone, intent, duration }).toEqual({
				vendor: 'tanyi',
				callId: String(record.callRecordId),
				jobId: String(tanyiJobId),
				phone: record.calledPhoneNumber,
				intent: intentLetter(record),
				duration: String(record.chatDuration),
			});
			expect(status).toMatch(/^[a-z_]+$/);
		}
	});

	it('processing every delivery again (a second workflow, no shared de-dup memory) updates the rows and adds none', async () => {
		const before = await rows('SELECT dedup_key, status FROM callbot_call_results ORDER BY dedup_key');
		await pg.psql("UPDATE callbot_call_results SET status = 'stale', intent_level = NULL");
		const copy = JSON.parse(JSON.stringify(prepared.examples['tanyi-postgres-call-results']));
		copy.name = `${copy.name} (replay)`;
		copy.nodes[0].webhookId = REPLAY_WEBHOOK_ID;
		const [id] = await server.importWorkflows([copy]);
		await server.activateWorkflow(id);
		await server.waitForWebhook(`${REPLAY_WEBHOOK_ID}/callback`, { method: 'POST', timeoutMs: WAIT_MS });
		const url = `${server.webhookUrl}/webhook/${REPLAY_WEBHOOK_ID}/callback?token=${stack.CALLBACK_SECRET}`;
		const deliveries = stack.callDeliveries('tanyi', emulators.tanyi).calls;
		expect(deliveries).toHaveLength(CALLS);
		for (const delivery of deliveries) expect(await deliverPatiently(url, delivery.payload)).toBe(true);
		const replayed = await settledExecutions(id, CALLS);
		expect(replayed.every((e) => e.status === 'success')).toBe(true);
		expect(sorted([...new Set(await receivedCallIds(replayed))])).toEqual(sorted(finished.map((r) => String(r.callRecordId))));
		const after = await rows('SELECT dedup_key, status FROM callbot_call_results ORDER BY dedup_key');
		expect(after).toEqual(before);
		expect(Number((await rows('SELECT count(*) FROM callbot_call_results WHERE intent_level IS NULL'))[0][0])).toBe(0);
	});
});

describe('a CSV file → Read/Write Files from Disk → Extract From File → Byrobot import → start', () => {
	let run: any;
	let taskId = 0;
	beforeAll(async () => {
		emulators.byrobot.server.clearLog();
		run = await reporter.phase('run byrobot-csv-leads-import', () => server.runManually(prepared.ids['byrobot-csv-leads-import']));
		taskId = Number(run.output('Create Task')[0].taskId);
	});

	it('Extract From File emits one item per CSV row', () => {
		expect(run.output('Leads From CSV')).toEqual(csvLeads);
	});

	it('exactly the file’s leads are imported into the task, in 2 requests, and the task runs', () => {
		expect(run.output('Import Customers')).toHaveLength(CSV_LEADS);
		const customers = emulators.byrobot.state.calls.filter((c: Json) => c.callJobId === taskId);
		expect(sorted(customers.map((c: Json) => c.customerTelephone))).toEqual(sorted(csvLeads.map((l) => l.phone)));
		const names = new Map(csvLeads.map((l) => [l.phone, l.name]));
		expect(customers.every((c: Json) => c.customerName === names.get(c.customerTelephone))).toBe(true);
		expect(stack.requestCounts(emulators.byrobot, ['/task/createTask', '/task/importTaskCustomer', '/task/start'])).toEqual({
			'/task/createTask': 1,
			'/task/importTaskCustomer': Math.ceil(CSV_LEADS / 100),
			'/task/start': 1,
		});
		expect(emulators.byrobot.state.tasks.find((t: Json) => t.callJobId === taskId)?.status).toBe(1);
	});
});
