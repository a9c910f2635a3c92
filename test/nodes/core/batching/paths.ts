/**
 * The five import paths (Tanyi sync and async, Byrobot v1 and v2, Autodialer), each as a node
 * runner bound to its emulator, with what the exactly-once tests need: make a job, the import
 * parameters, the numbers the emulator stored in the job, and how to make the vendor unable to
 * tell what it stored (so that a first execution ends with an unknown outcome).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { AutodialerApi } from '../../../../credentials/AutodialerApi.credentials';
import { ByrobotApi } from '../../../../credentials/ByrobotApi.credentials';
import { TanyiApi } from '../../../../credentials/TanyiApi.credentials';
import { Autodialer } from '../../../../nodes/Autodialer/Autodialer.node';
import { Byrobot } from '../../../../nodes/Byrobot/Byrobot.node';
import { Tanyi } from '../../../../nodes/Tanyi/Tanyi.node';
import { startAutodialerSimulator, type AutodialerSimulator } from '../../../emulators/autodialer';
import { startByrobotSimulator, type ByrobotSimulator } from '../../../emulators/byrobot';
import type { Fault, SimRequest, SimServer } from '../../../emulators/shared/http';
import { startTanyiSimulator, type TanyiSimulator } from '../../../emulators/tanyi';
import { freshExport, jsonOf, nodeRunner, type NodeRunner } from '../../../harness/nodeRunner';
import { createParams as autodialerJob } from '../../Autodialer/support';
import { createParams as byrobotTask } from '../../Byrobot/support';
import { createParams as tanyiJob } from '../../Tanyi/support';

export interface ImportPath {
	name: string;
	server(): SimServer;
	runner: NodeRunner;
	makeJob(): Promise<string>;
	params(job: string, options?: IDataObject): INodeParameters;
	/** every number the emulator holds in the job, repeats kept */
	stored(job: string): string[];
	/** matches the path's import requests (as a fault's path, or in the request log) */
	isImport(req: Pick<SimRequest, 'method' | 'path'>): boolean;
	/**
	 * faults that leave the vendor unable to say what it stored (its size, number checks, or, where
	 * it drops repeats, every resend), from the request after the first size read on
	 */
	blind(): Fault[];
}

export interface Emulators {
	tanyi: TanyiSimulator;
	byrobot: ByrobotSimulator;
	autodialer: AutodialerSimulator;
}

export const emulators = {} as Emulators;

/** starts the three emulators for the test file, resets them before each test */
export function useEmulators(): void {
	beforeAll(async () => {
		// Tanyi masks numbers in its lists, as its docs show (seed 003)
		emulators.tanyi = await startTanyiSimulator({ callsPerSecond: 0, maskPhones: true });
		emulators.byrobot = await startByrobotSimulator({ callsPerSecond: 0 });
		emulators.autodialer = await startAutodialerSimulator({ callsPerSecond: 0 });
	});
	afterAll(async () => {
		await Promise.all([emulators.tanyi?.close(), emulators.byrobot?.close(), emulators.autodialer?.close()]);
	});
	beforeEach(() => {
		for (const sim of [emulators.tanyi, emulators.byrobot, emulators.autodialer]) {
			sim.reset();
			sim.server.clearLog();
			sim.server.clearFaults();
		}
	});
}

const fresh = <T>(path: string, name: string) => () => {
	const Node = freshExport<new () => T>(require.resolve(path), name);
	return () => new Node();
};

export const tanyiRunner = nodeRunner({
	node: () => new Tanyi(),
	credential: () => new TanyiApi(),
	credentials: () => emulators.tanyi.credentials,
	reload: fresh('../../../../nodes/Tanyi/Tanyi.node', 'Tanyi'),
});

export const byrobotRunner = nodeRunner({
	node: () => new Byrobot(),
	credential: () => new ByrobotApi(),
	credentials: () => emulators.byrobot.credentials,
	reload: fresh('../../../../nodes/Byrobot/Byrobot.node', 'Byrobot'),
});

export const autodialerRunner = nodeRunner({
	node: () => new Autodialer(),
	credential: () => new AutodialerApi(),
	credentials: () => emulators.autodialer.credentials,
	reload: fresh('../../../../nodes/Autodialer/Autodialer.node', 'Autodialer'),
});

const id = (value: string) => ({ __rl: true, mode: 'id', value });
/** the vendor's internal-error answer (a read that fails at once, not retried) on these paths */
const blindFor = (server: SimServer, paths: string[], skipFirst?: string): Fault[] =>
	paths.map((path) => ({ path, response: server.internalError(), nth: path === skipFirst ? 2 : 1, times: 1_000 }));

function tanyiPath(mode: 'sync' | 'async'): ImportPath {
	return {
		name: `Tanyi ${mode}`,
		server: () => emulators.tanyi.server,
		runner: tanyiRunner,
		makeJob: async () => {
			const [out] = jsonOf(await tanyiRunner.run(tanyiJob()));
			emulators.tanyi.server.clearLog();
			return String(out.robotCallJobId);
		},
		params: (job, options = {}) => ({
			resource: 'customer',
			operation: 'import',
			jobId: id(job),
			variablesFrom: 'none',
			options: { importMode: mode, ...options },
		}),
		stored: (job) => emulators.tanyi.phonesOf(Number(job)),
		isImport: (req) => req.path.endsWith(mode === 'sync' ? '/job/importCustomer' : '/job/importCustomerAsync'),
		blind: () =>
			blindFor(
				emulators.tanyi.server,
				['/job/getJobStatsInfoList', '/callRecord/toBeCalledList', '/callRecord/getCallRecordInfoList'],
				'/job/getJobStatsInfoList',
			),
	};
}

function byrobotPath(version: 'v1' | 'v2'): ImportPath {
	return {
		name: `Byrobot ${version}`,
		server: () => emulators.byrobot.server,
		runner: byrobotRunner,
		makeJob: async () => {
			const [out] = jsonOf(await byrobotRunner.run(byrobotTask()));
			emulators.byrobot.server.clearLog();
			return String(out.taskId);
		},
		params: (job, options = {}) => ({
			resource: 'customer',
			operation: 'import',
			taskId: id(job),
			options: { apiVersion: version, ...options },
		}),
		stored: (job) => emulators.byrobot.phonesOf(Number(job)),
		isImport: (req) => req.path.endsWith(`/openapi/${version}/task/importTaskCustomer`),
		// Byrobot drops repeats: what it stored is learned by sending again, so every resend fails
		blind: () => blindFor(emulators.byrobot.server, [`/openapi/${version}/task/importTaskCustomer`]),
	};
}

const autodialerPath: ImportPath = {
	name: 'Autodialer',
	server: () => emulators.autodialer.server,
	runner: autodialerRunner,
	makeJob: async () => {
		const [out] = jsonOf(await autodialerRunner.run(autodialerJob()));
		emulators.autodialer.server.clearLog();
		return String(out.uuid);
	},
	params: (job, options = {}) => ({
		resource: 'customer',
		operation: 'importNumbers',
		jobId: id(job),
		phoneNumber: '={{ $json.phone }}',
		customerName: '={{ $json.name }}',
		options: options as INodeParameters,
	}),
	stored: (job) => emulators.autodialer.phonesOf(job),
	isImport: (req) => req.path.startsWith('/v1/task/import_task_customer/'),
	blind: () => [
		{
			path: (req) => req.method === 'GET' && req.path === '/v1/task',
			response: { status: 403, body: { message: 'This action is unauthorized.' } },
			nth: 2,
			times: 1_000,
		},
	],
};

export const PATHS: ImportPath[] = [tanyiPath('sync'), tanyiPath('async'), byrobotPath('v1'), byrobotPath('v2'), autodialerPath];

export const leads = (n: number, from = 0): INodeExecutionData[] =>
	Array.from({ length: n }, (_, i) => ({ json: { phone: `1380000${String(from + i).padStart(4, '0')}`, name: `Lead ${from + i}` } }));

/** the stored numbers of the job are exactly the input's: each once, none missing */
export function expectExactly(path: ImportPath, job: string, items: INodeExecutionData[]): void {
	const want = [...new Set(items.map((i) => String(i.json.phone)))].sort();
	const got = [...path.stored(job)].sort();
	expect({ count: got.length, missing: want.filter((p) => !got.includes(p)), extra: got.length - want.length }).toEqual({
		count: want.length,
		missing: [],
		extra: 0,
	});
	expect(got).toEqual(want);
}
