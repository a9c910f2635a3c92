/**
 * Exactly-once imports in a real n8n 2.41.1 (its own processed-data store in its SQLite
 * database): a Tanyi import with the node's Retry On Fail setting, whose 4th request is stored
 * by the emulator but answered with a reset while the vendor cannot tell what it stored; then
 * the same workflow again. The emulator must hold each of the 300 numbers exactly once.
 * Runs through `n8n execute` (scripts/lib/stack.js as on main).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../scripts/lib/stack');
const n8n = require('../../scripts/lib/n8n');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;
let emulators: any;
let prepared: any;

const LEADS = 300;

function workflow(name: string, nodes: Json[]): Json {
	const connections: Json = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, active: false, settings: { executionOrder: 'v1' } };
}

const start = { id: 'c0a80000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
const credentials = { tanyiApi: { id: null, name: 'Tanyi account' } };

beforeAll(async () => {
	const tarball = stack.buildAndPack({ quiet: true });
	emulators = await stack.startEmulators({ fixedPorts: false });
	prepared = await stack.prepareN8n({ tarball, emulators, quiet: true });
});

afterAll(async () => {
	await emulators?.close();
});

it('Retry On Fail after a lost answer, then a re-run: each number exactly once in the job', async () => {
	const { userFolder } = prepared;
	const createId = await n8n.importWorkflow(
		userFolder,
		workflow('e2e exactly-once: create job', [
			start,
			{
				id: 'c0a80000-0000-4000-8000-000000000002',
				name: 'Create Job',
				type: stack.TYPES.tanyi,
				typeVersion: 1,
				position: [200, 0],
				credentials,
				parameters: { resource: 'job', operation: 'create', name: 'e2e exactly once', dialogFlowId: '2', phoneType: 'LANDLINE', jobPhoneNumberIdList: ['348'], concurrencyQuota: 2, robotCount: 2, mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00' },
			},
		]),
	);
	const jobId = Number((await n8n.executeWorkflow(userFolder, createId)).output('Create Job')[0].robotCallJobId);

	const importId = await n8n.importWorkflow(
		userFolder,
		workflow('e2e exactly-once: import', [
			start,
			{
				id: 'c0a80000-0000-4000-8000-000000000003',
				name: 'Leads',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: { jsCode: `return Array.from({ length: ${LEADS} }, (_, i) => ({ json: { phone: '1390' + String(1000000 + i).slice(-7), name: 'Lead ' + i } }));` },
			},
			{
				id: 'c0a80000-0000-4000-8000-000000000004',
				name: 'Import',
				type: stack.TYPES.tanyi,
				typeVersion: 1,
				position: [400, 0],
				credentials,
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 100,
				parameters: {
					resource: 'customer',
					operation: 'import',
					jobId: { __rl: true, mode: 'id', value: String(jobId) },
					variablesFrom: 'none',
					options: { batchSize: 50, checkWait: 0.2 },
				},
			},
		]),
	);

	const tanyi = emulators.tanyi;
	const imports = () => tanyi.server.requests('/job/importCustomer').length;
	const stored = () => tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === jobId).map((t: Json) => t.calledPhoneNumber);
	tanyi.server.clearLog();
	// the 4th request is stored, its answer lost; the first check of the job's size fails too
	tanyi.server.injectFault({ path: '/job/importCustomer', nth: 4, mode: 'commit-then-reset' });
	tanyi.server.injectFault({ path: '/job/getJobStatsInfoList', nth: 2, response: tanyi.server.internalError() });

	const first = await n8n.executeWorkflow(userFolder, importId);
	const out = first.output('Import');
	expect(out).toHaveLength(LEADS);
	expect(out.every((o: Json) => o.status === 'imported' || o.status === 'skipped')).toBe(true);
	expect(stored()).toHaveLength(LEADS);
	expect(new Set(stored()).size).toBe(LEADS);
	// 6 requests of 50: the lost one was found in the job, not sent again
	expect(imports()).toBe(6);

	// another process: only n8n's own processed-data store (its database) can know the numbers
	tanyi.server.clearLog();
	const again = await n8n.executeWorkflow(userFolder, importId);
	const rerun = again.output('Import');
	expect(rerun.map((o: Json) => o.status)).toEqual(Array(LEADS).fill('skipped'));
	expect(rerun.every((o: Json) => /earlier run or attempt of this node/.test(o.reason))).toBe(true);
	expect(tanyi.server.log.map((r: Json) => r.path.split('/').pop())).toEqual(['getJobStatsInfoList']);
	expect(stored()).toHaveLength(LEADS);
});

export {};
