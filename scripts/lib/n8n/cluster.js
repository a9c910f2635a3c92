'use strict';
/**
 * n8n's queue mode ("scaling mode") as a deployment runs it, on one machine and loopback only:
 * - PostgreSQL (postgres.js) and Redis (redis.js), both throwaway;
 * - `n8n start` (main): editor and REST API, activations, polling triggers, enqueues executions;
 *   it serves no production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS);
 * - `n8n worker` × N: take executions from Redis and run them (manual ones too:
 *   OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS, the default of n8n 3);
 * - `n8n webhook` × M: answer production webhooks and enqueue the executions they start, behind a
 *   round-robin load balancer (balancer.js) whose URL is every process's WEBHOOK_URL.
 * Every process has its own user folder with the package installed by npm, as on separate hosts;
 * they share only the database, Redis and the encryption key (env.js).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startBalancer } = require('./balancer');
const db = require('./db');
const { freePort } = require('./env');
const install = require('./install');
const { startPostgres } = require('./postgres');
const { N8nProcess, runningProcesses } = require('./process');
const { startRedis } = require('./redis');
const { RestClient } = require('./rest');
const { startMain, processEnv } = require('./server');
const { signalHandlersWhile } = require('./util');

const clusters = new Set();

/** The environment every process of the cluster shares, besides the database. */
function queueEnv(redis, webhookUrl) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: redis.port,
		QUEUE_BULL_REDIS_PASSWORD: redis.password,
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		WEBHOOK_URL: `${webhookUrl}/`,
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
	};
}

/** `n8n worker`, ready once its health endpoint says the database and Redis are reachable. */
async function startWorker(userFolder, { name, database, env, readyTimeoutMs }) {
	const healthPort = await freePort();
	const worker = new N8nProcess({
		command: 'worker',
		name,
		userFolder,
		env: await processEnv(userFolder, {
			database,
			port: healthPort,
			env: { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: healthPort, N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
		}),
	});
	worker.healthUrl = `http://127.0.0.1:${healthPort}`;
	await ready(worker, /n8n worker is now ready/, `${worker.healthUrl}/healthz/readiness`, readyTimeoutMs);
	return worker;
}

/** `n8n webhook` on `port`, ready once /healthz/readiness answers 200. */
async function startWebhook(userFolder, { name, database, env, port, readyTimeoutMs }) {
	const webhook = new N8nProcess({
		command: 'webhook',
		name,
		userFolder,
		env: await processEnv(userFolder, { database, port, env }),
	});
	webhook.port = port;
	webhook.url = `http://127.0.0.1:${port}`;
	webhook.api = new RestClient(webhook.url);
	await ready(webhook, /Webhook listener waiting for requests/, `${webhook.url}/healthz/readiness`, readyTimeoutMs);
	return webhook;
}

async function ready(proc, banner, readinessUrl, timeoutMs) {
	const { httpRequest } = require('./util');
	try {
		await proc.waitFor(() => banner.test(proc.output), timeoutMs, `the ${proc.command} banner`);
		await proc.waitFor(async () => (await httpRequest('GET', readinessUrl)).status === 200, 60000, readinessUrl);
		proc.startMs = Date.now() - proc.startedAt;
	} catch (error) {
		await proc.stop();
		throw error;
	}
}

/**
 * Starts the whole cluster. Postgres and Redis first, then main (it runs the database
 * migrations), then the workers and webhook processes side by side.
 * @param {{packageTarballs?: string[], parentDir?: string, workers?: number, webhooks?: number,
 *   port?: number, env?: Record<string, string>, readyTimeoutMs?: number, status?: (text: string) => void}} [options]
 *   port: main's (editor) port, default a free one
 */
async function startQueueCluster(options = {}) {
	const workerCount = options.workers ?? 2;
	const webhookCount = options.webhooks ?? 2;
	const readyTimeoutMs = options.readyTimeoutMs || 5 * 60000;
	const status = options.status || (() => {});
	const parent = options.parentDir || os.tmpdir();
	fs.mkdirSync(parent, { recursive: true });
	const cluster = {
		runDir: fs.mkdtempSync(path.join(parent, 'n8n-e2e-queue-')),
		main: undefined,
		workers: [],
		webhooks: [],
		postgres: undefined,
		redis: undefined,
		balancer: undefined,
		timings: {},
	};
	clusters.add(cluster);
	updateSignalHandlers();
	const timed = async (name, fn) => {
		const t = Date.now();
		try {
			return await fn();
		} finally {
			cluster.timings[name] = Date.now() - t;
		}
	};
	cluster.stop = () => stopCluster(cluster);
	try {
		status('starting PostgreSQL and Redis; installing the package into 5 user folders');
		const names = ['main', ...range(workerCount).map((i) => `worker-${i}`), ...range(webhookCount).map((i) => `webhook-${i}`)];
		cluster.userFolders = {};
		// each result is kept as soon as it exists, so that a failure of another stops it again
		const results = await Promise.allSettled([
			timed('postgres', async () => (cluster.postgres = await startPostgres())),
			timed('redis', async () => (cluster.redis = await startRedis())),
			timed('install', () =>
				Promise.all(
					names.map(async (name) => {
						const parentDir = path.join(cluster.runDir, name);
						cluster.userFolders[name] = await install.createUserFolder({ packageTarballs: options.packageTarballs, parentDir });
					}),
				),
			),
		]);
		const failed = results.find((r) => r.status === 'rejected');
		if (failed) throw failed.reason;
		notStopped(cluster);
		const { redis } = cluster;
		cluster.database = db.postgres(cluster.postgres);
		const webhookPorts = [];
		for (let i = 0; i < webhookCount; i++) webhookPorts.push(await freePort());
		cluster.balancer = await startBalancer(webhookPorts.map((p) => `http://127.0.0.1:${p}`));
		cluster.env = { ...queueEnv(redis, cluster.balancer.url), ...(options.env || {}) };
		cluster.mainOptions = { database: cluster.database, env: cluster.env, readyTimeoutMs, name: 'main', port: options.port };

		status('starting n8n main (database migrations on the first start)');
		cluster.main = await timed('main', () => startMain(cluster.userFolders.main, cluster.mainOptions));
		cluster.mainOptions.port = cluster.main.port;
		notStopped(cluster);

		status(`starting ${workerCount} workers and ${webhookCount} webhook processes`);
		const spec = { database: cluster.database, env: cluster.env, readyTimeoutMs };
		await timed('workers+webhooks', () =>
			Promise.all([
				...range(workerCount).map(async (i) => {
					cluster.workers[i - 1] = await startWorker(cluster.userFolders[`worker-${i}`], { ...spec, name: `worker-${i}` });
				}),
				...range(webhookCount).map(async (i) => {
					cluster.webhooks[i - 1] = await startWebhook(cluster.userFolders[`webhook-${i}`], {
						...spec,
						name: `webhook-${i}`,
						port: webhookPorts[i - 1],
					});
				}),
			]),
		);
		notStopped(cluster);
		wireWebhooks(cluster);
	} catch (error) {
		await stopCluster(cluster);
		throw error;
	}

	/** Stops main and starts it again on the same database, port and settings; the rest keeps running. */
	cluster.restartMain = async () => {
		await cluster.main.stop();
		cluster.main = await startMain(cluster.userFolders.main, cluster.mainOptions);
		wireWebhooks(cluster);
		return cluster.main;
	};
	/** Stops worker `index` (0-based) and starts it again on the same user folder. */
	cluster.stopWorker = async (index) => {
		await cluster.workers[index].stop();
	};
	cluster.startWorker = async (index) => {
		const name = `worker-${index + 1}`;
		cluster.workers[index] = await startWorker(cluster.userFolders[name], { database: cluster.database, env: cluster.env, readyTimeoutMs, name });
		return cluster.workers[index];
	};
	/** Names of the workers whose log says they ran execution `id` (n8n logs "Worker started execution <id> (job <n>)"). */
	cluster.ranOn = (id) => cluster.workers.filter((w) => ranExecution(w, id)).map((w) => w.name);
	/** Every process, main first. */
	cluster.processes = () => [cluster.main, ...cluster.workers, ...cluster.webhooks].filter(Boolean);
	return cluster;
}

function ranExecution(worker, id) {
	const pattern = new RegExp(`Worker started execution ${String(id).replace(/\D/g, '')} \\(job `);
	let text = worker.output;
	try {
		text = fs.readFileSync(worker.logFile, 'utf8');
	} catch {
		// the in-memory tail is all there is
	}
	return pattern.test(text);
}

/** Main sends webhook calls through the load balancer and waits until every webhook process knows a webhook. */
function wireWebhooks(cluster) {
	cluster.main.webhookEntry = new RestClient(cluster.balancer.url);
	cluster.main.webhookClients = cluster.webhooks.map((w) => w.api);
	cluster.main.cluster = cluster;
}

/** A cluster stopped while it was starting (stopAllClusters after a timed-out start) starts nothing more. */
function notStopped(cluster) {
	if (cluster.stopped) throw new Error('the queue-mode cluster was stopped while it was starting');
}

function range(n) {
	return Array.from({ length: n }, (_, i) => i + 1);
}

/** Stops every process (webhooks and main first, so nothing new is enqueued; workers last), the services, and removes the folders. */
/**
 * Safe to call again (a start that was interrupted calls it once more when it notices): every
 * process of the cluster's user folders still running is stopped by its PID, also one that was
 * spawned but never became ready.
 */
async function stopCluster(cluster) {
	cluster.stopped = true;
	clusters.delete(cluster);
	updateSignalHandlers();
	const folders = new Set(Object.values(cluster.userFolders || {}));
	const spawned = runningProcesses().filter((p) => folders.has(p.userFolder));
	const stopAll = (list) => Promise.all([...new Set(list.filter(Boolean))].map((p) => p.stop().catch(() => {})));
	await stopAll([...cluster.webhooks, cluster.main, ...spawned.filter((p) => p.command !== 'worker')]);
	await stopAll([...cluster.workers, ...spawned]);
	if (cluster.balancer) await cluster.balancer.close();
	const keep = install.keepUserFolders();
	for (const service of [cluster.postgres, cluster.redis]) {
		if (!service) continue;
		if (keep) {
			try {
				fs.copyFileSync(service.logFile, path.join(cluster.runDir, path.basename(service.logFile)));
			} catch {
				// no log yet
			}
		}
		await service.stop().catch(() => {});
	}
	if (!keep) {
		for (const folder of Object.values(cluster.userFolders || {})) install.removeUserFolder(folder);
		fs.rmSync(cluster.runDir, { recursive: true, force: true });
	}
}

/**
 * Stops every cluster this process started, also one still starting (a test whose setup timed
 * out has no handle on it): what is running is stopped by PID, the rest is not started.
 */
async function stopAllClusters() {
	await Promise.all([...clusters].map((c) => stopCluster(c)));
}

// PostgreSQL and Redis run as daemons of their own: a SIGTERM (CI's time bound) or Ctrl-C that
// arrived before any n8n process ran would end this process without its 'exit' handlers, which
// stop them (postgres.js, redis.js). While a cluster exists, those signals exit through them.
function onTerminationSignal(signal) {
	process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}
const updateSignalHandlers = signalHandlersWhile(() => clusters.size > 0, onTerminationSignal);

process.on('exit', () => {
	if (install.keepUserFolders()) return;
	for (const cluster of clusters) {
		try {
			fs.rmSync(cluster.runDir, { recursive: true, force: true });
		} catch {
			// best effort at exit
		}
	}
});

module.exports = { startQueueCluster, stopAllClusters, queueEnv };
