/**
 * Exactly-once imports in a real n8n 2.41.1, with n8n's own processed-data store (its SQLite
 * database): a Tanyi import with the node's Retry On Fail setting, whose 4th request is stored by
 * the emulator but answered with a reset, while the vendor's job-size read right after it fails
 * too, so the first attempt ends with an unknown outcome and n8n runs the node again. Then n8n is
 * restarted (a new process: nothing of the first one's memory is left) and the same workflow runs
 * again. The emulator must hold each of the 300 numbers exactly once, and the second run must send
 * nothing.
 *
 * One n8n for this file (scripts/lib/n8n): the all-in-one tarball installed as users install it,
 * workflows created and run through the REST API as the editor does, each run read back from its
 * stored execution. One request in flight, so the order of the vendor's requests (and therefore
 * which requests the faults hit) does not depend on timing.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../scripts/lib/stack');
const packaging = require('../../scripts/packaging');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;

const LEADS = 300;
const credentials = { tanyiApi: { id: null, name: 'Tanyi account' } };
const start = { id: 'c0a80000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

function workflow(name: string, nodes: Json[]): Json {
	const connections: Json = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

let emulators: any;
let userFolder: string;
let server: any;

beforeAll(async () => {
	const built = packaging.ensureBuilt({ log: () => undefined });
	const tarball = built.find((p: Json) => p.name === stack.PACKAGE_NAME).tarball;
	await stack.n8n.provision({ log: () => undefined });
	emulators = await stack.startEmulators({ fixedPorts: false });
	userFolder = await stack.n8n.createUserFolder({ packageTarballs: [tarball], parentDir: stack.CACHE });
	server = await stack.n8n.startMain(userFolder);
	await server.assertPackageLoaded({ packageName: stack.PACKAGE_NAME, nodeTypes: [stack.TYPES.tanyi] });
	await server.importCredentials(stack.credentialsFor(emulators).filter((c: Json) => c.type === 'tanyiApi'));
});

afterAll(async () => {
	await server?.stop();
	await emulators?.close();
	if (userFolder) stack.n8n.removeUserFolder(userFolder);
});

it('Retry On Fail after a lost answer, then a re-run in a restarted n8n: each number exactly once in the job', async () => {
	const tanyi = emulators.tanyi;
	const [createId] = await server.importWorkflows([
		workflow('e2e exactly-once: create job', [
			start,
			{
				id: 'c0a80000-0000-4000-8000-000000000002',
				name: 'Create Job',
				type: stack.TYPES.tanyi,
				typeVersion: 1,
				position: [200, 0],
				credentials,
				parameters: {
					resource: 'job',
					operation: 'create',
					name: 'e2e exactly once',
					dialogFlowId: '2',
					phoneType: 'LANDLINE',
					jobPhoneNumberIdList: ['348'],
					concurrencyQuota: 2,
					robotCount: 2,
					mode: 'MANUAL',
					dailyStartTime: '09:00',
					dailyEndTime: '20:00',
				},
			},
		]),
	]);
	const jobId = Number((await server.runManually(createId)).output('Create Job')[0].robotCallJobId);
	expect(jobId).toBeGreaterThan(0);
	const [importId] = await server.importWorkflows([
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
					phoneNumber: '={{ $json.phone }}',
					customerName: '={{ $json.name }}',
					variablesFrom: 'none',
					options: { batchSize: 50, parallelRequests: 1, checkWait: 0.2 },
				},
			},
		]),
	]);
	const phones = Array.from({ length: LEADS }, (_, i) => '1390' + String(1000000 + i).slice(-7));

	const paths = () => tanyi.server.log.map((r: Json) => r.path.split('/').pop());
	const count = (name: string) => paths().filter((p: string) => p === name).length;
	const stored = () => tanyi.phonesOf(jobId);
	tanyi.server.clearLog();
	// the 4th import is stored but its answer lost; the job-size read that follows fails too, so
	// the first attempt cannot tell and fails with an unknown outcome
	tanyi.server.injectFault({ path: '/job/importCustomer', nth: 4, mode: 'commit-then-reset' });
	tanyi.server.injectFault({ path: '/job/getJobStatsInfoList', nth: 2, response: tanyi.server.internalError() });

	const first = await server.runManually(importId);
	const out = first.output('Import');
	expect(out).toHaveLength(LEADS);
	// n8n keeps the output of the last attempt: what the failed one stored says so (`skipped`,
	// 150 from the ledger, the lost 50 found in the job one by one), the rest was imported
	expect(out.map((o: Json) => o.status)).toEqual([...Array(200).fill('skipped'), ...Array(LEADS - 200).fill('imported')]);
	expect(out.slice(0, 150).every((o: Json) => /earlier run or attempt of this node/.test(o.reason))).toBe(true);
	expect(out.slice(150, 200).every((o: Json) => /An earlier attempt stored it \(the vendor has this number\)/.test(o.reason))).toBe(true);
	expect(stored()).toHaveLength(LEADS);
	expect(new Set(stored()).size).toBe(LEADS);
	expect([...stored()].sort()).toEqual(phones);
	// attempt 1: size, 4 imports, the failed size read; then n8n's Retry On Fail ran attempt 2,
	// which found the lost 50 in the job: 6 imports of 50 in all, none sent twice
	expect(paths().slice(0, 6)).toEqual(['getJobStatsInfoList', 'importCustomer', 'importCustomer', 'importCustomer', 'importCustomer', 'getJobStatsInfoList']);
	expect(count('getJobStatsInfoList')).toBeGreaterThanOrEqual(3);
	expect(count('importCustomer')).toBe(6);
	expect(tanyi.server.pendingFaults).toBe(0);

	// a new n8n process: only n8n's processed-data store (its database) knows the numbers
	server = await stack.n8n.restartMain(server);
	tanyi.server.clearLog();
	const again = await server.runManually(importId);
	const rerun = again.output('Import');
	expect(rerun.map((o: Json) => o.status)).toEqual(Array(LEADS).fill('skipped'));
	expect(rerun.every((o: Json) => /earlier run or attempt of this node/.test(o.reason))).toBe(true);
	expect(paths()).toEqual(['getJobStatsInfoList']);
	expect(stored()).toHaveLength(LEADS);
});

export {};
