/**
 * The Tanyi Trigger driven through n8n-core's PollContext against the Tanyi emulator: the time
 * cursor (core/poll/timeCursor.ts) over a list ordered by start time.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { add, createJob, ids, LIST, MIN, one, poll, sim, T0, trigger, useEmulator } from './support';

useEmulator();

describe('Tanyi Trigger: requests, filters, output', () => {
	it('an idle poll costs one request per watched job; "All Running Jobs" adds one job-list request per dialing status', async () => {
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
		const statuses = ['IN_PROCESS', 'RUNNABLE', 'IN_QUEUE', 'SYSTEM_SUSPENDED', 'WAITING_FOR_REDIAL'];
		expect(sim.server.log.map((r) => r.path.replace(/.*\/apiOpen\/v1/, ''))).toEqual([...statuses.map(() => '/job/getJobs'), LIST, LIST]);
		expect(sim.server.log.slice(0, 5).map((r) => r.query.status)).toEqual(statuses);
	});

	it('"All Running Jobs" keeps polling a job that waits for a redial', async () => {
		const a = await createJob('A');
		sim.state.jobs.find((j) => j.robotCallJobId === a)!.status = 'WAITING_FOR_REDIAL';
		const data: IDataObject = {};
		await poll({ watch: 'allRunning' }, data);
		const redials = add(a, [Date.now()]);
		expect(ids(await poll({ watch: 'allRunning' }, data))).toEqual(redials);
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
		const result = await trigger.pollOnce({ watch: 'several', jobIds: ['12x'] }, {});
		expect(result.error?.message).toMatch(/Job ID must be a number/);
		expect(sim.server.log).toHaveLength(0);
	});
});
