'use strict';
/**
 * The whole demo stack, shared by `npm run demo` and the real-n8n e2e suite so they cannot drift
 * apart: the three vendor emulators, this package built + packed + installed the way users install
 * community nodes, ONE running n8n 2.41.1 with credentials pointing at the emulators and the
 * workflows of examples/ imported through its REST API, the action examples run inside it, and the
 * trigger examples activated in it.
 *
 * The emulators are TypeScript: the caller must be able to require .ts (jest does; scripts/demo.js
 * registers ts-node first).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const n8n = require('./n8n');
const verdict = require('./verdict');

const ROOT = n8n.PROJECT_ROOT;
const CACHE = path.join(ROOT, '.cache');
const PACKAGE_NAME = 'n8n-nodes-callbot';
/** The one place that knows where the vendor emulators live. */
const EMULATOR_MODULES = {
	tanyi: path.join(ROOT, 'test', 'emulators', 'tanyi'),
	byrobot: path.join(ROOT, 'test', 'emulators', 'byrobot'),
	autodialer: path.join(ROOT, 'test', 'emulators', 'autodialer'),
};
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
/**
 * How long one callback attempt of the emulators waits for n8n's answer in the stack. The vendors
 * do not document theirs (the emulators default to 5 s); on a starved 2-core machine (load 26 seen
 * in CI) n8n needed more than 5 s to answer a burst of 60 callbacks, every retry timed out too,
 * and the demo failed although n8n ran every call. 60 s makes an attempt fail only when n8n is
 * really not answering.
 */
const CALLBACK_TIMEOUT_MS = 60_000;
/**
 * Bound for waiting until every callback was delivered or given up: the longest retry schedule
 * the stack sets (Byrobot's, 27 tries over 96 s) with attempts that may each wait
 * CALLBACK_TIMEOUT_MS; reached only if n8n stops answering.
 */
const FLUSH_TIMEOUT_MS = 15 * 60_000;
/** the secret the example callback workflows carry */
const CALLBACK_SECRET = 'change-me-to-a-long-random-secret';
const ACTION_EXAMPLES = [
	'tanyi-leads-import-start',
	'tanyi-call-results-notify',
	'byrobot-leads-import-start',
	'autodialer-leads-import-start',
	'http-request-tanyi-signed',
];
const LIVE_EXAMPLES = ['tanyi-trigger-new-call-notify', 'tanyi-callback-notify', 'byrobot-callback-notify', 'autodialer-callback-notify'];
const CALLBACK_EXAMPLES = { tanyi: 'tanyi-callback-notify', byrobot: 'byrobot-callback-notify', autodialer: 'autodialer-callback-notify' };
/**
 * Examples chaining n8n's own nodes that need more than the emulators: a PostgreSQL database
 * (the tables of examples/callbot-postgres-tables.sql) or a CSV file on n8n's disk. The demo
 * imports but does not run them; test/e2e/examples-postgres.e2e.test.ts does.
 */
const POSTGRES_EXAMPLES = ['tanyi-postgres-leads-import', 'tanyi-postgres-call-results'];
const CSV_EXAMPLES = ['byrobot-csv-leads-import'];
/** where the CSV example reads its file: n8n 2.x's default allowed folder in its Docker image */
const EXAMPLE_FILES_DIR = '/home/node/.n8n-files';
/** the SQL creating the tables the Postgres examples use */
const POSTGRES_TABLES_SQL = path.join(ROOT, 'examples', 'callbot-postgres-tables.sql');

/**
 * Per-vendor options for the callback URL. Autodialer's retry policy is not documented
 * (inferred): 5 retries over 31 s, so that a busy n8n still gets every call (see startEmulators).
 */
const CALLBACK_OPTIONS = { autodialer: { retryDelaysMs: [1000, 2000, 4000, 8000, 16000], timeoutMs: CALLBACK_TIMEOUT_MS } };

/** A reporter that writes nothing (callers that only want results). */
const SILENT = n8n.createReporter({ write: () => {} });

function runLogged(command, args, logFile) {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'w');
		const child = spawn(command, args, { cwd: ROOT, env: n8n.cleanEnv(process.env), stdio: ['ignore', out, out] });
		child.on('error', reject);
		child.on('close', (code) => {
			fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`));
		});
	});
}

/** `npm run build` (output in .cache/build.log) then `npm pack` into .cache/; returns the tarball. */
async function buildAndPack() {
	fs.mkdirSync(CACHE, { recursive: true });
	await runLogged(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], path.join(CACHE, 'build.log'));
	for (const old of fs.readdirSync(CACHE).filter((f) => f.endsWith('.tgz'))) fs.rmSync(path.join(CACHE, old));
	// the build stages the all-in-one package in packages/<name> (scripts/packaging.js)
	return await n8n.packPackage(path.join(ROOT, 'packages', PACKAGE_NAME), CACHE);
}

/** What the build reads (scripts/packaging.js): a change to any of these makes a packed tarball stale. */
const BUILD_INPUTS = ['nodes', 'credentials', 'docs', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'tsconfig.json', 'gulpfile.js', 'scripts/packaging.js'];

function newestMtime(file) {
	const stat = fs.statSync(file, { throwIfNoEntry: false });
	if (!stat) return 0;
	if (!stat.isDirectory()) return stat.mtimeMs;
	return fs.readdirSync(file).reduce((newest, entry) => Math.max(newest, newestMtime(path.join(file, entry))), stat.mtimeMs);
}

/**
 * The tarball in .cache/ when it is newer than everything the build reads (in CI the real-n8n
 * suite packed it minutes before), else a fresh buildAndPack(). Returns {tarball, reused}.
 */
async function packedOrBuild() {
	const cached = fs.existsSync(CACHE) ? fs.readdirSync(CACHE).filter((f) => f.startsWith(`${PACKAGE_NAME}-`) && f.endsWith('.tgz')) : [];
	if (cached.length === 1) {
		const tarball = path.join(CACHE, cached[0]);
		const sources = Math.max(...BUILD_INPUTS.map((f) => newestMtime(path.join(ROOT, f))));
		if (fs.statSync(tarball).mtimeMs > sources) return { tarball, reused: true };
	}
	return { tarball: await buildAndPack(), reused: false };
}

/** The three emulators on fixed ports when free (examples/ use Tanyi's 18601), else any port. */
async function startEmulators({ fixedPorts = true } = {}) {
	const { startTanyiSimulator } = require(EMULATOR_MODULES.tanyi);
	const { startByrobotSimulator } = require(EMULATOR_MODULES.byrobot);
	const { startAutodialerSimulator } = require(EMULATOR_MODULES.autodialer);
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
	// calls are finished deterministically by the stack (completeCalls), not by the clock
	// Callback retries: the emulators' defaults compress the vendors' schedules so far (Byrobot's
	// 26 h to 10 s, Autodialer 3 retries in 0.35 s) that on a starved machine, where n8n needs more
	// than the emulators' 5 s timeout to answer a burst of 20 callbacks, deliveries gave up before
	// n8n caught up (seen: 8 of 20 acknowledged at load 11). Byrobot's schedule is compressed
	// 1000× instead (27 retries over 96 s); Tanyi's default already spans 51 s.
	const { BYROBOT_VENDOR_RETRY_SCHEDULE_MS } = require(EMULATOR_MODULES.byrobot);
	const tanyi = await tryStart(startTanyiSimulator, 18601, { callsPerSecond: 0, callbackTimeoutMs: CALLBACK_TIMEOUT_MS });
	const byrobot = await tryStart(startByrobotSimulator, 18602, {
		callsPerSecond: 0,
		callbackTimeoutMs: CALLBACK_TIMEOUT_MS,
		callbackRetryDelaysMs: BYROBOT_VENDOR_RETRY_SCHEDULE_MS.map((ms) => Math.round(ms / 1000)),
	});
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

/**
 * Credentials named as examples/ reference them, pointing at the emulators; with `postgres`
 * ({host, port, database, user, password}, e.g. n8n/postgres.js) also "Postgres account".
 */
function credentialsFor(emulators, { postgres } = {}) {
	const database = postgres
		? [{ name: 'Postgres account', type: 'postgres', data: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user, password: postgres.password, ssl: 'disable' } }]
		: [];
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
		...database,
	];
}

/**
 * examples/*.json, with the HTTP Request example pointed at the running Tanyi emulator and, given
 * `filesDir`, the CSV example reading from that folder instead of EXAMPLE_FILES_DIR.
 */
function loadExamples(emulators, { filesDir } = {}) {
	const dir = path.join(ROOT, 'examples');
	const examples = {};
	for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
		let text = fs.readFileSync(path.join(dir, file), 'utf8').split('http://127.0.0.1:18601/apiOpen/v1').join(emulators.tanyi.url);
		if (filesDir) text = text.split(`${EXAMPLE_FILES_DIR}/`).join(`${filesDir.replace(/\\/g, '/')}/`);
		examples[file.replace(/\.json$/, '')] = JSON.parse(text);
	}
	return examples;
}

/**
 * Provisions the runtime, makes a fresh user folder with the packed package installed, starts
 * ONE n8n on it, checks that n8n loaded every node of the package, and imports the credentials and
 * all examples through the REST API.
 * With `queue`, the n8n is a queue-mode cluster instead (n8n/cluster.js: Postgres, Redis, main,
 * 2 workers, 2 webhook processes behind a load balancer, each process with the package installed
 * in its own user folder); `queue` may carry cluster options ({workers, webhooks, env}).
 * The result's `stop()` stops whichever it was and removes its folders.
 * `postgres` adds the "Postgres account" credential (credentialsFor), `filesDir` points the CSV
 * example there (loadExamples), `env` is extra environment for the n8n main process.
 * @param {{tarball: string, emulators: object, port?: number, reporter?: object, queue?: boolean | object,
 *   postgres?: object, filesDir?: string, env?: Record<string, string>}} options
 */
async function startN8nWithExamples({ tarball, emulators, port, reporter = SILENT, queue, postgres, filesDir, env }) {
	await reporter.phase('n8n runtime (provision-n8n.sh)', () => n8n.provision({ log: (l) => reporter.line(`  ${l}`) }), {
		next: queue ? 'start the queue-mode cluster' : 'install the package into a user folder',
		heartbeat: false, // the script prints its own, with what it is doing
	});
	const extras = { postgres, filesDir };
	if (queue) return await startQueueWithExamples({ tarball, emulators, port, reporter, queue, extras });
	const userFolder = await reporter.phase(
		'install the packed package into n8n user folder',
		() => n8n.createUserFolder({ packageTarballs: [tarball], parentDir: CACHE }),
		{ next: 'start n8n' },
	);
	let server;
	try {
		server = await reporter.phase('start n8n', () => n8n.startMain(userFolder, { port, env }), { next: 'import credentials and workflows' });
		const loaded = await importExamples({ server, emulators, reporter, ...extras });
		const stop = async () => {
			await server.stop();
			return n8n.removeUserFolder(userFolder);
		};
		return { server, userFolder, ...loaded, stop };
	} catch (error) {
		if (server) await server.stop();
		n8n.removeUserFolder(userFolder);
		throw error;
	}
}

/** startN8nWithExamples in queue mode. */
async function startQueueWithExamples({ tarball, emulators, port, reporter, queue, extras = {} }) {
	const options = typeof queue === 'object' ? queue : {};
	// six n8n processes, PostgreSQL and Redis share the machine: the emulators of startEmulators
	// already wait CALLBACK_TIMEOUT_MS for an answer, so a slow answer is not taken for a lost one
	const cluster = await reporter.phase(
		'start n8n in queue mode (Postgres, Redis, main, 2 workers, 2 webhook processes)',
		(status) => n8n.startQueueCluster({ packageTarballs: [tarball], parentDir: CACHE, port, status, ...options }),
		{ next: 'import credentials and workflows' },
	);
	try {
		const loaded = await importExamples({ server: cluster.main, emulators, reporter, ...extras });
		const stop = async () => {
			await cluster.stop();
			return !n8n.keepUserFolders();
		};
		return { server: cluster.main, cluster, userFolder: cluster.runDir, ...loaded, stop };
	} catch (error) {
		await cluster.stop();
		throw error;
	}
}

/** Checks that n8n loaded every node of the package; imports the credentials and all examples. */
async function importExamples({ server, emulators, reporter, postgres, filesDir }) {
	const loadedTypes = await server.assertPackageLoaded({ packageName: PACKAGE_NAME, nodeTypes: Object.values(TYPES) });
	const examples = loadExamples(emulators, { filesDir });
	const ids = await reporter.phase(
		'import 3 credentials and the examples (REST)',
		async () => {
			await server.importCredentials(credentialsFor(emulators, { postgres }));
			const keys = Object.keys(examples);
			const created = await server.importWorkflows(keys.map((k) => examples[k]));
			return Object.fromEntries(keys.map((k, i) => [k, created[i]]));
		},
		{ next: 'run the action examples' },
	);
	return { ids, examples, loadedTypes };
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
 * Runs the action examples inside the running n8n (as the editor's "Execute workflow" does) and
 * returns what they produced, read from the stored executions, and what the emulators saw. Between
 * the import and the results workflow the emulator finishes the Tanyi calls, as the vendor would
 * once the job runs.
 */
async function runActionExamples({ server, ids, emulators, reporter = SILENT }) {
	const { tanyi, byrobot, autodialer } = emulators;
	const result = { durations: {}, executionIds: {} };
	const run = (key) =>
		reporter.phase(`run "${key}"`, async () => {
			const started = Date.now();
			const execution = await server.runManually(ids[key]);
			result.durations[key] = Date.now() - started;
			result.executionIds[key] = String(execution.id);
			return execution;
		});

	tanyi.server.clearLog();
	const tanyiRun = await run('tanyi-leads-import-start');
	const tanyiImported = tanyiRun.output('Import Customers');
	const tanyiJobId = Number(tanyiRun.output('Create Job')[0].robotCallJobId);
	result.tanyi = {
		jobId: tanyiJobId,
		requested: tanyiRun.output('Leads From Sheet').length,
		imported: tanyiImported.filter((o) => o.status === 'imported').length,
		outputs: tanyiImported.length,
		requests: requestCounts(tanyi, ['/job/create', '/job/importCustomer', '/job/start']),
		jobStatus: tanyi.state.jobs.find((j) => j.robotCallJobId === tanyiJobId)?.status,
		tasks: tanyi.state.tasks.filter((t) => t.robotCallJobId === tanyiJobId).length,
	};
	// most calls finish now; the last LIVE_CALLS finish while the triggers are active, as callbacks
	const finished = tanyi.completeCalls(tanyiJobId, Math.max(0, tanyiImported.length - LIVE_CALLS));
	result.tanyi.callsFinished = finished.length;

	tanyi.server.clearLog();
	const resultsRun = await run('tanyi-call-results-notify');
	const records = resultsRun.output('Call Records');
	result.tanyi.recordsRead = records.length;
	result.tanyi.recordRequests = tanyi.server.requests('/callRecord/getCallRecordInfoList').length;
	result.tanyi.byIntent = intentHistogram(records);
	result.tanyi.notifications = resultsRun.output('Notify Sales');
	result.tanyi.simplifiedSample = records[0];
	// Download Recording: each hot lead's recording as n8n binary data, stored with the execution
	const downloads = resultsRun.runData['Download Recording']?.[0]?.data?.main?.[0] ?? [];
	result.tanyi.recordings = downloads.map((item) => {
		const file = (item.binary && item.binary.data) || {};
		return { callId: item.json.callId, fileName: file.fileName, mimeType: file.mimeType, fileExtension: file.fileExtension, fileSize: file.fileSize, id: file.id };
	});
	result.tanyi.recordingRequests = {
		callDetail: tanyi.server.requests('/callRecord/callDetail').length,
		files: tanyi.server.log.filter((r) => r.path.startsWith('/oss/')).map((r) => r.status),
		fileHostHeaders: [...new Set(tanyi.server.log.filter((r) => r.path.startsWith('/oss/')).flatMap((r) => Object.keys(r.headers)))],
	};
	reporter.line?.(`Download Recording: ${result.tanyi.recordings.length} files for ${result.tanyi.notifications.length} hot leads, ${result.tanyi.recordingRequests.callDetail} callDetail reads`);
	const firstFile = result.tanyi.recordings.find((r) => r.id);
	if (firstFile && server.api) {
		const stored = await server.api.binaryData(firstFile.id);
		result.tanyi.recordingBytes = { status: stored.status, length: stored.raw.length, head: stored.raw.subarray(0, 12).toString('latin1') };
	}

	byrobot.server.clearLog();
	const byRun = await run('byrobot-leads-import-start');
	const taskId = Number(byRun.output('Create Task')[0].taskId);
	result.byrobot = {
		taskId,
		requested: byRun.output('Leads From Sheet').length,
		imported: byRun.output('Import Customers').length,
		requests: requestCounts(byrobot, ['/task/createTask', '/task/importTaskCustomer', '/task/start']),
		taskStatus: byrobot.state.tasks.find((t) => t.callJobId === taskId)?.status,
	};

	autodialer.server.clearLog();
	const adRun = await run('autodialer-leads-import-start');
	const uuid = adRun.output('Create Job')[0].uuid;
	const task = autodialer.task(uuid);
	result.autodialer = {
		uuid,
		requested: adRun.output('Leads From Sheet').length,
		imported: adRun.output('Import Numbers').length,
		importRequests: autodialer.server.requests('/import_task_customer/' + uuid).length,
		requests: requestCounts(autodialer, ['/v1/task/create', '/import_task_customer/' + uuid, '/v1/task/start/' + uuid]),
		started: task?.start,
		total: task?.numbers?.length,
	};

	tanyi.server.clearLog();
	const httpRun = await run('http-request-tanyi-signed');
	result.http = {
		output: httpRun.output('Get Tenant')[0],
		signedHeaders: Object.keys(tanyi.server.log[0]?.headers ?? {}).filter((h) =>
			['appkey', 'tenantsign', 'signature', 'timestamp', 'version'].includes(h),
		),
	};
	return result;
}

/**
 * Activates the polling-trigger and callback examples in the running n8n and points the
 * emulators' callbacks at the webhooks.
 */
async function activateLiveExamples({ server, ids, examples, emulators }) {
	for (const key of LIVE_EXAMPLES) {
		try {
			await server.activateWorkflow(ids[key]);
		} catch (error) {
			throw new Error(`n8n did not activate ${key}: ${error.message}\n${server.logs(60)}`);
		}
	}
	const active = await server.activeWorkflowIds();
	const inactive = LIVE_EXAMPLES.filter((key) => !active.includes(ids[key]));
	if (inactive.length > 0) throw new Error(`n8n did not activate: ${inactive.join(', ')}\n${server.logs(60)}`);
	const webhookPath = (key) => `${examples[key].nodes[0].webhookId}/callback`;
	for (const key of Object.values(CALLBACK_EXAMPLES)) await server.waitForWebhook(webhookPath(key), { method: 'POST' });
	// production webhooks: the main process itself, or in queue mode the webhook processes' balancer
	const url = (key) => `${server.webhookUrl}/webhook/${webhookPath(key)}?token=${CALLBACK_SECRET}`;
	const callbackUrls = {};
	for (const [vendor, key] of Object.entries(CALLBACK_EXAMPLES)) {
		callbackUrls[vendor] = url(key);
		emulators[vendor].setCallbackUrl(callbackUrls[vendor], CALLBACK_OPTIONS[vendor]);
	}
	return { url, callbackUrls, live: LIVE_EXAMPLES };
}

/** The emulator's deliveries of call results (not job-status callbacks), and which were acknowledged. */
function callDeliveries(vendor, sim) {
	const isCall = { tanyi: (d) => d.dataType === 'ROBOT_CALL_RECORD', byrobot: (d) => d.dataType === 'CALL_INSTANCE_RESULT', autodialer: () => true }[vendor];
	const delivered = (d) => d.state === 'delivered' || d.delivered === true;
	const calls = sim.callbackDeliveries.filter(isCall);
	return { all: sim.callbackDeliveries, calls, acknowledged: calls.filter(delivered) };
}

/**
 * Finishes LIVE_CALLS calls per vendor so that their callbacks reach n8n, and waits until every
 * delivery is acknowledged or out of retries.
 * @param {{dropCallbacks?: string[]}} [faults] vendors for which ONE call's callback is lost on
 *   the way (sent to a closed port): the figures must then disagree (used by the demo's own test).
 */
async function finishLiveCalls({ emulators, actions, callbackUrls }, faults = {}) {
	const jobs = { tanyi: actions.tanyi.jobId, byrobot: actions.byrobot.taskId, autodialer: actions.autodialer.uuid };
	for (const [vendor, job] of Object.entries(jobs)) {
		const sim = emulators[vendor];
		let left = LIVE_CALLS;
		if ((faults.dropCallbacks || []).includes(vendor)) {
			sim.setCallbackUrl(`http://127.0.0.1:${await n8n.freePort()}/lost`, CALLBACK_OPTIONS[vendor]);
			sim.completeCalls(job, 1);
			await sim.flushCallbacks({ timeoutMs: FLUSH_TIMEOUT_MS });
			sim.setCallbackUrl(callbackUrls[vendor], CALLBACK_OPTIONS[vendor]);
			left -= 1;
		}
		sim.completeCalls(job, left);
	}
	// wait as long as the vendors' (compressed) retry schedules can take, not a fixed time: on a
	// starved machine n8n answers a burst of callbacks late and they are delivered on a retry
	await Promise.all(Object.keys(jobs).map((vendor) => emulators[vendor].flushCallbacks({ timeoutMs: FLUSH_TIMEOUT_MS })));
}

/** The call a callback body is about, per vendor: the id the simplified output calls `callId`. */
const CALLBACK_CALL_ID = {
	tanyi: (b) => (b.dataType === 'ROBOT_CALL_RECORD' && b.data ? String(b.data.callRecordId) : undefined),
	byrobot: (b) => {
		const envelope = b.data && b.data.dataType ? b.data : b;
		const instance = envelope.data && envelope.data.sceneInstance;
		return envelope.dataType === 'CALL_INSTANCE_RESULT' && instance ? String(instance.callInstanceId) : undefined;
	},
	autodialer: (b) => (b.call_id !== undefined ? String(b.call_id) : undefined),
};

function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return {};
	}
}

/**
 * Queue mode: runs of one callback workflow per call, and which webhook processes the attempts
 * of each delivery reached (the balancer's log). A call whose attempts all reached one process
 * must have run once (that process remembers it); a delivery retried on the other process may
 * run twice (n8n shares no state between webhook processes in time; see README "Running at
 * scale"). Returns {calls, attempts, runs, lost: callIds without a run, crossed: callIds retried
 * on both processes, extraRuns, unexplained: callIds that ran more than once without crossing}.
 */
async function callbackAccounting({ server, cluster, examples, ids }, key, vendor) {
	const executions = await n8n.waitUntil(
		async () => {
			const list = await server.listAllExecutions({ workflowId: ids[key] });
			return list.every((e) => e.stoppedAt || ['success', 'error', 'canceled', 'crashed'].includes(e.status)) ? list : undefined;
		},
		{ timeoutMs: 120000, what: `the runs of ${key} to finish`, intervalMs: 1000 },
	);
	const trigger = examples[key].nodes[0];
	const runsPerCall = new Map();
	for (const e of executions) {
		const execution = await server.getExecution(e.id);
		const callId = String(execution.output(trigger.name)[0].callId);
		runsPerCall.set(callId, (runsPerCall.get(callId) || 0) + 1);
	}
	const webhookPath = `/webhook/${trigger.webhookId}/callback`;
	const attempts = cluster.balancer.log.filter((e) => e.path.split('?')[0] === webhookPath);
	const processesPerCall = new Map();
	for (const attempt of attempts) {
		const callId = CALLBACK_CALL_ID[vendor](parseJson(attempt.body));
		if (callId === undefined) continue;
		if (!processesPerCall.has(callId)) processesPerCall.set(callId, new Set());
		processesPerCall.get(callId).add(attempt.backend);
	}
	const calls = [...processesPerCall.keys()];
	const crossed = calls.filter((c) => processesPerCall.get(c).size > 1);
	return {
		calls: calls.length,
		attempts: attempts.filter((a) => CALLBACK_CALL_ID[vendor](parseJson(a.body)) !== undefined).length,
		runs: executions.length,
		processes: [...new Set(attempts.map((a) => a.backend))].sort(),
		lost: calls.filter((c) => !runsPerCall.has(c)),
		crossed,
		extraRuns: [...runsPerCall.values()].reduce((sum, n) => sum + n - 1, 0),
		unexplained: calls.filter((c) => processesPerCall.get(c).size === 1 && runsPerCall.get(c) > 1),
		runsWithoutDelivery: [...runsPerCall.keys()].filter((c) => !processesPerCall.has(c)),
	};
}

/**
 * Waits for the runs the live phase should produce and returns per-workflow counts:
 * {count, expected, error?}. Called after finishLiveCalls, when every delivery is acknowledged or
 * given up: a callback workflow is waited for as many runs as calls were acknowledged (each
 * acknowledged call starts one run, which may still be running on a busy machine), not for the
 * number expected, so a lost callback costs no wait. `timeoutMs` bounds each wait.
 */
async function collectLiveRuns({ server, ids, emulators, cluster, examples }, { timeoutMs = 300_000 } = {}) {
	const expected = { 'tanyi-trigger-new-call-notify': 1 };
	const awaited = { 'tanyi-trigger-new-call-notify': 1 };
	for (const [vendor, key] of Object.entries(CALLBACK_EXAMPLES)) {
		expected[key] = LIVE_CALLS;
		awaited[key] = Math.max(1, Math.min(LIVE_CALLS, callDeliveries(vendor, emulators[vendor]).acknowledged.length));
	}
	const runs = {};
	for (const key of LIVE_EXAMPLES) {
		try {
			const executions = await server.waitForExecutions(ids[key], { count: awaited[key], timeoutMs });
			runs[key] = { count: executions.length, expected: expected[key], executions };
		} catch (error) {
			const count = (await server.listExecutions({ workflowId: ids[key] })).length;
			runs[key] = { count, expected: expected[key], error: error.message.split('\n')[0] };
		}
	}
	for (const [vendor, key] of Object.entries(CALLBACK_EXAMPLES)) {
		runs[key].deliveries = callDeliveries(vendor, emulators[vendor]);
		if (cluster) runs[key].accounting = await callbackAccounting({ server, cluster, examples, ids }, key, vendor);
	}
	return runs;
}

/**
 * Queue mode: which worker ran each action example (from the workers' logs), and how many
 * callback requests the balancer passed to each webhook process.
 */
function queueFigures({ cluster }, actions) {
	const ranOn = Object.fromEntries(Object.entries(actions.executionIds).map(([key, id]) => [key, cluster.ranOn(id)]));
	const callbacks = cluster.balancer.log.filter((e) => e.method === 'POST' && e.path.startsWith('/webhook/'));
	return {
		ranOn,
		webhooks: cluster.webhooks.map((w) => w.name),
		webhookCounts: cluster.webhooks.map((_, i) => callbacks.filter((e) => e.backend === i).length),
	};
}

module.exports = {
	ROOT,
	CACHE,
	PACKAGE_NAME,
	TYPES,
	CALLBACK_SECRET,
	LIVE_CALLS,
	ACTION_EXAMPLES,
	LIVE_EXAMPLES,
	CALLBACK_EXAMPLES,
	POSTGRES_EXAMPLES,
	CSV_EXAMPLES,
	EXAMPLE_FILES_DIR,
	POSTGRES_TABLES_SQL,
	buildAndPack,
	packedOrBuild,
	startEmulators,
	credentialsFor,
	loadExamples,
	startN8nWithExamples,
	runActionExamples,
	activateLiveExamples,
	finishLiveCalls,
	collectLiveRuns,
	callDeliveries,
	callbackAccounting,
	CALLBACK_CALL_ID,
	queueFigures,
	checkFigures: (figures) => verdict.checkFigures(figures, { liveCalls: LIVE_CALLS, callbackExamples: CALLBACK_EXAMPLES }),
	verdictLine: verdict.verdictLine,
	passed: verdict.passed,
	labels: verdict.labels,
	intentHistogram,
	requestCounts,
	n8n,
};
