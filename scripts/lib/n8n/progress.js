'use strict';
/**
 * Phase timing and heartbeat lines for long runs: every phase ends with a line giving its
 * duration, and while it runs a line every 10 s says what it is doing, for how long, and what
 * comes next, so a slow machine never looks like a hung one.
 */

/**
 * @param {{write?: (line: string) => void, heartbeatMs?: number, prefix?: string}} [options]
 *   write gets whole lines without the newline (default: stdout).
 */
function createReporter(options = {}) {
	const write = options.write || ((line) => process.stdout.write(`${line}\n`));
	const heartbeatMs = options.heartbeatMs || 10000;
	const prefix = options.prefix || '';
	const timings = [];
	const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

	return {
		timings,
		line(text) {
			for (const l of String(text).split('\n')) write(`${prefix}${l}`);
		},
		/**
		 * Runs `fn(status)` as a named phase. `status(text)` sets what the heartbeat says it is
		 * doing right now (e.g. "running tanyi-leads-import-start").
		 * @template T
		 * @param {string} name
		 * @param {(status: (text: string) => void) => Promise<T> | T} fn
		 * @param {{next?: string, heartbeat?: boolean}} [meta] heartbeat: false for a phase whose
		 *   child process prints its own progress lines
		 * @returns {Promise<T>}
		 */
		async phase(name, fn, meta = {}) {
			const started = Date.now();
			let doing = name;
			const timer = setInterval(() => {
				if (meta.heartbeat === false) return;
				const next = meta.next ? `; next: ${meta.next}` : '';
				write(`${prefix}  … ${doing} (${seconds(Date.now() - started)} so far${next})`);
			}, heartbeatMs);
			timer.unref();
			try {
				return await fn((text) => (doing = text));
			} finally {
				clearInterval(timer);
				const ms = Date.now() - started;
				timings.push({ name, ms });
				write(`${prefix}  ${name}: ${seconds(ms)}`);
			}
		},
		/** "name 1.2 s · name 3.4 s" */
		summary() {
			return timings.map((t) => `${t.name} ${seconds(t.ms)}`).join(' · ');
		},
	};
}

module.exports = { createReporter };
