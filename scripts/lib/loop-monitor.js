'use strict';
/**
 * Loaded INTO the n8n process by the benchmark (`NODE_OPTIONS=--require <this file>`, with
 * CALLBOT_LOOP_MONITOR=<file>): measures the event loop from inside, where nothing else can.
 *
 * - A 5 ms interval timer: whenever it fires late by more than BLOCK_MS, the loop was blocked
 *   for that long; the block is written as `b <pid> <end epoch ms> <ms> <main-thread CPU ms>`. The bench attributes each
 *   block to the node that ran at that moment (run data gives every node's start and duration).
 * - On request, a full garbage collection: when the file `<file>.gc-<pid>` appears (the same timer
 *   looks for it), it is read (one word, the request's tag) and removed, V8 collects everything
 *   unreachable (twice, so objects freed by the first pass's weak callbacks go too) and
 *   `g <pid> <epoch ms> <tag> <rss bytes> <heapUsed bytes> <external bytes> <GC ms>` is written.
 *   The collection blocks the loop; the timer's clock restarts after it, so that block is never
 *   written as a `b` line (its length is the line's last field). `gc` is taken from a new vm
 *   context with --expose-gc set just for that moment, so n8n's own contexts never see it.
 * (n8n's task runner inherits NODE_OPTIONS: the pid tells the processes apart.) Only a process's
 * main thread is watched: n8n's main process runs a worker thread too, which preloads this file as
 * well, shares the pid, and must neither write its own (idle, descheduled) lateness as blocks of
 * n8n's loop nor take the main thread's GC requests. Lines are appended to the file. Benchmark
 * tooling only: never part of the package.
 */
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');
const { performance } = require('node:perf_hooks');
const { isMainThread } = require('node:worker_threads');

const file = process.env.CALLBOT_LOOP_MONITOR;
if (file && isMainThread) {
	const TICK_MS = 5;
	const BLOCK_MS = 10;
	const gcRequest = `${file}.gc-${process.pid}`;
	let fd = fs.openSync(file, 'a');
	let last = performance.now();
	// main-thread CPU time: a late timer whose interval used little CPU was the OS giving the
	// core to other processes (a shared machine), not a block
	const cpu = () => {
		const u = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	let lastCpu = cpu();
	let gc;
	const write = (line) => {
		try {
			fs.writeSync(fd, `${line}\n`);
		} catch {
			fd = fs.openSync(file, 'a');
		}
	};
	const collect = () => {
		let tag;
		try {
			tag = fs.readFileSync(gcRequest, 'utf8').trim() || '-';
			fs.rmSync(gcRequest, { force: true });
		} catch {
			return;
		}
		if (!gc) {
			v8.setFlagsFromString('--expose-gc');
			gc = vm.runInNewContext('gc');
			v8.setFlagsFromString('--no-expose-gc');
		}
		const started = performance.now();
		gc();
		gc();
		const m = process.memoryUsage();
		write(`g ${process.pid} ${Date.now()} ${tag} ${m.rss} ${m.heapUsed} ${m.external} ${(performance.now() - started).toFixed(1)}`);
		// the collection is not a block of n8n's: restart the clock after it
		last = performance.now();
		lastCpu = cpu();
	};
	const timer = setInterval(() => {
		const now = performance.now();
		const late = now - last - TICK_MS;
		last = now;
		const busy = cpu();
		const cpuMs = busy - lastCpu;
		lastCpu = busy;
		if (late > BLOCK_MS) write(`b ${process.pid} ${Date.now()} ${late.toFixed(1)} ${cpuMs.toFixed(1)}`);
		if (fs.existsSync(gcRequest)) collect();
	}, TICK_MS);
	timer.unref();
}
