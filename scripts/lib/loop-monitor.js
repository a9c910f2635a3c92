'use strict';
/**
 * Loaded INTO the n8n process by the benchmark (`NODE_OPTIONS=--require <this file>`, with
 * CALLBOT_LOOP_MONITOR=<file>): measures the event loop from inside, where nothing else can.
 *
 * - A 5 ms interval timer: whenever it fires late by more than BLOCK_MS, the loop was blocked
 *   for that long; the block is written as `b <pid> <end epoch ms> <ms> <main-thread CPU ms>`. The bench attributes each
 *   block to the node that ran at that moment (run data gives every node's start and duration).
 * - Every 100 ms a memory sample `m <pid> <epoch ms> <rss bytes> <heapUsed bytes>`.
 * (n8n's task runner inherits NODE_OPTIONS: the pid tells the processes apart.) Lines are appended to the file (a few hundred per minute). Benchmark tooling only: never part of
 * the package.
 */
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const file = process.env.CALLBOT_LOOP_MONITOR;
if (file) {
	const TICK_MS = 5;
	const BLOCK_MS = 10;
	let fd = fs.openSync(file, 'a');
	let last = performance.now();
	// main-thread CPU time: a late timer whose interval used little CPU was the OS giving the
	// core to other processes (a shared machine), not a block
	const cpu = () => {
		const u = process.threadCpuUsage ? process.threadCpuUsage() : process.cpuUsage();
		return (u.user + u.system) / 1000;
	};
	let lastCpu = cpu();
	let sampledAt = 0;
	const write = (line) => {
		try {
			fs.writeSync(fd, `${line}\n`);
		} catch {
			fd = fs.openSync(file, 'a');
		}
	};
	const timer = setInterval(() => {
		const now = performance.now();
		const late = now - last - TICK_MS;
		last = now;
		const busy = cpu();
		const cpuMs = busy - lastCpu;
		lastCpu = busy;
		const epoch = Date.now();
		if (late > BLOCK_MS) write(`b ${process.pid} ${epoch} ${late.toFixed(1)} ${cpuMs.toFixed(1)}`);
		if (epoch - sampledAt >= 100) {
			sampledAt = epoch;
			const m = process.memoryUsage();
			write(`m ${process.pid} ${epoch} ${m.rss} ${m.heapUsed}`);
		}
	}, TICK_MS);
	timer.unref();
}
