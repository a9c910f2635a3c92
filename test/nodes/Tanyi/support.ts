/** What the Tanyi node's tests share: the emulator, the node runner and a few fixtures. */
import type { INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../../credentials/TanyiApi.credentials';
import { Tanyi } from '../../../nodes/Tanyi/Tanyi.node';
import { startTanyiSimulator, type TanyiSimulator } from '../../emulators/tanyi';
import { jsonOf, nodeRunner } from '../../harness/nodeRunner';

export let sim: TanyiSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startTanyiSimulator({ callsPerSecond: 0 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
	});
}

export const job = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

/** the Tanyi node against the emulator */
export const tanyi = nodeRunner({ node: () => new Tanyi(), credential: () => new TanyiApi(), credentials: () => sim.credentials });

export const run = tanyi.run;

export const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	name: 'Spring campaign',
	dialogFlowId: '2',
	phoneType: 'LANDLINE',
	jobPhoneNumberIdList: ['348'],
	concurrencyQuota: 2,
	robotCount: 2,
	mode: 'MANUAL',
	dailyStartTime: '09:00',
	dailyEndTime: '20:00',
	...over,
});

export async function createJob(over: INodeParameters = {}): Promise<number> {
	const [out] = jsonOf(await run(createParams(over)));
	return Number(out.robotCallJobId);
}

export const phones = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ json: { phone: `1380000${String(from + i).padStart(4, '0')}`, name: `Lead ${from + i}`, amount: `${i}.50` } }));

export async function importLeads(jobId: number, n: number) {
	return run({ resource: 'customer', operation: 'import', jobId: job(jobId), variablesFrom: 'none' }, phones(n));
}
