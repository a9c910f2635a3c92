'use strict';
/**
 * A throwaway PostgreSQL server for queue mode: its own cluster in a fresh temporary directory,
 * listening on 127.0.0.1 only (a free port, no Unix socket outside that directory), one database
 * `n8n` with a random password, removed again by `stop()` or when this Node process exits.
 *
 * The server refuses to run as root, so as root every PostgreSQL command runs as the `postgres`
 * system user (`runuser`), which owns the directory; otherwise as the current user.
 * Durability is switched off (fsync, synchronous_commit, full_page_writes): the cluster lives for
 * one run and a crash loses nothing anyone needs; visibility and locking are unchanged.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort } = require('./env');
const { tail } = require('./util');

const running = new Set();

/** The directory holding initdb / pg_ctl: $PG_BIN, the newest /usr/lib/postgresql/<v>/bin, or PATH. */
function postgresBinDir() {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs
				.readdirSync(root)
				.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length > 0) return path.join(root, versions[0], 'bin');
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		if (dir && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
	}
	throw new Error(
		'PostgreSQL is not installed (no pg_ctl in /usr/lib/postgresql/*/bin or on the PATH; set PG_BIN, ' +
			'or install the Debian package: apt-get install postgresql)',
	);
}

/** {uid, gid} of the postgres system user when we are root; undefined otherwise. */
function serverUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('running as root but there is no `postgres` system user to run PostgreSQL as');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL program (as `postgres` when root); rejects with its output on failure. */
function pgRun(binDir, program, args, { env = {}, cwd } = {}) {
	const asUser = serverUser();
	const file = path.join(binDir, program);
	const [command, argv] = asUser ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
	return new Promise((resolve, reject) => {
		const child = spawn(command, argv, {
			cwd: cwd || os.tmpdir(),
			env: { ...process.env, LC_ALL: 'C', ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else reject(new Error(`${program} ${args.join(' ')} failed (exit ${code}):\n${tail(output, 30)}`));
		});
	});
}

function chownTree(dir, owner) {
	if (!owner) return;
	fs.chownSync(dir, owner.uid, owner.gid);
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) chownTree(p, owner);
		else fs.chownSync(p, owner.uid, owner.gid);
	}
}

/** The postmaster's PID (first line of postmaster.pid), or undefined. */
function postmasterPid(dataDir) {
	try {
		const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
		return Number.isInteger(pid) && pid > 0 ? pid : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Creates and starts the cluster.
 * @param {{database?: string}} [options]
 * @returns {Promise<{host: string, port: number, user: string, password: string, database: string,
 *   pid: number, dir: string, logFile: string, durationMs: number, psql: (sql: string) => Promise<string>,
 *   stop: () => Promise<void>}>}
 */
async function startPostgres(options = {}) {
	const started = Date.now();
	const binDir = postgresBinDir();
	const owner = serverUser();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pg-'));
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const pwFile = path.join(dir, 'pwfile');
	const password = crypto.randomBytes(16).toString('hex');
	const database = options.database || 'n8n';
	fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
	chownTree(dir, owner);
	const port = await freePort();
	const pg = {
		host: '127.0.0.1',
		port,
		user: 'postgres',
		password,
		database,
		pid: undefined,
		dir,
		logFile,
		durationMs: 0,
		stopped: false,
	};
	running.add(pg);
	const env = { PGPASSWORD: password };
	pg.psql = (sql, db = database) =>
		pgRun(binDir, 'psql', [
			'-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', String(port), '-U', 'postgres', '-d', db, '-c', sql,
		], { env });
	pg.stop = () => stopPostgres(pg, binDir, dataDir);
	try {
		await pgRun(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync']);
		const serverOptions = [
			`-p ${port}`,
			`-k ${dir}`,
			'-c listen_addresses=127.0.0.1',
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off',
			'-c max_connections=200',
		].join(' ');
		pg.starting = true;
		try {
			await pgRun(binDir, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '120', 'start']);
		} finally {
			pg.starting = false;
		}
		pg.pid = postmasterPid(dataDir);
		await pg.psql(`CREATE DATABASE ${database}`, 'postgres');
	} catch (error) {
		await pg.stop();
		throw error;
	}
	pg.durationMs = Date.now() - started;
	return pg;
}

async function stopPostgres(pg, binDir, dataDir) {
	if (pg.stopped) return;
	pg.stopped = true;
	running.delete(pg);
	const pid = pg.pid || postmasterPid(dataDir);
	if (pid) {
		try {
			await pgRun(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
		} catch {
			// pg_ctl could not stop it: signal the postmaster we started (immediate shutdown)
			try {
				process.kill(pid, 'SIGQUIT');
			} catch {
				// already gone
			}
		}
	}
	fs.rmSync(pg.dir, { recursive: true, force: true });
}

// A run that ends early still stops its clusters (immediate shutdown of the postmaster we started)
// and removes their directories.
/** Blocks for `ms` (for the 'exit' handler, where nothing asynchronous runs any more). */
function sleepSync(ms) {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

process.on('exit', () => {
	for (const pg of running) {
		let pid = pg.pid || postmasterPid(path.join(pg.dir, 'data'));
		// exit during `pg_ctl start`: the postmaster may be forked (it detaches from us) before its
		// pid file is written; wait for the file, at most 5 s, so that it is not left running
		for (let i = 0; !pid && pg.starting && i < 50; i++) {
			sleepSync(100);
			pid = postmasterPid(path.join(pg.dir, 'data'));
		}
		if (pid) {
			try {
				process.kill(pid, 'SIGQUIT');
			} catch {
				// already gone
			}
		}
		try {
			fs.rmSync(pg.dir, { recursive: true, force: true });
		} catch {
			// best effort at exit
		}
	}
});

module.exports = { startPostgres, postgresBinDir };
