/**
 * The examples in n8n's queue mode (real n8n 2.41.1, scripts/lib/n8n/cluster.js): PostgreSQL and
 * Redis on loopback, `n8n start` (main) + 2 × `n8n worker` + 2 × `n8n webhook` behind a
 * round-robin balancer, every process with the packed package installed in its own user folder.
 * Asserts on the emulators' state as the SQLite suite does, and on which process did the work
 * (the workers' logs, the balancer's record of which webhook process answered).
 *
 * The last part measures concurrent duplicate deliveries across the two webhook processes (the
 * figures go to the log and to .cache/queue-duplicates.json); it asserts what n8n allows to be
 * guaranteed: no delivery lost, and no duplicate run when every copy reaches the same process.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';

const stack = require('../../scripts/lib/stack');
const dup = require('../../scripts/lib/duplicates');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;
const reporter = stack.n8n.createReporter({ write: (line: string) => process.stderr.write(`[queue] ${line}\n`) });
let emulators: any;
let prepared: any;
let cluster: any;
let actions: any;
let live: any;
const figures: Json = {};

beforeAll(async () => {
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack());
	emulators = await stack.startEmulators({ fixedPorts: false });
	prepared = await stack.startN8nWithExamples({ tarball, emulators, reporter, queue: true });
	cluster = prepared.cluster;
	actions = await stack.runActionExamples({ ...prepared, emulators, reporter });
});

afterAll(async () => {
	await prepared?.stop();
	await emulators?.close();
	if (Object.keys(figures).length > 0) {
		fs.writeFileSync(path.join(stack.CACHE, 'queue-duplicates.json'), `${JSON.stringify(figures, null, 2)}\n`);
		reporter.line(`figures: ${JSON.stringify(figures)}`);
	}
	reporter.line(`cluster start: ${JSON.stringify(cluster?.timings)}; phases: ${reporter.summary()}`);
});

const readLog = (proc: any): string => fs.readFileSync(proc.logFile, 'utf8');

describe('the queue-mode cluster', () => {
	it('is main + 2 workers + 2 webhook processes on one PostgreSQL and one Redis, each with the package installed', async () => {
		expect(cluster.workers.map((w: Json) => w.name)).toEqual(['worker-1', 'worker-2']);
		expect(cluster.webhooks.map((w: Json) => w.name)).toEqual(['webhook-1', 'webhook-2']);
		for (const proc of cluster.processes()) {
			expect(proc.exited).toBe(false);
			const installed = path.join(proc.userFolder, '.n8n', 'nodes', 'node_modules', stack.PACKAGE_NAME, 'package.json');
			expect(fs.existsSync(installed)).toBe(true);
			// nothing went to a SQLite file: the state is in PostgreSQL
			expect(fs.existsSync(path.join(proc.userFolder, '.n8n', 'database.sqlite'))).toBe(false);
		}
		const stored = await cluster.postgres.psql('SELECT count(*) FROM workflow_entity');
		expect(Number(stored.trim())).toBe(Object.keys(prepared.examples).length);
		expect(readLog(cluster.workers[0])).toMatch(/n8n worker is now ready/);
		expect(readLog(cluster.webhooks[0])).toMatch(/Webhook listener waiting for requests/);
	});
});

describe('action examples, enqueued by main and run by a worker', () => {
	it.each(stack.ACTION_EXAMPLES as string[])('%s ran on exactly one worker, not on main', (key) => {
		const id = actions.executionIds[key];
		expect(cluster.ranOn(id)).toHaveLength(1);
		expect(readLog(cluster.main)).toMatch(new RegExp(`Enqueued execution ${id} \\(job `));
		expect(readLog(cluster.main)).not.toMatch(new RegExp(`Worker started execution ${id} \\(`));
	});

	it('Tanyi: 1,000 leads are imported in 10 requests and the job is started', () => {
		expect(actions.tanyi.outputs).toBe(1000);
		expect(actions.tanyi.imported).toBe(1000);
		expect(actions.tanyi.requests).toEqual({ '/job/create': 1, '/job/importCustomer': 10, '/job/start': 1 });
		const tasks = emulators.tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === actions.tanyi.jobId);
		expect(tasks).toHaveLength(1000);
		expect(new Set(tasks.map((t: Json) => t.calledPhoneNumber)).size).toBe(1000);
		expect(actions.tanyi.jobStatus).toBe('IN_PROCESS');
	});

	it('Byrobot and Autodialer: 1,000 each in 10 requests, running', () => {
		expect(actions.byrobot.imported).toBe(1000);
		expect(actions.byrobot.requests).toEqual({ '/task/createTask': 1, '/task/importTaskCustomer': 10, '/task/start': 1 });
		expect(actions.byrobot.taskStatus).toBe(1);
		expect(actions.autodialer.imported).toBe(1000);
		expect(actions.autodialer.requests['/import_task_customer/' + actions.autodialer.uuid]).toBe(10);
		expect(actions.autodialer.total).toBe(1000);
		expect(actions.autodialer.started).toBe(1);
	});

	it('the results workflow reads every finished call back and notifies only A/B leads', () => {
		expect(actions.tanyi.recordsRead).toBe(actions.tanyi.callsFinished);
		expect(actions.tanyi.recordRequests).toBe(Math.ceil(actions.tanyi.callsFinished / 100));
		const hot = (actions.tanyi.byIntent.A ?? 0) + (actions.tanyi.byIntent.B ?? 0);
		expect(actions.tanyi.notifications).toHaveLength(hot);
		expect(stack.checkFigures({ actions }).filter((c: Json) => !c.ok)).toEqual([]);
	});
});

describe('triggers: polling on main, callbacks on the webhook processes, runs on the workers', () => {
	let recordsBeforeActivation: Set<string>;
	const hotIds = (jobId: number) =>
		emulators.tanyi.state.callRecords
			.filter((r: Json) => r.robotCallJobId === jobId && ['A', 'B'].includes(r.intentLevel))
			.map((r: Json) => String(r.callRecordId));

	beforeAll(async () => {
		recordsBeforeActivation = new Set(hotIds(actions.tanyi.jobId));
		live = await stack.activateLiveExamples({ ...prepared, emulators });
		await stack.finishLiveCalls({ emulators, actions, callbackUrls: live.callbackUrls });
	});

	it.each([
		['tanyi-callback-notify', 'tanyi'],
		['byrobot-callback-notify', 'byrobot'],
		['autodialer-callback-notify', 'autodialer'],
	])('%s: callbacks reach both webhook processes; every call gets a run, on a worker', async (key, vendor) => {
		const id = prepared.ids[key];
		await prepared.server.waitForExecutions(id, { count: stack.LIVE_CALLS, timeoutMs: 150_000 });
		await dup.settledExecutions(prepared.server, id, { atLeast: stack.LIVE_CALLS });
		expect(stack.callDeliveries(vendor, emulators[vendor]).acknowledged).toHaveLength(stack.LIVE_CALLS);
		const a = await stack.callbackAccounting({ ...prepared, cluster }, key, vendor);
		figures[`liveBurst.${vendor}`] = { ...a, lost: a.lost.length, crossed: a.crossed.length, unexplained: a.unexplained.length };
		reporter.line(
			`${vendor}: ${a.calls} calls, ${a.attempts} attempts, ${a.runs} runs; ${a.crossed.length} retried on the other process, ${a.extraRuns} extra runs`,
		);
		expect(a.calls).toBe(stack.LIVE_CALLS);
		expect(a.processes).toEqual([0, 1]); // the balancer used both webhook processes
		expect(a.lost).toEqual([]); // no call without a run
		expect(a.unexplained).toEqual([]); // a second run only where a retry reached the other process
		expect(a.runsWithoutDelivery).toEqual([]);
		const executions = await prepared.server.listAllExecutions({ workflowId: id });
		for (const e of executions) {
			expect(e.mode).toBe('webhook');
			expect(e.status).toBe('success');
			expect(cluster.ranOn(e.id)).toHaveLength(1);
		}
	});

	it('a delivery repeated on the other webhook process starts no second run; a forged one is refused', async () => {
		const key = 'tanyi-callback-notify';
		const id = prepared.ids[key];
		const template = emulators.tanyi.callbackDeliveries.find((d: Json) => d.dataType === 'ROBOT_CALL_RECORD').payload;
		const payload = { ...template, data: { ...template.data, callRecordId: 990001 } };
		const pathAndQuery = live.url(key).replace(/^https?:\/\/[^/]+/, '');
		const [first, second] = cluster.webhooks.map((w: Json) => `${w.url}${pathAndQuery}`);
		const before = (await dup.settledExecutions(prepared.server, id, { quietMs: 2000 })).length;
		const a = await stack.n8n.httpRequest('POST', first, payload);
		expect([a.status, String(a.body).trim()]).toEqual([200, 'success']);
		await prepared.server.waitForExecutions(id, { count: before + 1, timeoutMs: 60_000 });
		const b = await stack.n8n.httpRequest('POST', second, payload);
		expect([b.status, String(b.body).trim()]).toEqual([200, 'success']);
		const forged = await stack.n8n.httpRequest('POST', second.replace(/token=[^&]+/, 'token=forged'), payload);
		expect(forged.status).toBe(401);
		const after = await dup.settledExecutions(prepared.server, id, { quietMs: 3000 });
		expect(after.length).toBe(before + 1);
	});

	it('the polling trigger keeps its cursor in PostgreSQL across a restart of main; callbacks keep running meanwhile', async () => {
		const key = 'tanyi-trigger-new-call-notify';
		const id = prepared.ids[key];
		const triggerNode = prepared.examples[key].nodes[0].name;
		/** the records every run of the polling workflow emitted, oldest run first */
		const emitted = async (): Promise<string[][]> => {
			const list = await dup.settledExecutions(prepared.server, id, { atLeast: 1, quietMs: 2000 });
			const loaded = await Promise.all(list.map((e: Json) => prepared.server.getExecution(e.id)));
			return loaded
				.sort((a: Json, b: Json) => Number(a.id) - Number(b.id))
				.map((e: Json) => e.output(triggerNode).map((r: Json) => String(r.callId)));
		};
		const [firstPoll] = await emitted();
		expect(firstPoll.length).toBeGreaterThan(0);
		expect(firstPoll.every((c) => recordsBeforeActivation.has(c))).toBe(true);
		// the cursor is in PostgreSQL, where main wrote it
		const stored = await cluster.postgres.psql(`SELECT "staticData" FROM workflow_entity WHERE id = '${id}'`);
		expect(stored).toContain(`node:${triggerNode}`);
		expect(stored).toMatch(/callRecordCursor/);

		// while main is down, new calls finish; their callbacks reach the webhook processes
		const callbackId = prepared.ids['tanyi-callback-notify'];
		await cluster.main.stop();
		const added = emulators.tanyi.addCallRecords(
			actions.tanyi.jobId,
			Array.from({ length: 8 }, (_, i) => ({ intentLevel: ['A', 'B', 'C', 'F'][i % 4] })),
		);
		await emulators.tanyi.flushCallbacks();
		prepared.server = await cluster.restartMain();

		// After the restart, main polls at once. Lost state would count as a first activation and
		// emit the newest existing records again; kept state emits each new record once.
		const addedHot = added.filter((r: Json) => ['A', 'B'].includes(r.intentLevel)).map((r: Json) => String(r.callRecordId));
		expect(addedHot).toHaveLength(4);
		const expected = new Set([...firstPoll, ...hotIds(actions.tanyi.jobId).filter((c: string) => !recordsBeforeActivation.has(c))]);
		let all: string[] = [];
		await stack.n8n.waitUntil(
			async () => {
				all = (await emitted()).flat();
				return [...expected].every((c) => all.includes(c));
			},
			{ timeoutMs: 150_000, what: `the polling trigger to emit the ${addedHot.length} records added while main was down`, intervalMs: 2000 },
		);
		expect(all.filter((c, i) => all.indexOf(c) !== i)).toEqual([]); // nothing emitted twice
		expect(new Set(all)).toEqual(expected);

		// every call that finished while main was down has its callback run
		const callbackRuns = await dup.settledExecutions(prepared.server, callbackId, { quietMs: 2000 });
		const loaded = await Promise.all(callbackRuns.map((e: Json) => prepared.server.getExecution(e.id)));
		const ran = new Set(loaded.map((e: Json) => String(e.output('Tanyi Callback')[0].callId)));
		expect(added.map((r: Json) => String(r.callRecordId)).filter((c: string) => !ran.has(c))).toEqual([]);
	});
});

describe('concurrent duplicate deliveries across webhook processes (measured)', () => {
	const PAIRS = 200;
	let template: Json;
	let pathAndQuery: string;

	/** A copy of the Tanyi callback example with its own webhook path and only the trigger. */
	async function callbackCopy(name: string): Promise<{ id: string; pathAndQuery: string }> {
		const example = prepared.examples['tanyi-callback-notify'];
		const webhookId = require('crypto').randomUUID();
		const trigger = { ...example.nodes[0], webhookId };
		const [id] = await prepared.server.importWorkflows([{ ...example, name, nodes: [trigger], connections: {} }]);
		await prepared.server.activateWorkflow(id);
		await prepared.server.waitForWebhook(`${webhookId}/callback`, { method: 'POST' });
		const original = live.url('tanyi-callback-notify').replace(/^https?:\/\/[^/]+/, '');
		return { id, pathAndQuery: original.replace(example.nodes[0].webhookId, webhookId) };
	}
	const payloads = (base: number) =>
		Array.from({ length: PAIRS }, (_, i) => ({ ...template, data: { ...template.data, callRecordId: base + i } }));
	const keyOf = (execution: Json) => execution.output('Tanyi Callback')[0].callId;

	beforeAll(() => {
		template = emulators.tanyi.callbackDeliveries.find((d: Json) => d.dataType === 'ROBOT_CALL_RECORD').payload;
		pathAndQuery = live.url('tanyi-callback-notify').replace(/^https?:\/\/[^/]+/, '');
		expect(pathAndQuery).toMatch(/^\/webhook\//);
	});

	it(`the same callback sent to both webhook processes at once, ${PAIRS} times: none lost, duplicates counted`, async () => {
		const copy = await callbackCopy('queue duplicates: two processes');
		const urls = cluster.webhooks.map((w: Json) => `${w.url}${copy.pathAndQuery}`);
		const sent = payloads(500000);
		const started = Date.now();
		const answers = await dup.sendPairs({ urls, payloads: sent });
		const sendMs = Date.now() - started;
		expect(answers.flatMap((a: Json) => a.answers).filter((a: Json) => a.status !== 200 || String(a.body).trim() !== 'success')).toEqual([]);
		const list = await dup.settledExecutions(prepared.server, copy.id, { atLeast: PAIRS });
		const counts = await dup.runsPerKey(prepared.server, list, keyOf);
		const result = dup.summarize(counts, sent.map((p: Json) => p.data.callRecordId));
		figures.twoProcesses = { pairs: PAIRS, ...result, lostKeys: undefined, sendMs };
		reporter.line(
			`two processes: ${PAIRS} pairs → ${result.runs} runs, ${result.duplicates} duplicate runs ` +
				`(${((100 * result.duplicates) / PAIRS).toFixed(1)} %), ${result.lost} lost, sent in ${sendMs} ms`,
		);
		expect(result.lost).toBe(0);
		expect(result.runs).toBe(list.length);
	});

	it(`a burst of ${PAIRS} callbacks split over both processes, then each retried on the other one: none lost, extra runs counted`, async () => {
		// A vendor pushes many finished calls at once (the two processes save their static data
		// concurrently, last writer wins), later it retries some on the other process.
		const copy = await callbackCopy('queue duplicates: retried on the other process');
		const urls = cluster.webhooks.map((w: Json) => `${w.url}${copy.pathAndQuery}`);
		const sent = payloads(700000);
		for (let i = 0; i < sent.length; i += 20) {
			await Promise.all(sent.slice(i, i + 20).map((p: Json, j: number) => stack.n8n.httpRequest('POST', urls[(i + j) % 2], p)));
		}
		const first = await dup.settledExecutions(prepared.server, copy.id, { atLeast: PAIRS });
		const firstCounts = dup.summarize(await dup.runsPerKey(prepared.server, first, keyOf), sent.map((p: Json) => p.data.callRecordId));
		const again = await dup.sendEach({ urls: [urls[1], urls[0]], payloads: sent });
		expect(again.filter((a: Json) => a.status !== 200).length).toBe(0);
		const all = await dup.settledExecutions(prepared.server, copy.id, { atLeast: first.length, quietMs: 4000 });
		const result = dup.summarize(await dup.runsPerKey(prepared.server, all, keyOf), sent.map((p: Json) => p.data.callRecordId));
		figures.retriedOnOtherProcess = { deliveries: PAIRS, burstRuns: firstCounts.runs, burstDuplicates: firstCounts.duplicates, retries: PAIRS, ...result, lostKeys: undefined };
		reporter.line(
			`burst of ${PAIRS} split over 2 processes → ${firstCounts.runs} runs; each retried once on the other process → ` +
				`${all.length - first.length} more runs (${result.duplicates} duplicate runs in all)`,
		);
		expect(firstCounts.lost).toBe(0);
		expect(firstCounts.duplicates).toBe(0); // each delivery reached one process once
	});

	it(`the same callback sent twice at once through a balancer that routes by webhook path, ${PAIRS} times: not a single duplicate run`, async () => {
		// the remedy a deployment can apply (README "Running at scale"): nginx `hash $uri consistent`
		// in front of the webhook processes pins each webhook URL to one process while it is up
		const copy = await callbackCopy('queue duplicates: routed by path');
		const sticky = await stack.n8n.startBalancer(cluster.webhooks.map((w: Json) => w.url), { policy: 'path' });
		try {
			const url = `${sticky.url}${copy.pathAndQuery}`;
			const sent = payloads(800000);
			const answers = await dup.sendPairs({ urls: [url, url], payloads: sent });
			expect(answers.flatMap((a: Json) => a.answers).filter((a: Json) => a.status !== 200).length).toBe(0);
			// every copy reached the one process the path is pinned to
			expect(sticky.counts().filter((n: number) => n > 0)).toEqual([2 * PAIRS]);
			const list = await dup.settledExecutions(prepared.server, copy.id, { atLeast: PAIRS });
			const result = dup.summarize(await dup.runsPerKey(prepared.server, list, keyOf), sent.map((p: Json) => p.data.callRecordId));
			figures.routedByPath = { pairs: PAIRS, ...result, lostKeys: undefined, perProcess: sticky.counts() };
			reporter.line(`routed by path: ${PAIRS} pairs → ${result.runs} runs, ${result.duplicates} duplicate runs`);
			expect(result).toMatchObject({ lost: 0, duplicates: 0, runs: PAIRS });
		} finally {
			await sticky.close();
		}
	});

	it(`the same callback sent twice at once to ONE webhook process, ${PAIRS} times: not a single duplicate run`, async () => {
		const copy = await callbackCopy('queue duplicates: one process');
		const url = `${cluster.webhooks[0].url}${copy.pathAndQuery}`;
		const sent = payloads(600000);
		const answers = await dup.sendPairs({ urls: [url, url], payloads: sent });
		expect(answers.flatMap((a: Json) => a.answers).filter((a: Json) => a.status !== 200).length).toBe(0);
		const list = await dup.settledExecutions(prepared.server, copy.id, { atLeast: PAIRS });
		const counts = await dup.runsPerKey(prepared.server, list, keyOf);
		const result = dup.summarize(counts, sent.map((p: Json) => p.data.callRecordId));
		figures.oneProcess = { pairs: PAIRS, ...result, lostKeys: undefined };
		reporter.line(`one process: ${PAIRS} pairs → ${result.runs} runs, ${result.duplicates} duplicate runs`);
		expect(result).toMatchObject({ lost: 0, duplicates: 0, runs: PAIRS });
	});
});
