/** What the Byrobot Trigger's tests share: the emulator, the trigger runner, calls at chosen times. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ByrobotApi } from '../../../../credentials/ByrobotApi.credentials';
import { ByrobotTrigger } from '../../../../nodes/Byrobot/ByrobotTrigger.node';
import { CURSOR_KEY, type CursorState } from '../../../../nodes/core/poll';
import {
	byrobotSign,
	type ByrobotSimulator,
	type CallRecordInit,
	startByrobotSimulator,
} from '../../../emulators/byrobot';
import { nodeStaticDataKey, type RunPollResult } from '../../../harness';
import { nodeRunner } from '../../../harness/nodeRunner';

export let sim: ByrobotSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 11 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
		sim.server.clearLog();
		sim.server.clearFaults();
	});
}

export const V1 = '/openapi/v1';

export const LIST = '/task/queryDoneTaskPhones';

export const MIN = 60_000;

export const T0 = Date.parse('2026-03-02T10:00:00+08:00');

export async function createTask(over: Record<string, unknown> = {}, target: ByrobotSimulator = sim): Promise<number> {
	const datetime = new Date().toUTCString();
	const res = await fetch(`${target.url}${V1}/task/createTask`, {
		method: 'POST',
		headers: {
			appkey: target.credentials.appKey,
			datetime,
			sign: byrobotSign(target.credentials.appKey, target.credentials.appSecret, datetime),
			'content-type': 'application/json',
		},
		body: JSON.stringify({
			companyId: 1001,
			taskName: '触发器测试',
			taskType: 2,
			workingStartTime: '09:00',
			workingEndTime: '20:00',
			userPhoneIds: [201],
			callType: 1,
			concurrencyQuota: 2,
			robotDefId: 301,
			sceneDefId: 401,
			sceneRecordId: 501,
			...over,
		}),
	});
	const json = (await res.json()) as { code: number; data: number };
	expect(json.code).toBe(200);
	return json.data;
}

/** finished calls ending at `ends` (ms); returns their `callInstanceId:callIndex` keys */
export function add(taskId: number, ends: number[], over: CallRecordInit = {}): string[] {
	return sim
		.addCallRecords(taskId, ends.map((endAt) => ({ endAt, finishStatus: 0, duration: 20, intent: 'C级(一般)', ...over })))
		.map((c) => `${c.callInstanceId}:${c.callIndex}`);
}

export const one = (id: number): INodeParameters => ({ watch: 'one', jobId: { __rl: true, mode: 'id', value: String(id) } });

/** the Byrobot Trigger against the emulator */
export const trigger = nodeRunner({
	node: () => new ByrobotTrigger(),
	credential: () => new ByrobotApi(),
	credentials: () => sim.credentials,
	defaults: { event: 'newCallRecord' },
});

/** one poll that must succeed */
export const poll = trigger.poll;

export const keys = (result: RunPollResult): string[] =>
	(result.items ?? []).map((i) => `${String(i.json.callInstanceId)}:${String(i.json.callIndex)}`);

export const cursorOf = (staticData: IDataObject): CursorState =>
	(staticData[nodeStaticDataKey('Poll Trigger')] as IDataObject)[CURSOR_KEY] as CursorState;

export const sorted = (list: string[]) => [...list].sort();
