/**
 * Tanyi Trigger driven through n8n-core's PollContext (harness `runPoll`) against the Tanyi
 * emulator over loopback. Static data is passed from poll to poll as n8n stores it; a JSON copy
 * of it simulates a restart (or another queue-mode worker picking the workflow up).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';
import { CURSOR_KEY, type CursorState } from '../../nodes/core/poll';
import { TanyiTrigger } from '../../nodes/Tanyi/TanyiTrigger.node';
import { nodeStaticDataKey, runPoll, type RunPollResult } from '../harness';
import { formatCst } from '../emulators/shared/http';
import { startTanyiSimulator, tanyiSignedHeaders, type CallRecord, type TanyiSimulator } from '../emulators/tanyi';

let sim: TanyiSimulator;

beforeAll(async () => {
	sim = await startTanyiSimulator({ callsPerSecond: 0, tickMs: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.server.clearLog();
	sim.server.clearFaults();
});

const LIST = '/callRecord/getCallRecordInfoList';
const MIN = 60_000;
/** a fixed base time, so the tests do not depend on the wall clock */
const T0 = Date.parse('2026-03-02T10:00:00+08:00');

async function createJob(name = 'Trigger job'): Promise<number> {
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
function add(jobId: number, starts: number[], over: Partial<CallRecord> = {}): number[] {
	return sim
		.addCallRecords(
			jobId,
			starts.map((ms) => ({ startTime: formatCst(ms), endTime: formatCst(ms + 30_000), resultStatus: 'ANSWERED', intentLevel: 'C', ...over })),
		)
		.map((r) => r.callRecordId);
}

const one = (id: number): INodeParameters => ({ watch: 'one', jobId: { __rl: true, mode: 'id', value: String(id) } });

async function poll(
	parameters: INodeParameters,
	staticData: IDataObject,
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<RunPollResult> {
	const result = await runPoll({
		nodeType: new TanyiTrigger(),
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: { ...sim.credentials } },
		node: { type: 'tanyiTrigger', parameters: { event: 'newCallRecord', ...parameters } },
		staticData,
		mode,
	});
	if (result.error) throw result.error;
	return result;
}

const ids = (result: RunPollResult): number[] => (result.items ?? []).map((i) => Number(i.json.callRecordId));
const cursorOf = (staticData: IDataObject): CursorState =>
	(staticData[nodeStaticDataKey('Poll Trigger')] as IDataObject)[CURSOR_KEY] as CursorState;

describe('Tanyi Trigger: first activation and manual test', () => {
	it('starts from now: existing records are not emitted, later ones are, oldest first', async () => {
		const jobId = await createJob();
		add(jobId, [T0, T0 + MIN, T0 + 2 * MIN]);
		const data: IDataObject = {};
		const first = await poll(one(jobId), data);
		expect(first.items).toBeNull();
		expect(first.staticDataChanged).toBe(true);
		expect(cursorOf(data).jobs[String(jobId)].newest).toBe(T0 + 2 * MIN);

		const later = add(jobId, [T0 + 4 * MIN, T0 + 3 * MIN]);
		const second = await poll(one(jobId), data);
		expect(ids(second)).toEqual([later[1], later[0]]); // by start time
		expect((await poll(one(jobId), data)).items).toBeNull();
	});

	it('emits the last N existing records on first activation when asked', async () => {
		const jobId = await createJob();
		const existing = add(jobId, [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
		const data: IDataObject = {};
		const first = await poll({ ...one(jobId), options: { emitExisting: 2 } }, data);
		expect(ids(first)).toEqual([existing[2], existing[3]]);
		expect((await poll({ ...one(jobId), options: { emitExisting: 2 } }, data)).items).toBeNull();
	});

	it('Fetch Test Event returns the latest record and does not move the cursor', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const snapshot = JSON.stringify(data);
		const added = add(jobId, [T0, T0 + 5 * MIN, T0 + 2 * MIN]);
		const manual = await poll(one(jobId), data, 'manual');
		expect(ids(manual)).toEqual([added[1]]);
		expect(manual.staticDataChanged).toBe(false);
		expect(JSON.stringify(data)).toBe(snapshot);
		// the real poll still gets all three
		expect(ids(await poll(one(jobId), data)).sort()).toEqual([...added].sort());
	});
});

describe('Tanyi Trigger: no duplicates, no gaps', () => {
	it('records sharing a start time across polls are each emitted once', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const a = add(jobId, [T0, T0, T0]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(a.sort());
		const b = add(jobId, [T0, T0]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(b.sort());
		expect((await poll(one(jobId), data)).items).toBeNull();
	});

	it('a late result that started earlier is emitted inside the window, not outside it', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data);
		add(jobId, [T0 + 60 * MIN]);
		expect((await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data)).items).toHaveLength(1);
		const inside = add(jobId, [T0 + 35 * MIN]); // started 25 min before the newest seen
		const outside = add(jobId, [T0 + 20 * MIN]); // 40 min before: beyond the 30 min window
		const result = await poll({ ...one(jobId), options: { lookbackMinutes: 30 } }, data);
		expect(ids(result)).toEqual(inside);
		expect(ids(result)).not.toContain(outside[0]);
		// the seen-id memory holds only records inside the window
		const seen = cursorOf(data).jobs[String(jobId)].seen!;
		expect(Object.keys(seen).map(Number).sort()).toEqual(
			sim.state.callRecords.filter((r) => r.startTime >= formatCst(T0 + 30 * MIN)).map((r) => r.callRecordId).sort(),
		);
	});

	it('pages through more new records than one page holds (100)', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		sim.server.clearLog();
		const added = add(jobId, Array.from({ length: 250 }, (_, i) => T0 + Math.floor(i / 3) * 1000));
		const result = await poll(one(jobId), data);
		expect(ids(result).sort()).toEqual(added.sort());
		expect(new Set(ids(result)).size).toBe(250);
		// one probe (page size 1), then pages of 100 from the newest down
		const sizes = sim.server.requests(LIST).map((r) => (r.body as IDataObject).pageSize);
		expect(sizes).toEqual([1, 100, 100, 100]);
	});

	it('survives a restart from a JSON copy of static data, and a failed poll changes nothing', async () => {
		const jobId = await createJob();
		let data: IDataObject = {};
		await poll(one(jobId), data);
		const a = add(jobId, Array.from({ length: 150 }, (_, i) => T0 + i * 1000));
		// page 2 fails (HTTP 200, envelope code 500): the poll throws and the cursor stays
		sim.server.injectFault({
			path: (req) => req.path.endsWith(LIST) && (req.json as IDataObject).pageNum === 2,
			times: 1,
			response: { status: 200, body: { code: 500, resultMsg: 'boom', data: null } },
		});
		const before = JSON.stringify(data);
		const failed = await runPoll({
			nodeType: new TanyiTrigger(),
			credentialTypes: [new TanyiApi()],
			credentials: { tanyiApi: { ...sim.credentials } },
			node: { type: 'tanyiTrigger', parameters: { event: 'newCallRecord', ...one(jobId) } },
			staticData: data,
		});
		expect(failed.error?.message).toMatch(/boom/);
		expect(JSON.stringify(data)).toBe(before);

		data = JSON.parse(JSON.stringify(data)) as IDataObject; // restart
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(a.sort());
		data = JSON.parse(JSON.stringify(data)) as IDataObject; // restart again
		const b = add(jobId, [T0 + 10 * 1000, T0 + 200 * 1000]);
		expect(ids(await poll(one(jobId), data)).sort()).toEqual(b.sort());
	});

	it('when n8n\'s poll budget runs short it returns what it has and the next poll continues', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll(one(jobId), data);
		const before = cursorOf(data).jobs[String(jobId)];
		const added = add(jobId, Array.from({ length: 250 }, (_, i) => T0 + i * 1000));
		// the clock jumps 4 minutes while page 1 is served (the budget is 5 minutes, 60% used)
		const realNow = Date.now.bind(Date);
		let offset = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		sim.server.injectFault({
			path: (req) => {
				if (req.path.endsWith(LIST) && (req.json as IDataObject).pageSize === 100) offset = 4 * MIN;
				return false;
			},
			times: 1_000,
		});
		try {
			const first = await poll(one(jobId), data);
			sim.server.clearFaults();
			expect(first.items).toHaveLength(100);
			const partial = cursorOf(data).jobs[String(jobId)];
			expect(partial.newest).toBe(before.newest);
			expect(partial.total).toBe(before.total);
			const second = await poll(one(jobId), data);
			const all = [...ids(first), ...ids(second)];
			expect(new Set(all).size).toBe(250);
			expect(all.sort()).toEqual([...added].sort());
			expect((await poll(one(jobId), data)).items).toBeNull();
		} finally {
			clock.mockRestore();
		}
	});

	it('REQUIRED: 1,000 records over 20 polls with ties, late results and arrivals mid-poll are emitted exactly once', async () => {
		const jobId = await createJob();
		let data: IDataObject = {};
		await poll(one(jobId), data);
		const injected: number[] = [];
		const emitted: number[] = [];
		// a deterministic mix per poll: bursts above one page, start-time ties, late results
		// (started up to 20 min before records already emitted) and quiet polls
		let seed = 7;
		const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		const counts = [30, 0, 120, 45, 60, 0, 210, 15, 40, 55, 35, 0, 90, 25, 50, 45, 20, 60, 40, 60];
		expect(counts.reduce((s, n) => s + n, 0)).toBe(1000);
		let midPoll = 0;
		for (let k = 0; k < 20; k++) {
			const now = T0 + k * 5 * MIN;
			const starts = Array.from({ length: counts[k] }, (_, i) => {
				const r = rand();
				if (r < 0.3) return now; // a tie with many others
				if (r < 0.5) return now - Math.floor(rand() * 20) * MIN; // late: started earlier
				return now + Math.floor(rand() * 120) * 1000;
			});
			// a third of them arrive while the poll is paging (between its first and second full page)
			const early = starts.slice(0, Math.ceil((starts.length * 2) / 3));
			const late = starts.slice(early.length);
			injected.push(...add(jobId, early));
			let pending = late;
			sim.server.injectFault({
				path: (req) => {
					const body = req.json as IDataObject;
					if (pending.length > 0 && req.path.endsWith(LIST) && body.pageSize === 100 && body.pageNum === 2) {
						injected.push(...add(jobId, pending));
						midPoll += pending.length;
						pending = [];
					}
					return false;
				},
				times: Number.POSITIVE_INFINITY,
			});
			const presentAtStart = [...injected];
			const result = await poll({ ...one(jobId), options: { lookbackMinutes: 60 } }, data);
			sim.server.clearFaults();
			emitted.push(...ids(result));
			// nothing that existed when the poll began is left for a later poll
			const soFar = new Set(emitted);
			expect(presentAtStart.filter((id) => !soFar.has(id))).toEqual([]);
			if (pending.length > 0) {
				// the walk had a single page: they arrive after the poll instead
				injected.push(...add(jobId, pending));
			}
			// restart every 5 polls (each runPoll builds a new Workflow from the stored JSON anyway)
			if (k % 5 === 4) data = JSON.parse(JSON.stringify(data)) as IDataObject;
		}
		const last = await poll(one(jobId), data);
		emitted.push(...ids(last));
		expect((await poll(one(jobId), data)).items).toBeNull();

		expect(injected).toHaveLength(1000);
		expect(midPoll).toBeGreaterThan(100);
		expect(new Set(emitted).size).toBe(emitted.length); // no duplicates
		expect([...emitted].sort((x, y) => x - y)).toEqual([...injected].sort((x, y) => x - y));
		const ties = new Map<string, number>();
		for (const r of sim.state.callRecords) ties.set(r.startTime, (ties.get(r.startTime) ?? 0) + 1);
		expect(Math.max(...ties.values())).toBeGreaterThan(10);
	});
});

describe('Tanyi Trigger: requests, filters, output', () => {
	it('an idle poll costs one request per watched job; "All Running Jobs" adds one job-list request', async () => {
		const a = await createJob('A');
		const b = await createJob('B');
		add(a, [T0]);
		const several: INodeParameters = { watch: 'several', jobIds: [String(a), String(b)] };
		const data: IDataObject = {};
		await poll(several, data);
		sim.server.clearLog();
		const idle = await poll(several, data);
		expect(idle.items).toBeNull();
		expect(idle.staticDataChanged).toBe(false);
		expect(sim.server.log).toHaveLength(2);
		expect(sim.server.requests(LIST)).toHaveLength(2);

		for (const job of sim.state.jobs) job.status = 'IN_PROCESS';
		const all: IDataObject = {};
		await poll({ watch: 'allRunning' }, all);
		sim.server.clearLog();
		expect((await poll({ watch: 'allRunning' }, all)).items).toBeNull();
		expect(sim.server.log.map((r) => r.path.replace(/.*\/apiOpen\/v1/, ''))).toEqual(['/job/getJobs', LIST, LIST]);
	});

	it('"All Running Jobs": a job that starts later is read from its start; a stopped job is still read for a while', async () => {
		const a = await createJob('A');
		sim.state.jobs.find((j) => j.robotCallJobId === a)!.status = 'IN_PROCESS';
		const data: IDataObject = {};
		add(a, [Date.now() - 60 * MIN]);
		expect((await poll({ watch: 'allRunning' }, data)).items).toBeNull();

		const b = await createJob('B');
		sim.state.jobs.find((j) => j.robotCallJobId === b)!.status = 'IN_PROCESS';
		const fromB = add(b, [Date.now() - MIN, Date.now()]);
		const fromA = add(a, [Date.now()]);
		sim.state.jobs.find((j) => j.robotCallJobId === a)!.status = 'COMPLETED';
		const result = await poll({ watch: 'allRunning' }, data);
		expect(ids(result).sort()).toEqual([...fromA, ...fromB].sort());
	});

	it('filters on result status and intent level before emitting (a person’s intent wins)', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		const params: INodeParameters = { ...one(jobId), filters: { statuses: ['ANSWERED'], intentLevels: ['A', 'B'] } };
		await poll(params, data);
		const [strong] = add(jobId, [T0], { intentLevel: 'A' });
		add(jobId, [T0 + 1000], { intentLevel: 'C' });
		const [relabelled] = add(jobId, [T0 + 2000], { intentLevel: 'D', realIntentLevel: 'B' });
		add(jobId, [T0 + 3000], { intentLevel: 'A', resultStatus: 'NO_ANSWER' });
		expect(ids(await poll(params, data))).toEqual([strong, relabelled]);
		// the skipped ones are consumed, not emitted later
		expect((await poll(params, data)).items).toBeNull();
	});

	it('Simplify emits the normalised call record', async () => {
		const jobId = await createJob();
		const data: IDataObject = {};
		await poll({ ...one(jobId), options: { simplify: true } }, data);
		const [id] = add(jobId, [T0], { intentLevel: 'A', chatDuration: 27, calledPhoneNumber: '13800001111' });
		const [item] = (await poll({ ...one(jobId), options: { simplify: true } }, data)).items!;
		expect(item.json).toMatchObject({
			vendor: 'tanyi',
			callId: String(id),
			jobId: String(jobId),
			phone: '13800001111',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 27,
			startTime: '2026-03-02T10:00:00+08:00',
		});
		expect((item.json.raw as IDataObject).callRecordId).toBe(id);
	});

	it('refuses a non-numeric job id before any request', async () => {
		const result = await runPoll({
			nodeType: new TanyiTrigger(),
			credentialTypes: [new TanyiApi()],
			credentials: { tanyiApi: { ...sim.credentials } },
			node: { type: 'tanyiTrigger', parameters: { event: 'newCallRecord', watch: 'several', jobIds: ['12x'] } },
			staticData: {},
		});
		expect(result.error?.message).toMatch(/Job ID must be a number/);
		expect(sim.server.log).toHaveLength(0);
	});
});
