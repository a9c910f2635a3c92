'use strict';
/**
 * The whole demo stack, shared by `npm run demo` and the real-n8n e2e suite so they cannot
 * drift apart: the three vendor emulators, this package built + packed + installed the way users
 * install community nodes, a real n8n 2.41.1 with credentials pointing at the emulators, and the
 * workflows of examples/.
 *
 * The emulators are TypeScript: the caller must be able to require .ts (jest does; scripts/demo.js
 * registers ts-node first).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const n8n = require('./n8n');

const ROOT = n8n.PROJECT_ROOT;
const CACHE = path.join(ROOT, '.cache');
const PACKAGE_NAME = 'n8n-nodes-callbot';
const TYPES = {
	tanyi: `${PACKAGE_NAME}.tanyi`,
	tanyiTrigger: `${PACKAGE_NAME}.tanyiTrigger`,
	tanyiCallbackTrigger: `${PACKAGE_NAME}.tanyiCallbackTrigger`,
	byrobot: `${PACKAGE_NAME}.byrobot`,
	byrobotTrigger: `${PACKAGE_NAME}.byrobotTrigger`,
	byrobotCallbackTrigger: `${PACKAGE_NAME}.byrobotCallbackTrigger`,
	autodialer: `${PACKAGE_NAME}.autodialer`,
	autodialerCallbackTrigger: `${PACKAGE_NAME}.autodialerCallbackTrigger`,
};
/** calls per vendor finished while n8n runs, so that their callbacks reach the webhooks */
const LIVE_CALLS = 20;
/** the secret the example callback workflows carry */
const CALLBACK_SECRET = 'change-me-to-a-long-random-secret';

function log(quiet, ...args) {
	if (!quiet) console.log(...args);
}

/** `npm run build` then `npm pack` into .cache/; returns the tarball path. */
function buildAndPack({ quiet = false } = {}) {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	const build = spawnSync(npm, ['run', 'build'], { cwd: ROOT, encoding: 'utf8', env: n8n.cleanEnv(process.env) });
	if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
	fs.mkdirSync(CACHE, { recursive: true });
	for (const old of fs.readdirSync(CACHE).filter((f) => f.endsWith('.tgz'))) fs.rmSync(path.join(CACHE, old));
	const tarball = n8n.packPackage(ROOT, CACHE);
	log(quiet, `  packed ${path.relative(ROOT, tarball)}`);
	return tarball;
}

/** The three emulators on fixed ports when free (examples/ use Tanyi's 18601), else any port. */
async function startEmulators({ fixedPorts = true } = {}) {
	const { startTanyiSimulator } = require('../../test/emulators/tanyi');
	const { startByrobotSimulator } = require('../../test/emulators/byrobot');
	const { startAutodialerSimulator } = require('../../test/emulators/autodialer');
	const tryStart = async (start, port, options) => {
		if (fixedPorts) {
			try {
				return await start({ ...options, port });
			} catch (error) {
				if (error.code !== 'EADDRINUSE') throw error;
			}
		}
		return start(options);
	};
	// calls are finished deterministically by the demo (completeCalls), not by the clock
	const tanyi = await tryStart(startTanyiSimulator, 18601, { callsPerSecond: 0 });
	const byrobot = await tryStart(startByrobotSimulator, 18602, { callsPerSecond: 0 });
	const autodialer = await tryStart(startAutodialerSimulator, 18603, { callsPerSecond: 0 });
	return {
		tanyi,
		byrobot,
		autodialer,
		async close() {
			await Promise.all([tanyi.close(), byrobot.close(), autodialer.close()]);
		},
	};
}

/** Credentials named as examples/ reference them, pointing at the emulators. */
function credentialsFor(emulators) {
	return [
		{ name: 'Tanyi account', type: 'tanyiApi', data: { ...emulators.tanyi.credentials } },
		{
			name: 'Byrobot account',
			type: 'byrobotApi',
			data: { ...emulators.byrobot.credentials, companyId: String(emulators.byrobot.credentials.companyId) },
		},
		{ name: 'Autodialer account', type: 'autodialerApi', data: { ...emulators.autodialer.credentials } },
		// the callback triggers' secret (the callback URLs carry it as ?token=)
		...['tanyi', 'byrobot', 'autodialer'].map((vendor) => ({
			name: `${vendor[0].toUpperCase()}${vendor.slice(1)} callback`,
			type: `${vendor}CallbackApi`,
			data: { authMode: 'query', secret: CALLBACK_SECRET, queryParameter: 'token' },
		})),
	];
}

/** examples/*.json, with the HTTP Request example pointed at the running Tanyi emulator. */
function loadExamples(emulators) {
	const dir = path.join(ROOT, 'examples');
	const examples = {};
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		const text = fs.readFileSync(path.join(dir, file), 'utf8').split('http://127.0.0.1:18601/apiOpen/v1').join(emulators.tanyi.url);
		examples[file.replace(/\.json$/, '')] = JSON.parse(text);
	}
	return examples;
}

/**
 * A fresh n8n user folder with the packed package installed into .n8n/nodes, credentials and all
 * examples imported. Fails loudly if n8n does not load the package's nodes.
 */
async function prepareN8n({ tarball, emulators, quiet = false }) {
	const runtime = n8n.provision({ quiet });
	log(quiet, `  n8n runtime ready (${(runtime.durationMs / 1000).toFixed(1)} s)`);
	const userFolder = n8n.createUserFolder({ packageTarball: tarball, parentDir: CACHE });
	const loaded = await n8n.assertPackageLoaded(userFolder, { packageName: PACKAGE_NAME, nodeTypes: Object.values(TYPES) });
	log(quiet, `  n8n loaded ${loaded.length} node types of ${PACKAGE_NAME}`);
	await n8n.importCredentials(userFolder, credentialsFor(emulators));
	const examples = loadExamples(emulators);
	const ids = {};
	for (const [key, workflow] of Object.entries(examples)) {
		ids[key] = await n8n.importWorkflow(userFolder, workflow);
	}
	log(quiet, `  imported 3 credentials and ${Object.keys(ids).length} example workflows`);
	return { userFolder, ids, examples, loadedTypes: loaded };
}

/** Counts of the emulator's logged requests by path suffix. */
function requestCounts(sim, suffixes) {
	const counts = {};
	for (const suffix of suffixes) counts[suffix] = sim.server.requests(suffix).length;
	return counts;
}

function intentHistogram(records, key = 'intentLevel') {
	const histogram = {};
	for (const record of records) {
		const level = record[key] ?? '-';
		histogram[level] = (histogram[level] ?? 0) + 1;
	}
	return histogram;
}

/**
 * Runs the action examples through `n8n execute` (the CLI) and returns what they produced and
 * what the emulators saw. Between the import and the results workflow the emulator finishes the
 * Tanyi calls, as the vendor would once the job runs.
 */
async function runActionExamples({ userFolder, ids, emulators, quiet = false }) {
	const { tanyi, byrobot, autodialer } = emulators;
	const result = {};
	const timed = async (key) => {
		const started = Date.now();
		const run = await n8n.executeWorkflow(userFolder, ids[key]);
		log(quiet, `  ran "${key}" in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return run;
	};

	tanyi.server.clearLog();
	const tanyiRun = await timed('tanyi-leads-import-start');
	const tanyiImported = tanyiRun.output('Import Customers');
	const tanyiJobId = Number(tanyiRun.output('Create Job')[0].robotCallJobId);
	result.tanyi = {
		jobId: tanyiJobId,
		imported: tanyiImported.filter((o) => o.status === 'imported').length,
		outputs: tanyiImported.length,
		requests: requestCounts(tanyi, ['/job/create', '/job/importCustomer', '/job/start']),
		jobStatus: tanyi.state.jobs.find((j) => j.robotCallJobId === tanyiJobId)?.status,
	};
	// most calls finish now; the last LIVE_CALLS finish while n8n runs, as callbacks
	const finished = tanyi.completeCalls(tanyiJobId, Math.max(0, tanyiImported.length - LIVE_CALLS));
	result.tanyi.callsFinished = finished.length;

	tanyi.server.clearLog();
	const resultsRun = await timed('tanyi-call-results-notify');
	const records = resultsRun.output('Call Records');
	result.tanyi.recordsRead = records.length;
	result.tanyi.recordRequests = tanyi.server.requests('/callRecord/getCallRecordInfoList').length;
	result.tanyi.byIntent = intentHistogram(records);
	result.tanyi.notifications = resultsRun.output('Notify Sales');
	result.tanyi.simplifiedSample = records[0];

	byrobot.server.clearLog();
	const byRun = await timed('byrobot-leads-import-start');
	const taskId = Number(byRun.output('Create Task')[0].taskId);
	result.byrobot = {
		taskId,
		imported: byRun.output('Import Customers').length,
		requests: requestCounts(byrobot, ['/task/createTask', '/task/importTaskCustomer', '/task/start']),
		taskStatus: byrobot.state.tasks.find((t) => t.callJobId === taskId)?.status,
	};

	autodialer.server.clearLog();
	const adRun = await timed('autodialer-leads-import-start');
	const uuid = adRun.output('Create Job')[0].uuid;
	const task = autodialer.task(uuid);
	result.autodialer = {
		uuid,
		imported: adRun.output('Import Numbers').length,
		requests: requestCounts(autodialer, ['/v1/task/create', '/import_task_customer/' + uuid, '/v1/task/start/' + uuid]),
		started: task?.start,
		total: task?.numbers?.length,
	};

	tanyi.server.clearLog();
	const httpRun = await timed('http-request-tanyi-signed');
	result.http = {
		output: httpRun.output('Get Tenant')[0],
		signedHeaders: Object.keys(tanyi.server.log[0]?.headers ?? {}).filter((h) => ['appkey', 'tenantsign', 'signature', 'timestamp', 'version'].includes(h)),
	};
	return result;
}

/**
 * Starts n8n with the polling-trigger and callback examples active, points the emulators'
 * callbacks at the webhooks, and finishes a few calls so that callbacks arrive.
 */
async function runLiveExamples({ userFolder, ids, examples, emulators, quiet = false, port }) {
	const live = ['tanyi-trigger-new-call-notify', 'tanyi-callback-notify', 'byrobot-callback-notify', 'autodialer-callback-notify'];
	for (const key of live) await n8n.publishWorkflow(userFolder, ids[key]);
	const server = await n8n.startN8n(userFolder, { port });
	await server.login();
	// every live workflow must be active; an activation that failed would otherwise only show as
	// a missing run later
	const wanted = live.map((key) => ids[key]);
	const deadline = Date.now() + 30_000;
	let active = [];
	while (Date.now() < deadline) {
		active = await server.activeWorkflowIds();
		if (wanted.every((id) => active.includes(id))) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const inactive = live.filter((key) => !active.includes(ids[key]));
	if (inactive.length > 0) {
		throw new Error(`n8n did not activate: ${inactive.join(', ')}\n--- n8n log ---\n${server.logs().slice(-4000)}`);
	}
	log(quiet, `  n8n is running at ${server.url} (started in ${(server.startMs / 1000).toFixed(1)} s)`);
	const webhookPath = (key) => {
		const node = examples[key].nodes[0];
		return `${node.webhookId}/callback`;
	};
	for (const key of live.slice(1)) await server.waitForWebhook(webhookPath(key), { method: 'POST' });
	const url = (key) => `${server.url}/webhook/${webhookPath(key)}?token=${CALLBACK_SECRET}`;

	const { tanyi, byrobot, autodialer } = emulators;
	tanyi.setCallbackUrl(url('tanyi-callback-notify'));
	byrobot.setCallbackUrl(url('byrobot-callback-notify'));
	autodialer.setCallbackUrl(url('autodialer-callback-notify'));
	return { server, url, live };
}

module.exports = {
	ROOT,
	CACHE,
	PACKAGE_NAME,
	TYPES,
	CALLBACK_SECRET,
	LIVE_CALLS,
	buildAndPack,
	startEmulators,
	credentialsFor,
	loadExamples,
	prepareN8n,
	runActionExamples,
	runLiveExamples,
	intentHistogram,
	requestCounts,
	n8n,
};
