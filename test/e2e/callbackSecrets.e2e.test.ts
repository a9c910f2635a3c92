/**
 * Issue 11 on a real n8n 2.41.1: the callback triggers' secrets (shared secret, Tanyi Token and
 * EncodingAESKey) live in n8n credentials, so they appear nowhere in what n8n stores or exports.
 * The workflows of examples/ and an encrypted-mode copy of the Tanyi one receive callbacks from
 * the emulators; then n8n is stopped and its SQLite database (execution data, workflow rows and
 * history, everything), an `export:workflow --all`, an `export:credentials --all` and n8n's log are
 * searched for every secret. Each search also looks for something that must be there (the ids of
 * the delivered calls, the webhook ids), so an empty or unreadable source cannot pass.
 *
 * Runs on its own stack (scripts/lib/stack.js: one n8n, REST imports, runs read back from the
 * stored executions); it adds one credential and one workflow for the encrypted mode.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tanyiSignedHeaders } from '../emulators/tanyi';
import { createTask } from '../nodes/Byrobot/ByrobotTrigger/support';

const stack = require('../../scripts/lib/stack');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;

const TOKEN = 'e2eCallbackTokenAbc123';
const AES_KEY = 'Qk9ndXNLZXlGb3JUaGVFMmVUZXN0T25seTAxMjM0NTY';
const SECRETS = { 'shared secret': stack.CALLBACK_SECRET as string, Token: TOKEN, EncodingAESKey: AES_KEY };
const ENCRYPTED = 'tanyi-callback-encrypted';
/** stands for a secret kept in a node parameter: the searches must find it everywhere */
const PARAMETER_MARKER = `parameter-marker-${Math.random().toString(36).slice(2)}`;

let emulators: any;
let prepared: any;
let server: any;
let live: any;
const deliveredIds: string[] = [];
let dbText = '';
let workflowExport = '';
let credentialExport = '';
let n8nLog = '';
let encryptedRuns: Json[] = [];

async function createTanyiJob(): Promise<number> {
	const res = await fetch(`${emulators.tanyi.url}/job/create`, {
		method: 'POST',
		headers: tanyiSignedHeaders(emulators.tanyi.credentials),
		body: JSON.stringify({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: { name: 'secrets e2e', mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00', dialogFlowId: 2, robotCount: 2, phoneType: 'LANDLINE' },
		}),
	});
	const json = (await res.json()) as { code: number; data: { robotCallJobId: number } };
	if (json.code !== 200) throw new Error(`cannot create a Tanyi job: ${JSON.stringify(json)}`);
	return json.data.robotCallJobId;
}

/** every file of the SQLite database (the main file and, if n8n left them, its journal files) as text */
function databaseText(userFolder: string): string {
	const dir = path.join(userFolder, '.n8n');
	const files = fs.readdirSync(dir).filter((f) => /^database\.sqlite/.test(f));
	if (!files.includes('database.sqlite')) throw new Error(`no database.sqlite in ${dir}`);
	return files.map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
}

async function cliExport(userFolder: string, what: 'workflow' | 'credentials'): Promise<string> {
	const file = path.join(userFolder, `export-${what}.json`);
	const result = await stack.n8n.runCommand(userFolder, `export:${what}`, ['--all', `--output=${file}`]);
	if (result.code !== 0) throw new Error(`n8n export:${what} failed (exit ${result.code}):\n${result.output.slice(-3000)}`);
	return fs.readFileSync(file, 'utf8');
}

beforeAll(async () => {
	const tarball = await stack.buildAndPack();
	emulators = await stack.startEmulators({ fixedPorts: false });
	prepared = await stack.startN8nWithExamples({ tarball, emulators });
	server = prepared.server;
	const { userFolder, examples } = prepared;

	// the Tanyi example again, with a credential in encrypted mode
	await server.importCredentials([
		{ name: 'Tanyi callback encrypted', type: 'tanyiCallbackApi', data: { authMode: 'encrypted', token: TOKEN, encodingAesKey: AES_KEY } },
	]);
	const copy = JSON.parse(JSON.stringify(examples['tanyi-callback-notify']));
	copy.name = 'Tanyi Callback Trigger: encrypted';
	copy.nodes[0].webhookId = 'callbot-tanyi-callback-encrypted';
	copy.nodes[0].credentials = { tanyiCallbackApi: { id: null, name: 'Tanyi callback encrypted' } };
	// a value in a node parameter, as the secrets were before: n8n copies it into every execution
	copy.nodes[1].parameters.jsCode = `// ${PARAMETER_MARKER}\n${copy.nodes[1].parameters.jsCode}`;
	[prepared.ids[ENCRYPTED]] = await server.importWorkflows([copy]);

	live = await stack.activateLiveExamples({ ...prepared, emulators });
	await server.activateWorkflow(prepared.ids[ENCRYPTED]);
	await server.waitForWebhook(`${copy.nodes[0].webhookId}/callback`, { method: 'POST' });

	// plain callbacks with the shared secret in the query, for each vendor
	const { tanyi, byrobot, autodialer } = emulators;
	const jobId = await createTanyiJob();
	for (const record of tanyi.addCallRecords(jobId, [{}, {}, {}])) deliveredIds.push(String(record.callRecordId));
	const byrobotTask = await createTask({ taskName: 'secrets e2e' }, byrobot);
	for (const call of byrobot.addCallRecords(byrobotTask, [{}, {}])) deliveredIds.push(String(call.callInstanceId));
	const hangup = { call_id: 'e2e-secrets-call-1', task_uuid: 't', number: '13800138000', status: 1, duration: 5, hangup_at: '2026-01-01 10:00:00' };
	await autodialer.sendHangupCallback(live.url('autodialer-callback-notify'), hangup);
	deliveredIds.push(hangup.call_id);
	await Promise.all([tanyi.flushCallbacks(), byrobot.flushCallbacks({ timeoutMs: 5 * 60_000 })]);

	// encrypted callbacks: the URL check, then two call records
	tanyi.setCallbackUrl(`${server.url}/webhook/${copy.nodes[0].webhookId}/callback`, { encrypted: { token: TOKEN, encodingAesKey: AES_KEY } });
	const check = await tanyi.verifyCallbackUrl();
	if (!check.ok) throw new Error(`URL verification failed: ${JSON.stringify(check)}`);
	for (const record of tanyi.addCallRecords(jobId, [{}, {}])) deliveredIds.push(String(record.callRecordId));
	await tanyi.flushCallbacks();

	for (const [key, count] of [['tanyi-callback-notify', 3], ['byrobot-callback-notify', 2], ['autodialer-callback-notify', 1], [ENCRYPTED, 2]] as const) {
		const runs = await server.waitForExecutions(prepared.ids[key], { count, timeoutMs: 180_000 });
		if (key === ENCRYPTED) encryptedRuns = runs;
	}
	await server.stop(); // n8n closes the database: everything it wrote is in the files
	n8nLog = fs.readFileSync(server.logFile, 'utf8');
	dbText = databaseText(userFolder);
	workflowExport = await cliExport(userFolder, 'workflow');
	credentialExport = await cliExport(userFolder, 'credentials');
});

afterAll(async () => {
	await server?.stop();
	await emulators?.close();
	if (prepared?.userFolder) stack.n8n.removeUserFolder(prepared.userFolder);
});

describe('callback secrets on a real n8n (issue 11)', () => {
	it('every callback was delivered and answered "success"; the encrypted ones started runs', () => {
		for (const vendor of ['tanyi', 'byrobot']) {
			for (const d of emulators[vendor].callbackDeliveries) {
				const last = d.attempts[d.attempts.length - 1];
				expect([last.status, String(last.body).trim()]).toEqual([200, 'success']);
			}
		}
		expect(encryptedRuns).toHaveLength(2);
		expect(encryptedRuns.map((r) => String(r.output('Notify Sales')[0].callId))).toEqual(expect.arrayContaining(deliveredIds.slice(-2)));
	});

	it('the searches see what n8n stored: the delivered calls in the execution data, the workflows in the export', () => {
		for (const id of deliveredIds) expect(dbText).toContain(id);
		expect(dbText).toContain('callbot-tanyi-callback-encrypted');
		for (const webhookId of ['callbot-tanyi-callback', 'callbot-byrobot-callback', 'callbot-autodialer-callback', 'callbot-tanyi-callback-encrypted']) {
			expect(workflowExport).toContain(webhookId);
		}
		expect(credentialExport).toContain('Tanyi callback encrypted');
		expect(n8nLog.length).toBeGreaterThan(0);
	});

	it('a value kept in a node parameter (where the secrets used to be) is found in every execution and the export', () => {
		// the workflow row, its history, and one stored workflow snapshot per execution
		expect(dbText.split(PARAMETER_MARKER).length - 1).toBeGreaterThanOrEqual(2 + encryptedRuns.length);
		expect(workflowExport).toContain(PARAMETER_MARKER);
	});

	it.each(Object.entries(SECRETS))('REQUIRED: the %s is in none of n8n’s stored data, exports or log', (_name, secret) => {
		const hits = {
			database: dbText.split(secret).length - 1,
			'exported workflows': workflowExport.split(secret).length - 1,
			'exported credentials (encrypted)': credentialExport.split(secret).length - 1,
			log: n8nLog.split(secret).length - 1,
		};
		expect(hits).toEqual({ database: 0, 'exported workflows': 0, 'exported credentials (encrypted)': 0, log: 0 });
	});
});
