/**
 * Byrobot Trigger driven through n8n-core's PollContext (harness `runPoll`) against the Byrobot
 * emulator over loopback: the `index` cursor of queryDoneTaskPhones, across polls and restarts.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ByrobotApi } from '../../credentials/ByrobotApi.credentials';
import { CURSOR_KEY, type CursorState } from '../../nodes/core/poll';
import { ByrobotTrigger } from '../../nodes/Byrobot/ByrobotTrigger.node';
import { nodeStaticDataKey, runPoll, type RunPollResult } from '../harness';
import { byrobotSign, startByrobotSimulator, type ByrobotSimulator, type CallRecordInit } from '../emulators/byrobot';

let sim: ByrobotSimulator;

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

const V1 = '/openapi/v1';
const LIST = '/task/queryDoneTaskPhones';
const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00+08:00');

async function createTask(over: Record<string, unknown> = {}): Promise<number> {
	const datetime = new Date().toUTCString();
	const res = await fetch(`${sim.url}${V1}/task/createTask`, {
		method: 'POST',
		headers: {
			appkey: sim.credentials.appKey,
			datetime,
			sign: byrobotSign(sim.credentials.appKey, sim.credentials.appSecret, datetime),
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
function add(taskId: number, ends: number[], over: CallRecordInit = {}): string[] {
	return sim
		.addCallRecords(taskId, ends.map((endAt) => ({ endAt, finishStatus: 0, duration: 20, intent: 'C级(一般)', ...over })))
		.map((c) => `${c.callInstanceId}:${c.callIndex}`);
}

const one = (id: number): INodeParameters => ({ watch: 'one', jobId: { __rl: true, mode: 'id', value: String(id) } });

async function poll(parameters: INodeParameters, staticData: IDataObject, mode: 'trigger' | 'manual' = 'trigger'): Promise<RunPollResult> {
	const result = await runPoll({
		nodeType: new ByrobotTrigger(),
		credentialTypes: [new ByrobotApi()],
		credentials: { byrobotApi: { ...sim.credentials } },
		node: { type: 'byrobotTrigger', parameters: { event: 'newCallRecord', ...parameters } },
		staticData,
		mode,
	});
	if (result.error) throw result.error;
	return result;
}

const keys = (result: RunPollResult): string[] =>
	(result.items ?? []).map((i) => `${String(i.json.callInstanceId)}:${String(i.json.callIndex)}`);
const cursorOf = (staticData: IDataObject): CursorState =>
	(staticData[nodeStaticDataKey('Poll Trigger')] as IDataObject)[CURSOR_KEY] as CursorState;
const sorted = (list: string[]) => [...list].sort();

describe('Byrobot Trigger: index cursor', () => {
	it('starts from now with one request, then emits new calls in callIndex order', async () => {
		const task = await createTask();
		add(task, [T0, T0 + MIN, T0 + 2 * MIN]);
		const data: IDataObject = {};
		expect((await poll(one(task), data)).items).toBeNull();
		expect(sim.server.requests(LIST)).toHaveLength(1);
		expect(cursorOf(data).jobs[String(task)].index).toBe(2);

		const later = add(task, [T0 + 5 * MIN, T0 + 3 * MIN]); // the second ended earlier
		expect(keys(await poll(one(task), data))).toEqual(later);
		// the vendor is asked only for records above the cursor
		const bodies = sim.server.requests(LIST).map((r) => r.body as IDataObject);
		expect(bodies[bodies.length - 1].index).toBe(2);
		expect(cursorOf(data).jobs[String(task)].index).toBe(4);
	});

	it('emits the last N existing records on first activation when asked', async () => {
		const task = await createTask();
		const existing = add(task, [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
		const data: IDataObject = {};
		expect(keys(await poll({ ...one(task), options: { emitExisting: 3 } }, data))).toEqual(existing.slice(1));
		expect((await poll(one(task), data)).items).toBeNull();
	});

	it('Fetch Test Event returns the latest call and does not move the cursor', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		const snapshot = JSON.stringify(data);
		const added = add(task, [T0, T0 + MIN]);
		const manual = await poll(one(task), data, 'manual');
		expect(keys(manual)).toEqual([added[1]]);
		expect(manual.staticDataChanged).toBe(false);
		expect(JSON.stringify(data)).toBe(snapshot);
		expect(keys(await poll(one(task), data))).toEqual(added);
	});

	it('pages through more new calls than one page holds (50), ties included', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		sim.server.clearLog();
		const added = add(task, Array.from({ length: 130 }, () => T0)); // all share one time
		const result = await poll(one(task), data);
		expect(keys(result)).toEqual(added);
		expect(sim.server.requests(LIST).map((r) => (r.body as IDataObject).pageNum)).toEqual([1, 2, 3]);
	});

	it('a redial (same callInstanceId, new callIndex) is a new call record', async () => {
		const task = await createTask({ repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
		const data: IDataObject = {};
		await poll(one(task), data);
		const [busy] = add(task, [T0], { finishStatus: 6 });
		expect(keys(await poll(one(task), data))).toEqual([busy]);
		const [redial] = sim.completeCalls(task);
		expect(String(redial.callInstanceId)).toBe(busy.split(':')[0]);
		expect(keys(await poll(one(task), data))).toEqual([`${redial.callInstanceId}:${redial.callIndex}`]);
	});

	it('a failed poll changes nothing; a restart from a JSON copy continues exactly', async () => {
		const task = await createTask();
		let data: IDataObject = {};
		await poll(one(task), data);
		const a = add(task, Array.from({ length: 80 }, (_, i) => T0 + i * 1000));
		sim.server.injectFault({
			path: (req) => req.path.endsWith(LIST) && (req.json as IDataObject).pageNum === 2,
			times: 1,
			response: { status: 200, body: { code: 500, resultMsg: '系统异常', data: null } },
		});
		const before = JSON.stringify(data);
		const failed = await runPoll({
			nodeType: new ByrobotTrigger(),
			credentialTypes: [new ByrobotApi()],
			credentials: { byrobotApi: { ...sim.credentials } },
			node: { type: 'byrobotTrigger', parameters: { event: 'newCallRecord', ...one(task) } },
			staticData: data,
		});
		expect(failed.error?.message).toMatch(/系统异常/);
		expect(JSON.stringify(data)).toBe(before);
		data = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(keys(await poll(one(task), data))).toEqual(a);
		data = JSON.parse(JSON.stringify(data)) as IDataObject;
		const b = add(task, [T0 - 10 * MIN]);
		expect(keys(await poll(one(task), data))).toEqual(b);
	});

	it('when n8n\'s poll budget runs short it returns what it has; the cursor waits for a full walk', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll(one(task), data);
		const added = add(task, Array.from({ length: 130 }, (_, i) => T0 + i * 1000));
		const realNow = Date.now.bind(Date);
		let offset = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		sim.server.injectFault({
			path: (req) => {
				// after this request's signature was checked (the emulator allows 3 minutes of skew)
				if (req.path.endsWith(LIST)) setImmediate(() => (offset = 4 * MIN));
				return false;
			},
			times: 1_000,
		});
		try {
			const first = await poll(one(task), data);
			sim.server.clearFaults();
			expect(keys(first)).toEqual(added.slice(80)); // page 1: the 50 newest
			expect(cursorOf(data).jobs[String(task)]).toMatchObject({ index: -1 });
			expect(Object.keys(cursorOf(data).jobs[String(task)].seen ?? {})).toHaveLength(50);
			const second = await poll(one(task), data);
			expect(keys(second)).toEqual(added.slice(0, 80));
			expect(cursorOf(data).jobs[String(task)]).toEqual({ index: 129 });
			expect((await poll(one(task), data)).items).toBeNull();
		} finally {
			clock.mockRestore();
		}
	});

	it('REQUIRED: 1,000 calls over 20 polls with ties, out-of-order times and arrivals mid-poll are emitted exactly once', async () => {
		const task = await createTask();
		let data: IDataObject = {};
		await poll(one(task), data);
		const injected: string[] = [];
		const emitted: string[] = [];
		let seed = 3;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const counts = [30, 0, 120, 45, 60, 0, 210, 15, 40, 55, 35, 0, 90, 25, 50, 45, 20, 60, 40, 60];
		let midPoll = 0;
		for (let k = 0; k < 20; k++) {
			const now = T0 + k * 5 * MIN;
			const ends = Array.from({ length: counts[k] }, () => {
				const r = rand();
				if (r < 0.3) return now; // ties
				if (r < 0.5) return now - Math.floor(rand() * 30) * MIN; // ended "earlier" than calls already emitted
				return now + Math.floor(rand() * 120) * 1000;
			});
			const early = ends.slice(0, Math.ceil((ends.length * 2) / 3));
			let pending = ends.slice(early.length);
			injected.push(...add(task, early));
			sim.server.injectFault({
				path: (req) => {
					if (pending.length > 0 && req.path.endsWith(LIST) && (req.json as IDataObject).pageNum === 2) {
						injected.push(...add(task, pending));
						midPoll += pending.length;
						pending = [];
					}
					return false;
				},
				times: Number.POSITIVE_INFINITY,
			});
			const presentAtStart = [...injected];
			emitted.push(...keys(await poll(one(task), data)));
			sim.server.clearFaults();
			// nothing that existed when the poll began is left for a later poll
			const soFar = new Set(emitted);
			expect(presentAtStart.filter((key) => !soFar.has(key))).toEqual([]);
			if (pending.length > 0) injected.push(...add(task, pending));
			if (k % 5 === 4) data = JSON.parse(JSON.stringify(data)) as IDataObject;
		}
		emitted.push(...keys(await poll(one(task), data)));
		expect((await poll(one(task), data)).items).toBeNull();

		expect(injected).toHaveLength(1000);
		expect(midPoll).toBeGreaterThan(50);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect(sorted(emitted)).toEqual(sorted(injected));
	});
});

describe('Byrobot Trigger: requests, filters, output', () => {
	it('an idle poll costs one request per watched task; "All Running Tasks" adds one task-list request', async () => {
		const a = await createTask({ taskName: 'A' });
		const b = await createTask({ taskName: 'B' });
		const several: INodeParameters = { watch: 'several', jobIds: [String(a), String(b)] };
		const data: IDataObject = {};
		await poll(several, data);
		sim.server.clearLog();
		const idle = await poll(several, data);
		expect(idle.items).toBeNull();
		expect(idle.staticDataChanged).toBe(false);
		expect(sim.server.log.map((r) => r.path)).toEqual([`${V1}${LIST}`, `${V1}${LIST}`]);

		sim.setTaskStatus(a, 1);
		sim.setTaskStatus(b, 1);
		const all: IDataObject = {};
		await poll({ watch: 'allRunning' }, all);
		sim.server.clearLog();
		expect((await poll({ watch: 'allRunning' }, all)).items).toBeNull();
		expect(sim.server.log.map((r) => r.path)).toEqual([`${V1}/task/getTasks`, `${V1}${LIST}`, `${V1}${LIST}`]);
		expect(sim.server.log[0].query).toMatchObject({ companyId: '1001', status: '1' });
	});

	it('"All Running Tasks": a task that starts later is read from its beginning', async () => {
		const a = await createTask({ taskName: 'A' });
		sim.setTaskStatus(a, 1);
		const data: IDataObject = {};
		add(a, [Date.now() - MIN]);
		expect((await poll({ watch: 'allRunning' }, data)).items).toBeNull();
		const b = await createTask({ taskName: 'B' });
		sim.setTaskStatus(b, 1);
		const fromB = add(b, [Date.now(), Date.now()]);
		expect(keys(await poll({ watch: 'allRunning' }, data))).toEqual(fromB);
	});

	it('filters on finish status and intent letter (any wording) before emitting', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		const params: INodeParameters = { ...one(task), filters: { statuses: [0], intentLevels: ['A', 'B'] } };
		await poll(params, data);
		const [strong] = add(task, [T0], { intent: 'A级（较强）' });
		add(task, [T0], { intent: 'C级(一般)' });
		const [medium] = add(task, [T0], { intent: 'B级(一般)' });
		add(task, [T0], { intent: 'A级(较强)', finishStatus: 8 });
		expect(keys(await poll(params, data))).toEqual([strong, medium]);
		expect((await poll(params, data)).items).toBeNull();
	});

	it('Simplify emits the normalised call record; the default adds readable fields to the vendor record', async () => {
		const task = await createTask();
		const data: IDataObject = {};
		await poll({ ...one(task), options: { simplify: true } }, data);
		add(task, [T0], { intent: 'A级(较强)', duration: 27, customerTelephone: '13900001111' });
		const [item] = (await poll({ ...one(task), options: { simplify: true } }, data)).items!;
		expect(item.json).toMatchObject({
			vendor: 'byrobot',
			jobId: String(task),
			phone: '13900001111',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 27,
			endTime: '2026-03-02T10:00:00+08:00',
		});

		const raw: IDataObject = {};
		await poll(one(task), raw);
		add(task, [T0], { duration: 12 });
		const [plain] = (await poll(one(task), raw)).items!;
		expect(plain.json).toMatchObject({ duration: '12秒', durationSeconds: 12, intentLevel: 'C' });
	});
});
