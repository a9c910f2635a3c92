/** What the Autodialer node's tests share: the emulator, the node runner and a few fixtures. */
import type { INodeParameters } from 'n8n-workflow';
import { inspect } from 'node:util';
import { AutodialerApi } from '../../../credentials/AutodialerApi.credentials';
import { Autodialer } from '../../../nodes/Autodialer/Autodialer.node';
import { type AutodialerSimulator, startAutodialerSimulator } from '../../emulators/autodialer';
import type { RunNodeResult } from '../../harness';
import { jsonOf, nodeRunner } from '../../harness/nodeRunner';

export let sim: AutodialerSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startAutodialerSimulator({ callsPerSecond: 0 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
		sim.server.clearFaults();
	});
}

// lodash's get, exactly what n8n's credential tester uses for responseSuccessBody rules (no @types here)
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const get = require('lodash/get') as (object: unknown, path: string) => unknown;

export const LINE_RESIDUE_0 = '5b1c0e2a-0d4f-4b8e-9a51-000000000000';

export const LINE_RESIDUE_1 = '37d73edf-4628-4cf1-8beb-758433fd0aab';

export const LINE_RESIDUE_5 = '83f180c4-00f3-4aaa-bc41-6cba4493e892';

export const LINE_RESIDUE_30 = 'af69c544-a170-4a2d-b740-20bf66cc7ff4';

export const REST_TIME = '146979fe-3864-4817-ad76-13b37f43bb1c';

export const LUNCH_TIME = 'cf44b8fc-a60f-499e-a5c8-5340963a56a3';

export const job = (id: string) => ({ __rl: true, mode: 'id', value: id });

/** the Autodialer node against the emulator */
export const autodialer = nodeRunner({ node: () => new Autodialer(), credential: () => new AutodialerApi(), credentials: () => sim.credentials });

export const run = autodialer.run;

/** requests that change state: anything but the two GET reads */
export function stateChanging(target: AutodialerSimulator = sim) {
	return target.server.log.filter((r) => !(r.method === 'GET' && (r.path === '/v1/task' || r.path === '/v1/task/create')));
}

export const callsTo = (target: AutodialerSimulator = sim) => target.server.log.map((r) => `${r.method} ${r.path}`);

export const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	name: '春季回访',
	callerLineId: LINE_RESIDUE_5,
	maximumCall: 3,
	scriptGroupId: '1197',
	disableDialTimeGroup: REST_TIME,
	redialRuleId: '103',
	originateTimeout: 60,
	callPauseSecond: 10,
	...over,
});

export async function createJob(over: INodeParameters = {}): Promise<string> {
	const [out] = jsonOf(await run(createParams(over)));
	return String(out.uuid);
}

export const phones = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ json: { phone: `1380000${String(from + i).padStart(4, '0')}`, name: `Lead ${from + i}` } }));

export const importParams = (jobId: string, over: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'importNumbers',
	jobId: job(jobId),
	phoneNumber: '={{ $json.phone }}',
	customerName: '={{ $json.name }}',
	...over,
});

/** everything a user or an operator could see after a run */
export function visible(result: RunNodeResult): string {
	return [
		JSON.stringify(result.outputs),
		inspect(result.error, { depth: 8 }),
		JSON.stringify(result.engineError ?? null),
		JSON.stringify(result.runData),
		result.logs.join('\n'),
	].join('\n');
}
