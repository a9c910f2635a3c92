/** What the Tanyi Trigger's tests share: the emulator, the trigger runner, records at chosen times. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../../../credentials/TanyiApi.credentials';
import { TanyiTrigger } from '../../../../nodes/Tanyi/TanyiTrigger.node';
import { CURSOR_KEY, type CursorState } from '../../../../nodes/core/poll';
import { formatCst } from '../../../emulators/shared/http';
import {
	type CallRecord,
	startTanyiSimulator,
	tanyiSignedHeaders,
	type TanyiSimulator,
} from '../../../emulators/tanyi';
import { nodeStaticDataKey, type RunPollResult } from '../../../harness';
import { nodeRunner } from '../../../harness/nodeRunner';

export let sim: TanyiSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startTanyiSimulator({ callsPerSecond: 0, tickMs: 0 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
		sim.server.clearFaults();
	});
}

export const LIST = '/callRecord/getCallRecordInfoList';

export const MIN = 60_000;

/** a fixed base time, so the tests do not depend on the wall clock */
export const T0 = Date.parse('2026-03-02T10:00:00+08:00');

export async function createJob(name = 'Trigger job'): Promise<number> {
	const res = await fetch(`${sim.url}/job/create`, {
		method: 'POST',
		headers: tanyiSignedHeaders(sim.credentials),
		body: JSON.stringify({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: { name, mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00', dialogFlowId: 2, robotCount: 2, phoneType: 'LANDLINE' },
		}),
	});
	const json = (await res.json()) as { code: number; data: { robotCallJobId: number } };
	expect(json.code).toBe(200);
	return json.data.robotCallJobId;
}

/** records starting at `ms` (each `Partial<CallRecord>` may override) */
export function add(jobId: number, starts: number[], over: Partial<CallRecord> = {}): number[] {
	return sim
		.addCallRecords(
			jobId,
			starts.map((ms) => ({ startTime: formatCst(ms), endTime: formatCst(ms + 30_000), resultStatus: 'ANSWERED', intentLevel: 'C', ...over })),
		)
		.map((r) => r.callRecordId);
}

export const one = (id: number): INodeParameters => ({ watch: 'one', jobId: { __rl: true, mode: 'id', value: String(id) } });

/** the Tanyi Trigger against the emulator */
export const trigger = nodeRunner({
	node: () => new TanyiTrigger(),
	credential: () => new TanyiApi(),
	credentials: () => sim.credentials,
	defaults: { event: 'newCallRecord' },
});

/** one poll that must succeed */
export const poll = trigger.poll;

export const ids = (result: RunPollResult): number[] => (result.items ?? []).map((i) => Number(i.json.callRecordId));

export const cursorOf = (staticData: IDataObject): CursorState =>
	(staticData[nodeStaticDataKey('Poll Trigger')] as IDataObject)[CURSOR_KEY] as CursorState;
