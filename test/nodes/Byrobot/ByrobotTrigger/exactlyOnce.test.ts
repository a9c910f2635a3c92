/**
 * The Byrobot Trigger driven through n8n-core's PollContext against the Byrobot emulator: the
 * index cursor (core/poll/indexCursor.ts) over callIndex.
 */
import type { IDataObject } from 'n8n-workflow';
import { add, createTask, cursorOf, keys, LIST, MIN, one, poll, sim, sorted, T0, trigger, useEmulator } from './support';

useEmulator();

describe('Byrobot Trigger: index cursor', () => {
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
		const failed = await trigger.pollOnce(one(task), data);
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
			const cursor = cursorOf(data).jobs[String(task)];
			expect(cursor).toMatchObject({ index: 129, base: 29, count: 100 });
			// the keys above the overlap's lower edge, no more
			expect(Object.values(cursor.seen ?? {}).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => 30 + i));
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
