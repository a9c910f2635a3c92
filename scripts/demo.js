#!/usr/bin/env node
'use strict';
/**
 * npm run demo [-- --once] [-- --queue]
 *
 * Builds and packs this package, starts the three vendor emulators, provisions a real n8n
 * 2.41.1 (Node 24, from the npm registry only), installs the package into n8n's user folder the
 * way users install community nodes, starts ONE n8n, imports credentials pointing at the emulators
 * and the workflows of examples/ through its REST API, runs them inside it, activates the trigger
 * workflows, lets calls finish, and prints what happened and whether every figure is as expected.
 * Then it keeps n8n running (Ctrl-C stops everything), or with --once exits: 0 when every figure
 * is as expected, 1 otherwise; the last line says which figure is off.
 * With --queue, n8n runs in queue mode instead (PostgreSQL, Redis, a main process, 2 workers and
 * 2 webhook processes behind a load balancer; scripts/lib/n8n/cluster.js), and the verdict also
 * checks that the action examples ran on workers and that callbacks reached both webhook processes.
 *
 * Environment: N8N_E2E_KEEP=1 keeps n8n's user folder (database, logs) in .cache/;
 * CALLBOT_DEMO_DROP_CALLBACKS=autodialer,… loses one callback per named vendor on the way (to see
 * the demo fail); CALLBOT_DEMO_WAIT_MS bounds each wait for trigger runs (default 300000; a run is awaited only for a callback the emulator saw acknowledged).
 */
process.env.TS_NODE_PREFER_TS_EXTS = 'true';
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node/register');

const stack = require('./lib/stack');

const once = process.argv.includes('--once');
const queue = process.argv.includes('--queue');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const reporter = stack.n8n.createReporter();
const say = (text = '') => reporter.line(text);
const dropCallbacks = (process.env.CALLBOT_DEMO_DROP_CALLBACKS || '').split(',').map((s) => s.trim()).filter(Boolean);
const waitMs = Number(process.env.CALLBOT_DEMO_WAIT_MS) || 300_000;

function table(rows) {
	const width = Math.max(...rows.map(([k]) => k.length));
	for (const [k, v] of rows) say(`  ${k.padEnd(width)}  ${v}`);
}

let emulators;
let prepared;
let stopping = false;
async function shutdown(code, lastLine) {
	const removed = prepared ? await prepared.stop().catch(() => true) : true;
	if (emulators) await emulators.close().catch(() => {});
	if (removed === false) say(`kept n8n's user folder: ${prepared.userFolder}`);
	if (lastLine) say(lastLine);
	process.exit(code);
}
process.on('SIGINT', () => {
	if (stopping) return;
	stopping = true;
	say('\nstopping n8n and the emulators…');
	void shutdown(130);
});

async function main() {
	say('n8n-nodes-callbot demo: real n8n + this package + local vendor emulators\n');
	say('1. build and pack the package');
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack(), { next: 'start the emulators' });
	say(`  packed ${require('path').relative(stack.ROOT, tarball)}`);
	say('2. start the vendor emulators');
	emulators = await stack.startEmulators();
	say(`  Tanyi ${emulators.tanyi.url}  Byrobot ${emulators.byrobot.url}  Autodialer ${emulators.autodialer.url}`);

	say(`3. n8n 2.41.1${queue ? ' in queue mode' : ''} with the packed package, credentials and examples`);
	prepared = await stack.startN8nWithExamples({ tarball, emulators, port: once ? undefined : 5678, reporter, queue });
	say(`  n8n is running at ${prepared.server.url}; it loaded ${prepared.loadedTypes.length} node types of ${stack.PACKAGE_NAME}`);
	if (queue) {
		const c = prepared.cluster;
		say(`  PostgreSQL 127.0.0.1:${c.postgres.port}, Redis 127.0.0.1:${c.redis.port}; ${c.workers.map((w) => w.name).join(', ')};`);
		say(`  ${c.webhooks.map((w) => `${w.name} ${w.url}`).join(', ')} behind the balancer ${c.balancer.url}`);
	}

	say('4. run the action examples inside n8n (as "Execute workflow" in the editor)');
	const r = await stack.runActionExamples({ ...prepared, emulators, reporter });
	say('\nSummary');
	table([
		['Tanyi leads imported', `${r.tanyi.imported} of ${r.tanyi.requested} in ${r.tanyi.requests['/job/importCustomer']} import requests (job ${r.tanyi.jobId}: ${stack.labels.tanyiJob(r.tanyi.jobStatus)})`],
		['Tanyi calls finished', `${r.tanyi.callsFinished}; read back ${r.tanyi.recordsRead} records in ${r.tanyi.recordRequests} requests (Simplify)`],
		['Tanyi results by intent', Object.entries(r.tanyi.byIntent).sort().map(([k, v]) => `${k}: ${v}`).join('  ')],
		['Hot leads notified (A/B)', String(r.tanyi.notifications.length)],
		['Byrobot customers imported', `${r.byrobot.imported} of ${r.byrobot.requested} in ${r.byrobot.requests['/task/importTaskCustomer']} requests (task ${r.byrobot.taskId}: ${stack.labels.byrobotTask(r.byrobot.taskStatus)})`],
		['Autodialer numbers imported', `${r.autodialer.imported} of ${r.autodialer.requested} in ${r.autodialer.importRequests} requests (job ${r.autodialer.uuid}: ${stack.labels.autodialerJob(r.autodialer.started)})`],
		['HTTP Request node, signed', `tenant "${r.http.output?.data?.tenantName ?? '?'}" via headers ${r.http.signedHeaders.join(', ')}`],
	]);
	if (r.tanyi.notifications[0]) say(`  e.g. "${r.tanyi.notifications[0].text}"`);
	say(`  imported, not run here: ${stack.POSTGRES_EXAMPLES.join(', ')} (need a PostgreSQL database) and ${stack.CSV_EXAMPLES.join(', ')}`);
	say('  (needs a CSV file on n8n\'s disk); npm run test:e2e runs them (test/e2e/examples-postgres.e2e.test.ts)');

	say('\n5. activate the trigger workflows and let calls finish');
	const live = await reporter.phase('activate triggers, finish calls, wait for runs', async (status) => {
		status('activating the polling and callback workflows');
		const activated = await stack.activateLiveExamples({ ...prepared, emulators });
		status(`finishing ${stack.LIVE_CALLS} calls per vendor and delivering their callbacks`);
		await stack.finishLiveCalls({ emulators, actions: r, callbackUrls: activated.callbackUrls }, { dropCallbacks });
		status('waiting for the trigger runs');
		return await stack.collectLiveRuns({ ...prepared, emulators }, { timeoutMs: waitMs });
	});
	const runs = (key) => {
		const x = live[key];
		const extra = x.accounting ? `, ${x.accounting.extraRuns} of them extra: retried on the other webhook process` : '';
		return `${x.count} runs for ${x.expected === 1 ? 'its first poll' : `${x.expected} calls finished`}${extra}` + (x.error ? ` (${x.error})` : '');
	};
	const acks = (key) => `${live[key].deliveries.acknowledged.length} of ${live[key].deliveries.calls.length} acknowledged`;
	table([
		['Polling trigger runs', `${runs('tanyi-trigger-new-call-notify')} (first activation emits the newest existing A/B records)`],
		['Tanyi callbacks → runs', `${runs('tanyi-callback-notify')}; ${acks('tanyi-callback-notify')}`],
		['Byrobot callbacks → runs', `${runs('byrobot-callback-notify')}; ${acks('byrobot-callback-notify')}`],
		['Autodialer callbacks → runs', `${runs('autodialer-callback-notify')}; ${acks('autodialer-callback-notify')}`],
	]);

	const queueFigures = queue ? stack.queueFigures(prepared, r) : undefined;
	if (queueFigures) {
		table([
			...Object.entries(queueFigures.ranOn).map(([key, workers]) => [`${key} ran on`, workers.join(', ') || 'no worker']),
			['Callbacks per webhook process', queueFigures.webhookCounts.map((n, i) => `${queueFigures.webhooks[i]}: ${n}`).join(', ')],
		]);
	}
	const checks = stack.checkFigures({ actions: r, live, queue: queueFigures });
	for (const c of checks.filter((x) => !x.ok)) say(`  ✗ ${c.figure}: ${c.says}`);
	say(`\ndone in ${seconds()} (${reporter.summary()})`);
	const verdict = stack.verdictLine(checks);
	const ok = stack.passed(checks);
	if (once) return shutdown(ok ? 0 : 1, verdict);
	say(verdict);
	say(`\nn8n is running at ${prepared.server.url}  (owner ${stack.n8n.DEFAULT_OWNER.email} / ${stack.n8n.DEFAULT_OWNER.password})`);
	say('Open it to see the workflows and their executions. Ctrl-C stops n8n and the emulators.');
}

main().catch(async (error) => {
	if (stopping) return;
	console.error(`\n${error.stack || error.message}`);
	if (prepared && !prepared.server.exited) console.error(prepared.server.logs(40));
	await shutdown(1, `demo FAILED after ${seconds()}: ${String(error.message).split('\n')[0]}`);
});
