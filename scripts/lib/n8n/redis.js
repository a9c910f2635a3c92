'use strict';
/**
 * A throwaway Redis for queue mode (n8n's job queue and the pub/sub between its processes):
 * `redis-server` on 127.0.0.1 and a free port, with a random password, no persistence, its
 * working directory a fresh temporary one; stopped by its PID and the directory removed by
 * `stop()` or when this Node process exits.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort } = require('./env');
const { tail, waitUntil } = require('./util');

const running = new Set();

function redisServerBin() {
	const candidates = [process.env.REDIS_SERVER, ...(process.env.PATH || '').split(path.delimiter).map((d) => d && path.join(d, 'redis-server')), '/usr/bin/redis-server'];
	const found = candidates.find((f) => f && fs.existsSync(f));
	if (!found) throw new Error('redis-server is not installed (set REDIS_SERVER, or install the Debian package: apt-get install redis-server)');
	return found;
}

/**
 * @returns {Promise<{host: string, port: number, password: string, pid: number, dir: string,
 *   logFile: string, durationMs: number, stop: () => Promise<void>}>}
 */
async function startRedis() {
	const started = Date.now();
	const bin = redisServerBin();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-redis-'));
	const logFile = path.join(dir, 'redis.log');
	const port = await freePort();
	const password = crypto.randomBytes(16).toString('hex');
	// the password goes in a config file, not on the command line where `ps` shows it
	const conf = path.join(dir, 'redis.conf');
	fs.writeFileSync(
		conf,
		[
			`port ${port}`,
			'bind 127.0.0.1',
			'protected-mode yes',
			`requirepass ${password}`,
			'save ""',
			'appendonly no',
			`dir ${dir}`,
			'daemonize no',
			'loglevel notice',
			'',
		].join('\n'),
		{ mode: 0o600 },
	);
	const child = spawn(bin, [conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	const redis = { host: '127.0.0.1', port, password, pid: child.pid, dir, logFile, durationMs: 0, output: '', exited: false };
	running.add(redis);
	const log = fs.openSync(logFile, 'a');
	const onData = (chunk) => {
		fs.writeSync(log, chunk);
		redis.output = (redis.output + chunk).slice(-64 * 1024);
	};
	child.stdout.setEncoding('utf8').on('data', onData);
	child.stderr.setEncoding('utf8').on('data', onData);
	const exited = new Promise((resolve) =>
		child.on('close', (code) => {
			redis.exited = true;
			redis.exitCode = code;
			fs.closeSync(log);
			resolve();
		}),
	);
	redis.stop = async () => {
		running.delete(redis);
		if (!redis.exited) {
			try {
				process.kill(redis.pid, 'SIGTERM');
			} catch {
				// already gone
			}
			let timer;
			const timedOut = await Promise.race([
				exited.then(() => false),
				new Promise((resolve) => (timer = setTimeout(() => resolve(true), 10000))),
			]);
			clearTimeout(timer);
			if (timedOut) {
				try {
					process.kill(redis.pid, 'SIGKILL');
				} catch {
					// already gone
				}
				await exited;
			}
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitUntil(() => /Ready to accept connections/.test(redis.output), {
			timeoutMs: 60000,
			what: 'redis-server to accept connections',
			abort: () => (redis.exited ? `redis-server exited (${redis.exitCode}):\n${tail(redis.output, 20)}` : undefined),
		});
	} catch (error) {
		await redis.stop();
		throw error;
	}
	redis.durationMs = Date.now() - started;
	return redis;
}

process.on('exit', () => {
	for (const redis of running) {
		try {
			process.kill(redis.pid, 'SIGKILL');
		} catch {
			// already gone
		}
		try {
			fs.rmSync(redis.dir, { recursive: true, force: true });
		} catch {
			// best effort at exit
		}
	}
});

module.exports = { startRedis };
