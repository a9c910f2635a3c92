/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { callsTo, createJob, createParams, importParams, job, phones, run, sim, useEmulator } from './support';

useEmulator();

describe('Continue On Fail', () => {
	it('returns an error item for exactly the failed items of a per-item operation', async () => {
		const a = await createJob({ name: 'a' });
		const b = await createJob({ name: 'b' });
		sim.server.clearLog();
		const items = [{ json: { id: a } }, { json: { id: 'missing-task' } }, { json: { id: b } }];
		const result = await run({ resource: 'job', operation: 'start', jobId: job('={{ $json.id }}') as never }, items, {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const out = result.items;
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ uuid: a, start: 1 });
		expect(out[1].json).toMatchObject({ error: 'Autodialer: Task not found: missing-task', httpStatus: 404 });
		expect(out[2].json).toMatchObject({ uuid: b, start: 1 });
	});

	it('an invalid item gets an error item; the others are created', async () => {
		const items = [{ json: { m: 2 } }, { json: { m: 9 } }, { json: { m: 0 } }, { json: { m: 3 } }];
		const result = await run(createParams({ maximumCall: '={{ $json.m }}' }), items, { continueOnFail: true });
		const out = result.items.map((i) => i.json);
		expect(out[0]).toMatchObject({ maximumcall: 2 });
		expect(out[1]).toMatchObject({ error: expect.stringMatching(/must be at most 5/), outcome: 'not-sent' });
		expect(out[2]).toMatchObject({ error: expect.stringMatching(/at least 1/), outcome: 'not-sent' });
		expect(out[3]).toMatchObject({ maximumcall: 3 });
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task', 'POST /v1/task']);
	});

	it('import: a bad number and a failed batch give error items for exactly those items', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const items = phones(6);
		items[1].json.phone = 'not-a-phone';
		// the second import request fails
		let seen = 0;
		sim.server.injectFault({
			path: (req) => req.path.includes('/import_task_customer/') && ++seen === 2,
			response: { status: 422, body: { message: 'The numbers.0.number has already been taken.' } },
		});
		const result = await run(importParams(uuid, { options: { batchSize: 2 } }), items, { continueOnFail: true });
		const out = result.items.map((i) => i.json);
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(out[1]).toMatchObject({ status: 'invalid', error: expect.stringMatching(/Phone Number must be a phone number/), outcome: 'not-sent' });
		// valid items 0,2 | 3,4 | 5 → the second batch (items 3 and 4) failed
		expect(out[0]).toMatchObject({ status: 'imported' });
		expect(out[2]).toMatchObject({ status: 'imported' });
		expect(out[3]).toMatchObject({
			status: 'refused',
			number: '13800000003',
			error: 'Autodialer: The numbers.0.number has already been taken.',
			httpStatus: 422,
		});
		expect(out[4]).toMatchObject({ status: 'refused', number: '13800000004', httpStatus: 422 });
		expect(out[5]).toMatchObject({ status: 'imported' });
		expect(sim.task(uuid)!.numbers.map((n) => n.number)).toEqual(['13800000000', '13800000002', '13800000005']);
	});
});
