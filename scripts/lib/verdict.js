'use strict';
/**
 * What the demo's figures mean: human labels for vendor status codes, and the checks that make
 * `npm run demo -- --once` fail (exit 1, last line naming the figure) when a figure is short,
 * timed out, or disagrees with another.
 */

const labels = {
	tanyiJob: (status) => (status === undefined ? 'unknown' : String(status).toLowerCase().replace(/_/g, ' ')),
	// the only Byrobot task status the demo expects (VENDORS.md: 1 running); others by number
	byrobotTask: (status) => (status === 1 ? 'running' : `status ${status}`),
	autodialerJob: (start) => (start === 1 ? 'running' : 'not started'),
};

/**
 * Every figure the demo shows that has an expected value, as checks {figure, ok, says}. The demo
 * passes only if all are ok; the first failed one is what its last line names.
 */
function checkFigures({ actions, live, queue }, { liveCalls, callbackExamples }) {
	const checks = [];
	const check = (figure, ok, says) => checks.push({ figure, ok: Boolean(ok), says });
	if (actions) {
		const t = actions.tanyi;
		check('Tanyi leads imported', t.imported === t.requested && t.outputs === t.requested, `${t.imported} of ${t.requested} requested`);
		check('Tanyi import requests', t.requests['/job/importCustomer'] === Math.ceil(t.requested / 100), `${t.requests['/job/importCustomer']} for ${t.requested} leads (100 per request)`);
		check('Tanyi job running', t.jobStatus === 'IN_PROCESS', `job ${t.jobId}: ${labels.tanyiJob(t.jobStatus)}`);
		check('Tanyi records read back', t.recordsRead === t.callsFinished, `${t.recordsRead} records for ${t.callsFinished} calls finished`);
		const hot = (t.byIntent.A ?? 0) + (t.byIntent.B ?? 0);
		check('Hot leads notified', t.notifications.length === hot && hot > 0, `${t.notifications.length} notified for ${hot} A/B records`);
		const b = actions.byrobot;
		check('Byrobot customers imported', b.imported === b.requested, `${b.imported} of ${b.requested} requested`);
		check('Byrobot task running', b.taskStatus === 1, `task ${b.taskId}: ${labels.byrobotTask(b.taskStatus)}`);
		const a = actions.autodialer;
		check('Autodialer numbers imported', a.imported === a.requested && a.total === a.requested, `${a.imported} of ${a.requested} requested (${a.total} in the job)`);
		check('Autodialer job running', a.started === 1, `job ${a.uuid}: ${labels.autodialerJob(a.started)}`);
		check('HTTP Request node signed', actions.http.signedHeaders.length === 5 && actions.http.output?.code === 200, `headers ${actions.http.signedHeaders.join(', ') || 'none'}`);
	}
	if (live) {
		const poll = live['tanyi-trigger-new-call-notify'];
		check('Polling trigger runs', poll.count >= poll.expected, `${poll.count}${poll.error ? ` (${poll.error})` : ''}`);
		for (const [vendor, key] of Object.entries(callbackExamples)) {
			const r = live[key];
			const name = vendor[0].toUpperCase() + vendor.slice(1);
			const { calls, acknowledged } = r.deliveries;
			const a = r.accounting;
			if (a) {
				// queue mode: every call ran; a second run only where a retry reached the other webhook process
				check(
					`${name} callbacks → runs`,
					r.count >= liveCalls && a.lost.length === 0 && a.unexplained.length === 0 && acknowledged.length === liveCalls && calls.length === liveCalls,
					`${a.runs} runs for ${liveCalls} calls finished (${a.lost.length} without a run, ${a.extraRuns} extra from ` +
						`${a.crossed.length} deliveries retried on the other webhook process, ${a.unexplained.length} unexplained), ` +
						`${acknowledged.length} of ${calls.length} callbacks acknowledged` + (r.error ? ` (${r.error})` : ''),
				);
				continue;
			}
			check(
				`${name} callbacks → runs`,
				r.count === liveCalls && acknowledged.length === liveCalls && calls.length === liveCalls,
				`${r.count} runs for ${liveCalls} calls finished, ${acknowledged.length} of ${calls.length} callbacks acknowledged` +
					(r.error ? ` (${r.error})` : ''),
			);
		}
	}
	if (queue) {
		// queue mode (npm run demo -- --queue): who did the work
		const notOnWorker = Object.entries(queue.ranOn).filter(([, workers]) => workers.length !== 1);
		check(
			'Action examples ran on workers',
			Object.keys(queue.ranOn).length > 0 && notOnWorker.length === 0,
			notOnWorker.length === 0
				? Object.entries(queue.ranOn).map(([key, workers]) => `${key}: ${workers[0]}`).join(', ')
				: notOnWorker.map(([key, workers]) => `${key} ran on [${workers.join(', ')}]`).join(', '),
		);
		if (live) {
			check(
				'Callbacks reached every webhook process',
				queue.webhookCounts.length > 0 && queue.webhookCounts.every((n) => n > 0),
				queue.webhookCounts.map((n, i) => `${queue.webhooks[i]}: ${n}`).join(', '),
			);
		}
	}
	return checks;
}

/** The one-line verdict: "demo passed: …" or "demo FAILED: <first failed figure>: <what it says>". */
function verdictLine(checks) {
	if (checks.length === 0) return 'demo FAILED: no figure was checked';
	const failed = checks.filter((c) => !c.ok);
	if (failed.length === 0) return `demo passed: all ${checks.length} figures as expected`;
	const more = failed.length > 1 ? ` (+${failed.length - 1} more: ${failed.slice(1).map((c) => c.figure).join(', ')})` : '';
	return `demo FAILED: ${failed[0].figure}: ${failed[0].says}${more}`;
}

/** True only when there were checks and all of them passed. */
function passed(checks) {
	return checks.length > 0 && checks.every((c) => c.ok);
}

module.exports = { labels, checkFigures, verdictLine, passed };
