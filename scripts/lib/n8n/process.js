'use strict';
/**
 * One n8n process (`n8n start` today; `n8n worker` and `n8n webhook` take the same shape for
 * queue mode): spawned in its own process group so that it and its task runner stop together,
 * its output written to a log file in the user folder (and the last part kept in memory for error
 * messages), stopped with SIGTERM then SIGKILL.
 *
 * Every process started here is also killed when this Node process exits or gets SIGINT/SIGTERM.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { runtimePaths } = require('./env');
const { killGroup, groupAlive, waitUntil, tail, sleep, signalHandlersWhile } = require('./util');

const KEEP_IN_MEMORY = 256 * 1024;
const running = new Set();

class N8nProcess {
	/**
	 * @param {{command: string, args?: string[], name: string, userFolder: string, env: Record<string, string>}} spec
	 *   command: the n8n sub-command (`start`, later `worker` / `webhook`, or a one-off such as
	 *   `export:workflow` with its `args`); name: a label unique in the run (`main`, `worker-1`, …),
	 *   also the log file's name.
	 */
	constructor(spec) {
		const { n8nBin, nodeBin } = runtimePaths();
		if (!fs.existsSync(n8nBin)) throw new Error(`n8n is not provisioned (${n8nBin} missing); run provision() first`);
		this.command = spec.command;
		this.name = spec.name;
		this.userFolder = spec.userFolder;
		this.logFile = path.join(spec.userFolder, `n8n-${spec.name}.log`);
		this.output = '';
		this.exited = false;
		this.exitCode = null;
		this.startedAt = Date.now();
		const log = fs.openSync(this.logFile, 'a');
		const child = spawn(nodeBin, [n8nBin, spec.command, ...(spec.args || [])], {
			cwd: spec.userFolder,
			env: spec.env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.process = child;
		this.pid = child.pid;
		const onData = (chunk) => {
			fs.writeSync(log, chunk);
			this.output = (this.output + chunk).slice(-KEEP_IN_MEMORY);
		};
		child.stdout.setEncoding('utf8').on('data', onData);
		child.stderr.setEncoding('utf8').on('data', onData);
		this.exitPromise = new Promise((resolve) =>
			child.on('close', (code, signal) => {
				this.exited = true;
				this.exitCode = code === null ? signal : code;
				fs.closeSync(log);
				resolve();
			}),
		);
		running.add(this);
		updateSignalHandlers();
	}

	/** The last `lines` lines of the process's output, with where the full log is. */
	logs(lines = 80) {
		return `--- n8n ${this.name} (${this.command}), full log: ${this.logFile} ---\n${tail(this.output, lines)}`;
	}

	/** waitUntil that gives up as soon as the process exits. */
	async waitFor(check, timeoutMs, what) {
		try {
			return await waitUntil(check, {
				timeoutMs,
				what,
				abort: () => (this.exited ? `n8n ${this.name} exited (${this.exitCode})` : undefined),
			});
		} catch (error) {
			error.message += `\n${this.logs()}`;
			throw error;
		}
	}

	/** SIGTERM the whole group, SIGKILL after `graceMs`; resolves when the group is gone. */
	async stop(graceMs = 15000) {
		running.delete(this);
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
		// the task runner and anything else left in the group
		killGroup(this.pid, 'SIGKILL');
		for (let i = 0; i < 40 && groupAlive(this.pid); i++) await sleep(50);
	}
}

/** The processes started through this module that were not stopped yet. */
function runningProcesses() {
	return [...running];
}

/** Stops every process started through this module. */
async function stopAll() {
	await Promise.all([...running].map((p) => p.stop()));
}

process.on('exit', () => {
	for (const p of running) killGroup(p.pid, 'SIGKILL');
});

// n8n runs in its own process group, so Ctrl-C of the calling script does not reach it. While a
// process runs, SIGINT/SIGTERM kill it. If the script has its own handler for the signal, that
// handler decides what to print and when to exit; otherwise this process exits with the
// signal's exit code. One handler, so a Ctrl-C is reported once.
function onTerminationSignal(signal) {
	for (const p of running) killGroup(p.pid, 'SIGKILL');
	running.clear();
	updateSignalHandlers();
	// exit (not the signal raised again) so that the 'exit' handlers run: they stop the
	// throwaway PostgreSQL and Redis of a queue-mode run (postgres.js, redis.js)
	if (process.listenerCount(signal) === 0) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}
const updateSignalHandlers = signalHandlersWhile(() => running.size > 0, onTerminationSignal);

module.exports = { N8nProcess, stopAll, runningProcesses };
