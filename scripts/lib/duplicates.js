'use strict';
/**
 * Measures duplicate runs of a callback workflow in queue mode: the same delivery sent to two
 * webhook processes at the same moment (both requests issued in one event-loop tick, each on a
 * new connection), pair after pair, then the runs counted per delivery from n8n's stored
 * executions. Bounded: `pairs` deliveries, loopback URLs only.
 */
const { httpRequest, sleep, waitUntil } = require('./n8n/util');

/**
 * Sends every payload to both `urls` at once, one pair at a time.
 * @param {{urls: [string, string], payloads: object[]}} options
 * @returns {Promise<Array<{answers: Array<{status: number, body: unknown}>}>>}
 */
async function sendPairs({ urls, payloads }) {
	if (payloads.length > 1000) throw new Error('at most 1000 pairs');
	for (const url of urls) if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`not a loopback URL: ${url}`);
	const results = [];
	for (const payload of payloads) {
		const answers = await Promise.all(urls.map((url) => httpRequest('POST', url, payload).catch((e) => ({ status: 0, body: e.message }))));
		results.push({ answers });
	}
	return results;
}

/** Sends each payload once, to `urls` in turn (a retry landing on another process, after the burst). */
async function sendEach({ urls, payloads }) {
	const results = [];
	for (let i = 0; i < payloads.length; i++) {
		results.push(await httpRequest('POST', urls[i % urls.length], payloads[i]).catch((e) => ({ status: 0, body: e.message })));
	}
	return results;
}

/**
 * Waits until the workflow has at least `atLeast` executions, none of them still running and the
 * count unchanged for `quietMs`; returns them all (list entries, newest first).
 */
async function settledExecutions(server, workflowId, { atLeast = 0, quietMs = 4000, timeoutMs = 5 * 60000 } = {}) {
	let last = -1;
	let since = Date.now();
	return await waitUntil(
		async () => {
			const list = await server.listAllExecutions({ workflowId });
			const running = list.some((e) => !e.stoppedAt && !['success', 'error', 'canceled', 'crashed'].includes(e.status));
			if (list.length !== last || running) {
				last = list.length;
				since = Date.now();
				return undefined;
			}
			return list.length >= atLeast && Date.now() - since >= quietMs ? list : undefined;
		},
		{ timeoutMs, what: `executions of workflow ${workflowId} to settle (at least ${atLeast})`, intervalMs: 1000, abort: () => server.abortReason() },
	);
}

/**
 * Runs per key among the stored executions of `workflowId` newer than `afterId`:
 * `keyOf(execution)` names the delivery each execution ran for.
 * @returns {Promise<Map<string, number>>}
 */
async function runsPerKey(server, list, keyOf, afterId = 0) {
	const counts = new Map();
	const newer = list.filter((e) => Number(e.id) > Number(afterId));
	for (let i = 0; i < newer.length; i += 10) {
		const loaded = await Promise.all(newer.slice(i, i + 10).map((e) => server.getExecution(e.id)));
		for (const execution of loaded) {
			const key = String(keyOf(execution));
			counts.set(key, (counts.get(key) || 0) + 1);
		}
	}
	return counts;
}

/** {runs, keysWithRuns, duplicates (runs beyond the first per key), lost (keys without a run)} */
function summarize(counts, keys) {
	let runs = 0;
	for (const n of counts.values()) runs += n;
	const lost = keys.filter((k) => !counts.has(String(k)));
	const duplicates = keys.reduce((sum, k) => sum + Math.max(0, (counts.get(String(k)) || 0) - 1), 0);
	return { runs, keysWithRuns: keys.length - lost.length, duplicates, lost: lost.length, lostKeys: lost.slice(0, 10) };
}

module.exports = { sendPairs, sendEach, settledExecutions, runsPerKey, summarize, sleep };
