/**
 * "No person dialled twice" across queue-mode workers (real n8n 2.41.1, PostgreSQL, Redis, main +
 * 2 workers): a Tanyi import of 1,000 leads into one job, then
 * - the same workflow run again, landing on the OTHER worker (the first one is stopped), and
 * - n8n's "Retry" of an import that failed after its 6th request was committed (the vendor
 *   answered 500), landing on the other worker;
 * afterwards the job must hold each of the 1,000 phones exactly once (the emulator's state), and
 * the second attempt's output must say which rows it skipped because an earlier attempt had
 * imported them.
 *
 * This is the imports engine's guarantee: a ledger of imported rows kept in n8n's processed-data
 * store (the `processed_data` table of the shared database, so every worker sees it). The engine
 * that keeps it lives on another branch; until it is merged this suite runs only when
 * CALLBOT_QUEUE_IMPORTS=1 is set (without the ledger a re-run imports everything again).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../scripts/lib/stack');

export {};

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;
const enabled = process.env.CALLBOT_QUEUE_IMPORTS === '1';
const suite = enabled ? describe : describe.skip;
const reporter = stack.n8n.createReporter({ write: (line: string) => process.stderr.write(`[queue-imports] ${line}\n`) });
const LEADS = 1000;
let emulators: any;
let cluster: any;
let example: Json;

suite('exactly-once imports across queue-mode workers (CALLBOT_QUEUE_IMPORTS=1)', () => {
beforeAll(async () => {
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack());
	emulators = await stack.startEmulators({ fixedPorts: false });
	await reporter.phase('n8n runtime', () => stack.n8n.provision());
	cluster = await reporter.phase('start n8n in queue mode (main + 2 workers)', (status: (t: string) => void) =>
		stack.n8n.startQueueCluster({ packageTarballs: [tarball], parentDir: stack.CACHE, workers: 2, webhooks: 0, status }),
	);
	await cluster.main.importCredentials(stack.credentialsFor(emulators));
	example = stack.loadExamples(emulators)['tanyi-leads-import-start'];
});

afterAll(async () => {
	await cluster?.stop();
	await emulators?.close();
	reporter.line(`phases: ${reporter.summary()}`);
});

const node = (name: string) => example.nodes.find((n: Json) => n.name === name);
const link = (from: string, to: string) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });

/** A new Tanyi job, created by the example's Create Job node. */
async function createJob(): Promise<number> {
	const [id] = await cluster.main.importWorkflows([
		{ name: `create job ${Date.now()}`, nodes: [node('Start'), node('Create Job')], connections: link('Start', 'Create Job'), settings: {} },
	]);
	const run = await cluster.main.runManually(id);
	return Number(run.output('Create Job')[0].robotCallJobId);
}

/** The example's import of 1,000 leads, into a fixed job (so that a re-run targets the same job). */
async function importWorkflow(jobId: number): Promise<string> {
	const importNode = node('Import Customers');
	const fixed = { ...importNode, parameters: { ...importNode.parameters, jobId: { __rl: true, mode: 'id', value: String(jobId) } } };
	const [id] = await cluster.main.importWorkflows([
		{
			name: `import into job ${jobId}`,
			nodes: [node('Start'), node('Leads From Sheet'), fixed],
			connections: { ...link('Start', 'Leads From Sheet'), ...link('Leads From Sheet', 'Import Customers') },
			settings: {},
		},
	]);
	return id;
}

/** Runs the workflow manually; a failed run is returned too (with `failed: true`). */
async function run(workflowId: string): Promise<Json> {
	try {
		return await cluster.main.runManually(workflowId);
	} catch (error: any) {
		if (!error.execution) throw error;
		return Object.assign(error.execution, { failed: true, errorMessage: error.errorMessage });
	}
}

/**
 * How many output items of a second attempt say they were skipped because an earlier attempt had
 * imported the row (the engine reports per item what happened; any field whose text says
 * "already imported" or "skipped" counts).
 */
function skippedAsImported(items: Json[]): number {
	const says = (v: unknown): boolean =>
		typeof v === 'string' ? /already[\s_-]?imported|skipped/i.test(v) : v !== null && typeof v === 'object' && Object.values(v).some(says);
	return items.filter((item) => says(item)).length;
}

function jobPhones(jobId: number) {
	const phones = emulators.tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === jobId).map((t: Json) => t.calledPhoneNumber);
	return { rows: phones.length, distinct: new Set(phones).size };
}

/** Runs `action` with the worker that ran `executionId` stopped, so the next execution lands on the other one. */
async function onTheOtherWorker<T>(executionId: string, action: () => Promise<T>): Promise<{ first: string; result: T }> {
	const [first] = cluster.ranOn(executionId);
	const index = cluster.workers.findIndex((w: Json) => w.name === first);
	await cluster.stopWorker(index);
	try {
		return { first, result: await action() };
	} finally {
		await cluster.startWorker(index);
	}
}

describe('the same import run again, on the other worker', () => {
	let jobId: number;
	let first: Json;
	let again: Json;
	let firstWorker: string;

	beforeAll(async () => {
		jobId = await createJob();
		const workflowId = await importWorkflow(jobId);
		first = await run(workflowId);
		({ first: firstWorker, result: again } = await onTheOtherWorker(first.id, () => run(workflowId)));
		reporter.line(`re-run: job ${jobId} holds ${JSON.stringify(jobPhones(jobId))} for ${LEADS} leads; re-run ${again.status}`);
	});

	it('the first run imported all leads on one worker; the re-run ran on the other worker', () => {
		expect(first.failed).toBeUndefined();
		expect(first.output('Import Customers')).toHaveLength(LEADS);
		expect(cluster.ranOn(first.id)).toEqual([firstWorker]);
		expect(cluster.ranOn(again.id)).toHaveLength(1);
		expect(cluster.ranOn(again.id)).not.toEqual([firstWorker]);
	});

	it('the job holds each of the 1,000 phones exactly once; the second attempt skipped what the first imported', () => {
		expect(jobPhones(jobId)).toEqual({ rows: LEADS, distinct: LEADS });
		expect(skippedAsImported(again.output('Import Customers'))).toBe(LEADS);
	});
});

describe("n8n's retry of a failed import, on the other worker", () => {
	let jobId: number;
	let failed: Json;
	let retried: Json;
	let firstWorker: string;

	beforeAll(async () => {
		jobId = await createJob();
		const workflowId = await importWorkflow(jobId);
		// the 6th import request is carried out, then answered 500: its outcome is unknown to n8n
		let seen = 0;
		emulators.tanyi.server.injectFault({
			path: (req: Json) => req.path.endsWith('/job/importCustomer') && ++seen === 6,
			afterHandler: true,
			response: { status: 500, raw: 'Internal Server Error' },
		});
		failed = await run(workflowId);
		({ first: firstWorker, result: retried } = await onTheOtherWorker<Json>(failed.id, () =>
			cluster.main.rest('POST', `/executions/${failed.id}/retry`, { loadWorkflow: false }),
		));
		reporter.line(`retry: job ${jobId} holds ${JSON.stringify(jobPhones(jobId))} for ${LEADS} leads; retry ${retried.status}`);
	});

	it('the import failed on one worker at the 6th request; the retry ran on the other worker', () => {
		expect(failed.failed).toBe(true);
		expect(emulators.tanyi.server.requests('/job/importCustomer').length).toBeGreaterThanOrEqual(6);
		expect(String(retried.retryOf)).toBe(String(failed.id));
		expect(cluster.ranOn(retried.id)).toHaveLength(1);
		expect(cluster.ranOn(retried.id)).not.toEqual([firstWorker]);
	});

	it('the job holds each of the 1,000 phones exactly once; the second attempt skipped what the first imported', async () => {
		expect(jobPhones(jobId)).toEqual({ rows: LEADS, distinct: LEADS });
		// rows of the 5 committed requests (and of the 6th, accepted before its 500) are skipped
		const retriedRun = await cluster.main.getExecution(retried.id);
		expect(skippedAsImported(retriedRun.output('Import Customers'))).toBeGreaterThanOrEqual(500);
	});
});
});
