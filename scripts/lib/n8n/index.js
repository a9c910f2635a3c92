'use strict';
/**
 * The driver for a REAL n8n 2.41.1 (provisioned by scripts/provision-n8n.sh), split by concern:
 * - env.js        runtime paths, the environment every n8n process shares, free ports
 * - provision.js  the runtime itself (idempotent script, progress lines)
 * - install.js    `npm pack` + install into a user folder like a community package; cleanup
 * - db.js         the database n8n's processes share (SQLite, or Postgres for queue mode)
 * - process.js    one n8n process in its own process group, log file, stop, signal cleanup
 * - server.js     the main process: readiness, REST client, restart
 * - cluster.js    queue mode: main + workers + webhook processes on postgres.js and redis.js,
 *                 webhooks behind balancer.js
 * - rest.js       /rest API: login, credentials, workflows, activation, webhooks, node types
 * - executions.js running workflows in the server and reading executions back by id
 * - progress.js   phase timings and heartbeat lines
 * Plain CommonJS so scripts (node) and jest tests can both use it. Everything is async (child
 * processes are spawned, never spawnSync'ed), so HTTP servers living in the calling process
 * (emulators, fixtures) keep answering while n8n works.
 */
const { startBalancer } = require('./balancer');
const cluster = require('./cluster');
const env = require('./env');
const db = require('./db');
const executions = require('./executions');
const install = require('./install');
const processes = require('./process');
const progress = require('./progress');
const provision = require('./provision');
const server = require('./server');
const util = require('./util');

module.exports = {
	PROJECT_ROOT: env.PROJECT_ROOT,
	E2E_ENCRYPTION_KEY: env.E2E_ENCRYPTION_KEY,
	DEFAULT_OWNER: env.DEFAULT_OWNER,
	runtimePaths: env.runtimePaths,
	cleanEnv: env.cleanEnv,
	freePort: env.freePort,
	n8nEnv: env.n8nEnv,
	db,
	provision: provision.provision,
	packPackage: install.packPackage,
	createUserFolder: install.createUserFolder,
	removeUserFolder: install.removeUserFolder,
	keepUserFolders: install.keepUserFolders,
	startMain: server.startMain,
	restartMain: server.restartMain,
	startQueueCluster: cluster.startQueueCluster,
	stopAllClusters: cluster.stopAllClusters,
	startBalancer,
	runCommand: server.runCommand,
	N8nServer: server.N8nServer,
	stopAll: processes.stopAll,
	ExecutionError: executions.ExecutionError,
	nodeOutput: executions.nodeOutput,
	withWebhookTrigger: executions.withWebhookTrigger,
	createReporter: progress.createReporter,
	httpRequest: util.httpRequest,
	idFromName: util.idFromName,
	sleep: util.sleep,
	waitUntil: util.waitUntil,
};
