/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { type IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startAutodialerSimulator } from '../../../../emulators/autodialer';
import { jsonOf } from '../../../../harness/nodeRunner';
import { callsTo, createJob, createParams, importParams, phones, run, sim, useEmulator } from '../../support';

useEmulator();

describe('validation before any state-changing request', () => {
	it('rejects a missing or malformed phone number before any import request', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		for (const phone of ['', '12ab45', '123']) {
			const result = await run(importParams(uuid), [{ json: { phone: '13800000000' } }, { json: { phone } }]);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toMatch(/Phone Number (is required|must be a phone number)/);
		}
		const badJson = await run(importParams(uuid, { extraFields: '{nope' }));
		expect(badJson.error!.message).toMatch(/Extra Fields per Number \(JSON\) must be valid JSON/);
		expect(sim.server.log).toHaveLength(0);
		expect(sim.task(uuid)?.numbers).toHaveLength(0);
	});
});

describe('Customer: import numbers', () => {
	it('sends 250 numbers in 3 requests of at most 100 and answers one item per number', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const result = await run(importParams(uuid), phones(250));
		const out = jsonOf(result);
		expect(out).toHaveLength(250);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 250 }, (_, item) => ({ item })));
		expect(out[0]).toEqual({ jobId: uuid, number: '13800000000', name: 'Lead 0', status: 'imported' });
		const imports = sim.server.requests(`/import_task_customer/${uuid}`);
		expect(imports.map((r) => ((r.body as IDataObject).numbers as unknown[]).length)).toEqual([100, 100, 50]);
		// + the job's size (GET /v1/task) before and after the window
		expect(callsTo()).toHaveLength(5);
		expect(sim.task(uuid)!.numbers.map((n) => n.number)).toEqual(phones(250).map((p) => p.json.phone));
	});

	it('honours a configured batch size and sends variables and extra fields per number', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const items = phones(5).map((p, i) => ({ json: { ...p.json, amount: `${i}00`, region: i % 2 ? 'north' : 'south' } }));
		const out = jsonOf(
			await run(
				importParams(uuid, {
					variablesJson: '={{ JSON.stringify({ amount: $json.amount }) }}',
					extraFields: '={{ JSON.stringify({ region: $json.region, source: "crm" }) }}',
					options: { batchSize: 2 },
				}),
				items,
			),
		);
		expect(out).toHaveLength(5);
		const imports = sim.server.requests('/import_task_customer/' + uuid);
		expect(imports.map((r) => ((r.body as IDataObject).numbers as unknown[]).length)).toEqual([2, 2, 1]);
		expect(((imports[0].body as IDataObject).numbers as IDataObject[])[1]).toEqual({
			region: 'north',
			source: 'crm',
			number: '13800000001',
			name: 'Lead 1',
			variables: { amount: '100' },
		});
		const stored = sim.task(uuid)!.numbers[1];
		expect(stored).toMatchObject({ number: '13800000001', variables: { amount: '100' }, extra: { region: 'north', source: 'crm' } });
	});

	it('adapts to a platform with other body keys (List Key / Number Key options)', async () => {
		const other = await startAutodialerSimulator({ importListKey: 'customers', importNumberKey: 'phone', callsPerSecond: 0 });
		try {
			const [task] = jsonOf(await run(createParams(), undefined, { target: other }));
			const uuid = String(task.uuid);
			// the default shape is refused by this platform…
			const refused = await run(importParams(uuid), phones(2), { target: other });
			expect(refused.error).toBeInstanceOf(NodeApiError);
			expect(refused.error!.message).toMatch(/The customers field is required/);
			// …and accepted once the keys are set
			const out = jsonOf(
				await run(importParams(uuid, { options: { listKey: 'customers', numberKey: 'phone' } }), phones(2), { target: other }),
			);
			expect(out[0]).toEqual({ jobId: uuid, phone: '13800000000', name: 'Lead 0', status: 'imported' });
			const last = other.server.requests('/import_task_customer/' + uuid).pop()!;
			expect(last.body).toEqual({
				customers: [
					{ phone: '13800000000', name: 'Lead 0' },
					{ phone: '13800000001', name: 'Lead 1' },
				],
			});
			expect(other.task(uuid)!.numbers.map((n) => n.number)).toEqual(['13800000000', '13800000001']);
		} finally {
			await other.close();
		}
	});

	it('a batch answered HTTP 500 is checked against the job size: not stored, so sent again, each number once', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/import_task_customer/' + uuid, response: { status: 500, body: { message: 'Server Error' } } });
		const out = jsonOf(await run(importParams(uuid, { options: { checkWait: 0 } }), phones(150)));
		expect(out.map((o) => o.status)).toEqual(Array(150).fill('imported'));
		expect(sim.server.requests('/import_task_customer/' + uuid)).toHaveLength(3);
		expect(sim.phonesOf(uuid).sort()).toEqual(phones(150).map((p) => p.json.phone).sort());
	});

	it('a batch stored but answered HTTP 500, the job size unreadable: held back as unknown, never resent', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/import_task_customer/' + uuid, mode: 'commit-then-500' });
		sim.server.injectFault({ path: (req) => req.method === 'GET' && req.path === '/v1/task', nth: 2, times: 100, response: { status: 403, body: { message: 'no' } } });
		const result = await run(importParams(uuid, { options: { checkWait: 0, parallelRequests: 1 } }), phones(150));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).description).toMatch(/Items 1–100 may or may not have been accepted\..*Check the job in the vendor console.*Items 101–150 were not sent/);
		expect(sim.server.requests('/import_task_customer/' + uuid)).toHaveLength(1);
		expect(sim.phonesOf(uuid)).toHaveLength(100);
	});
});
