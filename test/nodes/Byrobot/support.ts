/** What the Byrobot node's tests share: the emulator, the node runner and a few fixtures. */
import { type IDataObject, type INodeExecutionData, type INodeParameters, NodeOperationError } from 'n8n-workflow';
import { ByrobotApi } from '../../../credentials/ByrobotApi.credentials';
import { Byrobot } from '../../../nodes/Byrobot/Byrobot.node';
import { type ByrobotSimulator, type CallRecordInit, startByrobotSimulator } from '../../emulators/byrobot';
import type { RunNodeResult } from '../../harness';
import { nodeRunner } from '../../harness/nodeRunner';

export let sim: ByrobotSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
		sim.server.clearFaults();
	});
}

export const task = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

export const json = (r: RunNodeResult) => r.items.map((i) => i.json);

export const bodies = (suffix: string) => sim.server.requests(suffix).map((r) => r.body as IDataObject);

export const paths = () => sim.server.log.map((r) => `${r.method} ${r.path}`);

/** the Byrobot node against the emulator */
export const byrobot = nodeRunner({ node: () => new Byrobot(), credential: () => new ByrobotApi(), credentials: () => sim.credentials });

export const run = byrobot.run;

export function jsonOf(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return json(result);
}

/** a run that must fail validation before any request */
export async function expectInvalid(parameters: INodeParameters, pattern: RegExp, items?: INodeExecutionData[], credentials?: IDataObject) {
	sim.server.clearLog();
	const result = await run(parameters, items, { credentials });
	expect(result.error).toBeInstanceOf(NodeOperationError);
	expect(result.error!.message).toMatch(/^Invalid parameter: /);
	expect(result.error!.message).toMatch(pattern);
	expect(sim.server.log).toHaveLength(0);
	return result;
}

export const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskName: '房产回访',
	robotDefId: '301',
	sceneDefId: '401',
	sceneRecordId: '501',
	userPhoneIds: ['201', '202'],
	...over,
});

/** creates a task through the node and clears the log */
export async function makeTask(over: INodeParameters = {}): Promise<number> {
	const [out] = jsonOf(await run(createParams(over)));
	sim.server.clearLog();
	return out.taskId as number;
}

export function addRecords(taskId: number, records: CallRecordInit[]) {
	const calls = sim.addCallRecords(taskId, records);
	sim.server.clearLog();
	return calls;
}
