/**
 * One service per package, in a real n8n 2.41.1: each per-vendor tarball (built by
 * scripts/packaging.js, the same one `npm run release` publishes) is installed ALONE into a fresh
 * n8n user folder. n8n must load exactly that vendor's node types, none of another vendor's and
 * none of the all-in-one's, and run the vendor's leads-import example against its emulator.
 * The all-in-one package is covered by callbot.e2e.test.ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../scripts/lib/stack');
const packaging = require('../../scripts/packaging');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;

/** What each vendor's example must have done, read from its emulator. */
const VENDORS: Record<string, { credentialType: string; check: (run: any, emulators: any) => void }> = {
	tanyi: {
		credentialType: 'tanyiApi',
		check(run, { tanyi }) {
			const imported = run.output('Import Customers');
			expect(imported).toHaveLength(1000);
			expect(imported.filter((o: Json) => o.status === 'imported')).toHaveLength(1000);
			expect(stack.requestCounts(tanyi, ['/job/create', '/job/importCustomer', '/job/start'])).toEqual({
				'/job/create': 1,
				'/job/importCustomer': 10,
				'/job/start': 1,
			});
			const jobId = Number(run.output('Create Job')[0].robotCallJobId);
			expect(tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === jobId)).toHaveLength(1000);
			expect(tanyi.state.jobs.find((j: Json) => j.robotCallJobId === jobId)?.status).toBe('IN_PROCESS');
		},
	},
	byrobot: {
		credentialType: 'byrobotApi',
		check(run, { byrobot }) {
			expect(run.output('Import Customers')).toHaveLength(1000);
			expect(stack.requestCounts(byrobot, ['/task/createTask', '/task/importTaskCustomer', '/task/start'])).toEqual({
				'/task/createTask': 1,
				'/task/importTaskCustomer': 10,
				'/task/start': 1,
			});
			const taskId = Number(run.output('Create Task')[0].taskId);
			expect(byrobot.state.tasks.find((t: Json) => t.callJobId === taskId)?.status).toBe(1);
		},
	},
	autodialer: {
		credentialType: 'autodialerApi',
		check(run, { autodialer }) {
			expect(run.output('Import Numbers')).toHaveLength(1000);
			const uuid = run.output('Create Job')[0].uuid;
			expect(autodialer.server.requests(`/import_task_customer/${uuid}`)).toHaveLength(10);
			expect(autodialer.task(uuid)?.numbers).toHaveLength(1000);
			expect(autodialer.task(uuid)?.start).toBe(1);
		},
	},
};

let built: any[];
let emulators: any;
let examples: Record<string, Json>;

beforeAll(async () => {
	built = packaging.ensureBuilt({ log: () => undefined });
	await stack.n8n.provision({ log: () => undefined });
	emulators = await stack.startEmulators({ fixedPorts: false });
	examples = stack.loadExamples(emulators);
});

afterAll(async () => {
	await emulators?.close();
});

/** An example workflow with the all-in-one's node type prefix replaced by `packageName`. */
function retyped(workflow: Json, packageName: string): Json {
	return JSON.parse(JSON.stringify(workflow).split(`"${packaging.ALL_IN_ONE}.`).join(`"${packageName}.`));
}

describe.each(Object.keys(VENDORS))('n8n-nodes-%s installed alone', (vendor) => {
	const { credentialType, check } = VENDORS[vendor];
	let pkg: any;
	let userFolder: string;
	let server: any;
	let communityTypes: string[];
	let run: any;

	beforeAll(async () => {
		pkg = built.find((p) => p.name === `n8n-nodes-${vendor}`);
		userFolder = await stack.n8n.createUserFolder({ packageTarballs: [pkg.tarball], parentDir: stack.CACHE });
		server = await stack.n8n.startMain(userFolder);
		const types = await server.nodeTypes();
		communityTypes = types.map((t: Json) => t.name).filter((n: string) => /^n8n-nodes-/.test(n) && !n.startsWith('n8n-nodes-base.'));
		await server.importCredentials(stack.credentialsFor(emulators).filter((c: Json) => c.type === credentialType));
		const [id] = await server.importWorkflows([retyped(examples[`${vendor}-leads-import-start`], pkg.name)]);
		emulators[vendor].server.clearLog();
		// run inside n8n and read the stored execution back (never the tail of a CLI's stdout)
		run = await server.runManually(id);
	});

	afterAll(async () => {
		await server?.stop();
		if (userFolder) stack.n8n.removeUserFolder(userFolder);
	});

	it('loads exactly this vendor’s node types, under the package’s name', () => {
		const expected: string[] = packaging.nodeTypes(pkg);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.every((t) => t.startsWith(`${pkg.name}.${vendor}`))).toBe(true);
		// nothing of another package; n8n adds a `<type>Tool` variant of each node usable as an AI tool
		expect(communityTypes.filter((t) => !t.startsWith(`${pkg.name}.`))).toEqual([]);
		expect([...new Set(communityTypes.map((t) => t.replace(/Tool$/, '')))].sort()).toEqual([...expected].sort());
	});

	it('runs the vendor’s leads-import example against the emulator', () => {
		check(run, emulators);
	});
});

// a module of its own (the e2e files share no script scope)
export {};
