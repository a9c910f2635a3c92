#!/usr/bin/env node
'use strict';
/**
 * npm run demo [-- --once]
 *
 * Builds and packs this package, starts the three vendor emulators, provisions a real n8n
 * 2.41.1 (Node 24, from the npm registry only), installs the package into n8n's user folder the
 * way users install community nodes, imports credentials pointing at the emulators and the
 * workflows of examples/, runs them, and prints what happened. Then it keeps n8n running with
 * the trigger workflows active (Ctrl-C stops everything), or exits with --once.
 */
process.env.TS_NODE_PREFER_TS_EXTS = 'true';
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
require('ts-node/register');

const stack = require('./lib/stack');

const once = process.argv.includes('--once');
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function table(rows) {
	const width = Math.max(...rows.map(([k]) => k.length));
	for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

async function main() {
	console.log('n8n-nodes-callbot demo: real n8n + this package + local vendor emulators\n');
	console.log('1. build and pack the package');
	const tarball = stack.buildAndPack();
	console.log('2. start the vendor emulators');
	const emulators = await stack.startEmulators();
	console.log(`  Tanyi ${emulators.tanyi.url}  Byrobot ${emulators.byrobot.url}  Autodialer ${emulators.autodialer.url}`);
	let server;
	const shutdown = async (code) => {
		if (server) await server.stop().catch(() => {});
		await emulators.close().catch(() => {});
		process.exit(code);
	};
	process.on('SIGINT', () => {
		console.log('\nstopping n8n and the emulators…');
		void shutdown(0);
	});

	try {
		console.log('3. provision n8n 2.41.1 and install the packed package into its user folder');
		const prepared = await stack.prepareN8n({ tarball, emulators });
		console.log('4. run the example workflows with `n8n execute`');
		const r = await stack.runActionExamples({ ...prepared, emulators });

		console.log('\nSummary');
		table([
			['Tanyi leads imported', `${r.tanyi.imported} in ${r.tanyi.requests['/job/importCustomer']} import requests (job ${r.tanyi.jobId}: ${r.tanyi.jobStatus})`],
			['Tanyi calls finished', `${r.tanyi.callsFinished}; read back ${r.tanyi.recordsRead} records in ${r.tanyi.recordRequests} requests (Simplify)`],
			['Tanyi results by intent', Object.entries(r.tanyi.byIntent).sort().map(([k, v]) => `${k}: ${v}`).join('  ')],
			['Hot leads notified (A/B)', String(r.tanyi.notifications.length)],
			['Byrobot customers imported', `${r.byrobot.imported} in ${r.byrobot.requests['/task/importTaskCustomer']} requests (task ${r.byrobot.taskId}, status ${r.byrobot.taskStatus})`],
			['Autodialer numbers imported', `${r.autodialer.imported} in ${r.autodialer.requests['/import_task_customer/' + r.autodialer.uuid]} requests (job running: ${r.autodialer.started === 1})`],
			['HTTP Request node, signed', `tenant ${r.http.output?.data?.tenantSign ?? '?'} via headers ${r.http.signedHeaders.join(', ')}`],
		]);
		if (r.tanyi.notifications[0]) console.log(`  e.g. "${r.tanyi.notifications[0].text}"`);

		console.log('\n5. start n8n with the trigger workflows active and let calls finish');
		const live = await stack.runLiveExamples({ ...prepared, emulators, port: once ? undefined : 5678 });
		server = live.server;
		emulators.tanyi.completeCalls(r.tanyi.jobId, stack.LIVE_CALLS);
		emulators.byrobot.completeCalls(r.byrobot.taskId, stack.LIVE_CALLS);
		emulators.autodialer.completeCalls(r.autodialer.uuid, stack.LIVE_CALLS);
		await Promise.all([emulators.tanyi.flushCallbacks(), emulators.byrobot.flushCallbacks(), emulators.autodialer.flushCallbacks()]);
		const counts = {};
		for (const key of live.live) {
			const id = prepared.ids[key];
			const expected = key.startsWith('tanyi-trigger') ? 1 : stack.LIVE_CALLS;
			try {
				counts[key] = (await server.waitForExecutions(id, { count: expected, timeoutMs: 60_000 })).length;
			} catch (error) {
				counts[key] = `${(await server.listExecutions({ workflowId: id })).length} (${error.message.split('\n')[0]})`;
			}
		}
		table([
			['Polling trigger runs', `${counts['tanyi-trigger-new-call-notify']} (first activation emits the newest existing A/B records)`],
			['Tanyi callbacks → runs', String(counts['tanyi-callback-notify'])],
			['Byrobot callbacks → runs', String(counts['byrobot-callback-notify'])],
			['Autodialer callbacks → runs', String(counts['autodialer-callback-notify'])],
		]);
		console.log(`\ndone in ${seconds()}.`);
		if (once) return shutdown(0);
		console.log(`\nn8n is running at ${server.url}  (owner ${stack.n8n.DEFAULT_OWNER.email} / ${stack.n8n.DEFAULT_OWNER.password})`);
		console.log('Open it to see the workflows and their executions. Ctrl-C stops n8n and the emulators.');
	} catch (error) {
		console.error(`\ndemo failed after ${seconds()}: ${error.message}`);
		if (error.result?.stderr) console.error(error.result.stderr.slice(-3000));
		await shutdown(1);
	}
}

void main();
