/**
 * The de-duplication memory at issue 11's load: 20,000 callbacks an hour. Measures (and prints)
 * the static data it needs and the cost of one delivery through n8n's WebhookContext, with the
 * workflow's static data loaded from JSON and saved as JSON around every request as n8n does.
 * Sizes and coverage are asserted; times are only printed (never asserted).
 *
 * Method: 7 hours of deliveries (140,000 distinct keys, one every 180 ms of a mocked clock) are
 * fed to the memory directly, then 200 more go through the Tanyi Callback Trigger in the harness
 * (a fresh JSON copy of static data per request, like n8n's database read, and a JSON save after
 * it). Retries from 5 h 50 min and 6 h 20 min before are checked at the end.
 */
import { performance } from 'node:perf_hooks';
import type { IDataObject } from 'n8n-workflow';
import { TanyiCallbackApi } from '../../../../credentials/TanyiCallbackApi.credentials';
import { TanyiCallbackTrigger } from '../../../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { MAX_FINGERPRINTS, rememberDelivery } from '../../../../nodes/core/webhook';
import { formatCst } from '../../../emulators/shared/http';
import { nodeStaticDataKey } from '../../../harness';
import { emitted, nodeRunner } from '../../../harness/nodeRunner';

const RATE_PER_HOUR = 20_000;
const STEP_MS = 3_600_000 / RATE_PER_HOUR; // 180 ms
const HOURS = 7;
const NODE = 'Webhook Trigger';
/** one workflow in one process, its static data read afresh for every request as n8n does */
const WORKFLOW = 'load-test-workflow';
const SECRET = 'load-test-secret-0123456789abcdef';
const runner = nodeRunner({
	node: () => new TanyiCallbackTrigger(),
	extraCredentials: [{ type: () => new TanyiCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
	name: NODE,
});

const key = (i: number) => `tanyi:call:${9_000_000 + i}`;
const request = (i: number, now: number) => ({
	method: 'POST' as const,
	path: '/callback',
	headers: { 'content-type': 'application/json' },
	query: { token: SECRET },
	rawBody: Buffer.from(
		JSON.stringify({ dataType: 'ROBOT_CALL_RECORD', data: { callRecordId: 9_000_000 + i, robotCallJobId: 1, endTime: formatCst(now - 1000), resultStatus: 'ANSWERED' } }),
	),
});

jest.setTimeout(120_000);

it('20,000 callbacks an hour: static data stays bounded by the window and a delivery costs milliseconds', async () => {
	const t0 = Date.parse('2026-03-02T08:00:00Z');
	let now = t0;
	const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
	try {
		// the workflow's node static data, as the scope n8n's WebhookContext gives this node
		const workflowData: IDataObject = {};
		const nodeData: IDataObject = {};
		workflowData[nodeStaticDataKey(NODE)] = nodeData;
		const scope = `${WORKFLOW}:${NODE}`; // the scope the trigger uses: workflow id and node name
		const total = HOURS * RATE_PER_HOUR;
		const fillStart = performance.now();
		let repeats = 0;
		for (let i = 0; i < total; i++) if (rememberDelivery(nodeData, key(i), 6, scope, t0 + i * STEP_MS).duplicate) repeats++;
		const fillMs = performance.now() - fillStart;
		now = t0 + (total - 1) * STEP_MS;
		expect(repeats).toBe(0); // 140,000 distinct keys, no false positive

		// a process that has not seen this memory yet (after a restart, or one webhook process
		// reading what another saved) merges every fingerprint once
		const coldStart = performance.now();
		rememberDelivery(JSON.parse(JSON.stringify(nodeData)) as IDataObject, key(total + 10_000), 6, `cold-${Math.random()}`, now);
		const coldMs = performance.now() - coldStart;

		let staticJson = JSON.stringify(workflowData);
		const bytesBefore = Buffer.byteLength(staticJson);
		const timings: number[] = [];
		for (let j = 0; j < 200; j++) {
			const i = total + j;
			now = t0 + i * STEP_MS;
			const staticData = JSON.parse(staticJson) as IDataObject; // n8n reads the workflow row
			const started = performance.now();
			const result = await runner.hook(request(i, now), { options: { maxAgeHours: 25 } }, { staticData, workflowId: WORKFLOW });
			timings.push(performance.now() - started);
			expect(emitted(result)).toHaveLength(1);
			staticJson = JSON.stringify(staticData); // n8n saves it whole
		}
		// the same requests with de-duplication off: what n8n's load and save of this static data costs anyway
		const baseline: number[] = [];
		for (let j = 0; j < 100; j++) {
			const i = total + 1000 + j;
			const copyOf = JSON.parse(staticJson) as IDataObject;
			const started = performance.now();
			await runner.hook(request(i, now), { options: { deduplicate: false } }, { staticData: copyOf, workflowId: WORKFLOW });
			baseline.push(performance.now() - started);
		}
		// and with no static data at all: the cost of a callback to this trigger as such
		const bare: number[] = [];
		for (let j = 0; j < 100; j++) {
			const started = performance.now();
			await runner.hook(request(total + 2000 + j, now), { options: { deduplicate: false } }, { staticData: {} });
			bare.push(performance.now() - started);
		}
		const staticData = JSON.parse(staticJson) as IDataObject;
		const memory = (staticData[nodeStaticDataKey(NODE)] as { dedup: { buckets: Record<string, string> } }).dedup;
		const fingerprints = Object.values(memory.buckets).reduce((n, text) => n + text.length / 8, 0);
		const bytes = Buffer.byteLength(staticJson);

		// 6 hours at 20,000 an hour, plus at most the 10-minute bucket that is being filled
		expect(fingerprints).toBeGreaterThanOrEqual(6 * RATE_PER_HOUR);
		expect(fingerprints).toBeLessThanOrEqual(6 * RATE_PER_HOUR + RATE_PER_HOUR / 6 + 200);
		expect(fingerprints).toBeLessThan(MAX_FINGERPRINTS);
		expect(bytes).toBeLessThan(1.1 * 1024 * 1024);

		// a retry from 5 h 50 min ago is caught; one from 6 h 20 min ago is not remembered any more
		const lastIndex = total + 199;
		const recent = lastIndex - Math.round((5 * 60 + 50) * 60_000 / STEP_MS);
		const forgotten = lastIndex - Math.round((6 * 60 + 20) * 60_000 / STEP_MS);
		now = t0 + lastIndex * STEP_MS + STEP_MS;
		const retry = await runner.hook(request(recent, now), { options: { maxAgeHours: 0 } }, { staticData: JSON.parse(staticJson) as IDataObject, workflowId: WORKFLOW });
		expect(retry.response.workflowData).toBeUndefined();
		const old = await runner.hook(request(forgotten, now), { options: { maxAgeHours: 0 } }, { staticData: JSON.parse(staticJson) as IDataObject, workflowId: WORKFLOW });
		expect(emitted(old)).toHaveLength(1);

		const sorted = [...timings].sort((a, b) => a - b);
		const median = sorted[Math.floor(sorted.length / 2)];
		const p95 = sorted[Math.floor(sorted.length * 0.95)];
		const withoutMemory = [...baseline].sort((a, b) => a - b)[Math.floor(baseline.length / 2)];
		const nothing = [...bare].sort((a, b) => a - b)[Math.floor(bare.length / 2)];
		console.log(
			[
				`de-duplication memory at ${RATE_PER_HOUR.toLocaleString('en')} callbacks/hour, 6-hour window:`,
				`  fingerprints remembered: ${fingerprints.toLocaleString('en')} in ${Object.keys(memory.buckets).length} buckets`,
				`  node static data: ${(bytes / 1024).toFixed(0)} KiB (${bytes.toLocaleString('en')} bytes; ${(bytesBefore / 1024).toFixed(0)} KiB before the measured requests)`,
				`  memory alone, ${total.toLocaleString('en')} deliveries: ${((fillMs / total) * 1000).toFixed(1)} µs each`,
				`  the first delivery a process sees of this memory (restart, another webhook process): ${coldMs.toFixed(1)} ms to merge it`,
				`  one delivery through WebhookContext (static data parsed and proxied, webhook(), saved as JSON): median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`,
				`  the same with de-duplication off (n8n handling this static data, no memory work): median ${withoutMemory.toFixed(2)} ms`,
				`  the same with no static data at all: median ${nothing.toFixed(2)} ms`,
			].join('\n'),
		);
	} finally {
		clock.mockRestore();
	}
});
