'use strict';
/**
 * The main process of a run (`n8n start`): SQLite on its own, or the main process of a queue-mode
 * cluster (cluster.js) on Postgres. The pieces:
 * - `processEnv` builds one process's environment from the shared parts (user folder, database,
 *   encryption key) and its own ports;
 * - `N8nProcess` (process.js) runs any n8n sub-command; `startMain` adds the main process's
 *   readiness checks and REST client. Workers (`n8n worker`) and webhook processes
 *   (`n8n webhook`) are further N8nProcess instances on the same database (cluster.js).
 * Production webhooks are served by the main process itself unless a cluster sets
 * `webhookEntry` (where callers send webhook calls: the load balancer) and `webhookClients`
 * (every process that must know a webhook before it counts as registered).
 */
const db = require('./db');
const { n8nEnv, freePort } = require('./env');
const executions = require('./executions');
const { N8nProcess } = require('./process');
const { RestClient } = require('./rest');

/** The environment of one process: shared database + key, its own HTTP and task-broker ports. */
async function processEnv(userFolder, { database, port, env = {} }) {
	return n8nEnv(userFolder, {
		...database.env,
		N8N_PORT: port,
		N8N_RUNNERS_BROKER_PORT: await freePort(),
		...env,
	});
}

class N8nServer extends N8nProcess {
	constructor(spec) {
		super(spec);
		this.port = spec.port;
		this.url = `http://127.0.0.1:${spec.port}`;
		this.api = new RestClient(this.url);
		this.startMs = undefined;
		this.webhookEntry = this.api;
		this.webhookClients = [this.api];
	}

	/** Where production webhooks are called: this server, or a cluster's load balancer. */
	get webhookUrl() {
		return this.webhookEntry.url;
	}

	// REST (rest.js)
	request(method, urlPath, body, headers) {
		return this.api.request(method, urlPath, body, headers);
	}
	login(owner) {
		return this.api.login(owner);
	}
	rest(method, restPath, body) {
		return this.api.rest(method, restPath, body);
	}
	nodeTypes() {
		return this.api.nodeTypes();
	}
	importCredentials(credentials) {
		return this.api.importCredentials(credentials);
	}
	importWorkflows(workflows) {
		return this.api.importWorkflows(workflows);
	}
	activateWorkflow(id, options) {
		return this.api.activateWorkflow(id, { webhookClients: this.webhookClients, ...options });
	}
	deactivateWorkflow(id) {
		return this.api.deactivateWorkflow(id);
	}
	activeWorkflowIds() {
		return this.api.activeWorkflowIds();
	}
	async waitForWebhook(webhookPath, options) {
		for (const client of this.webhookClients) await client.waitForWebhook(webhookPath, options);
	}
	callWebhook(webhookPath, body, options) {
		return this.webhookEntry.callWebhook(webhookPath, body, options);
	}

	// executions (executions.js); every wait gives up at once if n8n exits
	abortReason() {
		return this.exited ? `n8n ${this.name} exited (${this.exitCode})` : undefined;
	}
	runManually(workflowId, options = {}) {
		return executions.runManually(this.api, workflowId, { abort: () => this.abortReason(), ...options });
	}
	runByWebhook(workflowId, webhookPath, body, options = {}) {
		return executions.runByWebhook(this.api, workflowId, webhookPath, body, {
			abort: () => this.abortReason(),
			via: this.webhookEntry,
			...options,
		});
	}
	listExecutions(filter) {
		return executions.listExecutions(this.api, filter);
	}
	listAllExecutions(filter, options) {
		return executions.listAllExecutions(this.api, filter, options);
	}
	getExecution(id) {
		return executions.getExecution(this.api, id);
	}
	waitForExecutions(workflowId, options = {}) {
		return executions.waitForExecutions(this.api, workflowId, { abort: () => this.abortReason(), ...options });
	}

	/** Is the package loaded? Fails loudly unless every expected node type is among n8n's. */
	async assertPackageLoaded({ packageName, nodeTypes = [] }) {
		const loaded = [
			...new Set((await this.nodeTypes()).map((t) => t.name).filter((n) => n.startsWith(`${packageName}.`))),
		];
		const wanted = nodeTypes.map((n) => (n.includes('.') ? n : `${packageName}.${n}`));
		const missing = wanted.filter((n) => !loaded.includes(n));
		if (loaded.length === 0 || missing.length > 0) {
			throw new Error(
				`n8n did not load community package "${packageName}" (loaded: [${loaded.join(', ')}], missing: ` +
					`[${missing.join(', ')}]). Check the package name (n8n-nodes-* / @scope/n8n-nodes-*), package.json ` +
					`"n8n" paths and node class names.\n${this.logs(40)}`,
			);
		}
		return loaded;
	}
}

/**
 * Starts `n8n start` on 127.0.0.1 and waits until it is fully up: the startup banner (printed
 * after active workflows were activated), /healthz and /healthz/readiness; then logs in as owner.
 * @param {string} userFolder
 * @param {{port?: number, env?: Record<string, string>, database?: object, readyTimeoutMs?: number, name?: string}} [options]
 * @returns {Promise<N8nServer>}
 */
async function startMain(userFolder, options = {}) {
	const port = options.port || (await freePort());
	const database = options.database || db.sqlite(userFolder);
	const env = await processEnv(userFolder, { database, port, env: options.env });
	const server = new N8nServer({ command: 'start', name: options.name || 'main', userFolder, env, port });
	server.database = database;
	server.options = { ...options, port, database };
	const readyTimeoutMs = options.readyTimeoutMs || 5 * 60000;
	try {
		await server.waitFor(() => /Editor is now accessible/.test(server.output), readyTimeoutMs, 'the startup banner');
		await server.waitFor(async () => (await server.request('GET', '/healthz')).status === 200, 60000, '/healthz');
		await server.waitFor(
			async () => (await server.request('GET', '/healthz/readiness')).status === 200,
			60000,
			'/healthz/readiness',
		);
		await server.login();
	} catch (error) {
		await server.stop();
		throw error;
	}
	server.startMs = Date.now() - server.startedAt;
	return server;
}

/** Stops `server` and starts a new main process on the same user folder, port and database. */
async function restartMain(server) {
	await server.stop();
	return await startMain(server.userFolder, server.options);
}

/**
 * Runs a one-off n8n CLI command (e.g. `export:workflow --all --output=…`) on `userFolder`'s
 * database and resolves with its exit code and output once it has ended. For commands whose
 * result is a file or the exit code, never for reading run data from stdout.
 * @param {string} userFolder
 * @param {string} command e.g. `export:workflow`
 * @param {string[]} args
 * @param {{database?: object, timeoutMs?: number}} [options]
 */
async function runCommand(userFolder, command, args = [], options = {}) {
	const database = options.database || db.sqlite(userFolder);
	const env = await processEnv(userFolder, { database, port: await freePort() });
	const cli = new N8nProcess({ command, args, name: `cli-${command.replace(/[^a-z]+/gi, '-')}`, userFolder, env });
	const timeoutMs = options.timeoutMs || 5 * 60000;
	let handle;
	const timer = new Promise((resolve) => (handle = setTimeout(resolve, timeoutMs, 'timeout')));
	// cleared at once: a pending 5-minute timer kept the jest process alive that long after the e2e run
	const outcome = await Promise.race([cli.exitPromise.then(() => 'exited'), timer]).finally(() => clearTimeout(handle));
	if (outcome === 'timeout') await cli.stop();
	else await cli.stop(0);
	return { code: outcome === 'timeout' ? null : cli.exitCode, output: cli.output };
}

module.exports = { N8nServer, startMain, restartMain, processEnv, runCommand };
