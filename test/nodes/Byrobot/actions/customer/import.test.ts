/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { bodies, jsonOf, makeTask, paths, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Customer
// ---------------------------------------------------------------------------------------------

describe('customer', () => {
	const people = (n: number, from = 0): INodeExecutionData[] =>
		Array.from({ length: n }, (_, i) => ({ json: { phone: `1390000${String(i + from).padStart(4, '0')}`, name: `客户${i + from}` } }));

	it('import: 250 items with batch size 100 → exactly 3 requests to v2 (the default), one result per item', async () => {
		const taskId = await makeTask();
		const result = await run(
			{ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 100 } },
			people(250),
		);
		const out = jsonOf(result);
		const requests = sim.server.requests('/task/importTaskCustomer');
		expect(sim.server.log).toHaveLength(3);
		expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/openapi/v2/task/importTaskCustomer'));
		expect(requests.map((r) => ((r.body as IDataObject).customerInfoList as unknown[]).length)).toEqual([100, 100, 50]);
		expect(requests[0].body).toMatchObject({ companyId: 1001, taskId });
		// seed 001: no properties when the script has no variables
		expect(((requests[0].body as IDataObject).customerInfoList as IDataObject[])[0]).toEqual({ name: '客户0', phone: '13900000000' });
		expect(out).toHaveLength(250);
		expect(out[249]).toEqual({
			companyId: 1001,
			taskId,
			name: '客户249',
			phone: '13900000249',
			status: 'imported',
			batch: expect.objectContaining({ size: 50, successNum: 50, repeatNum: 0, placeFailNum: 0 }),
		});
		expect(result.items.map((i) => i.pairedItem)).toEqual(people(250).map((_, i) => ({ item: i })));
		expect(sim.state.calls.filter((c) => c.callJobId === taskId)).toHaveLength(250);
	});

	it('import: default batch size is 100; the name falls back to the phone; script variables by mapping', async () => {
		const taskId = await makeTask({ robotDefId: '302', sceneDefId: '402', sceneRecordId: '503' });
		const items = people(120).map((item, i) => ({ json: { ...item.json, name: i === 0 ? '' : item.json.name, amount: 100 + i } }));
		jsonOf(
			await run(
				{
					resource: 'customer',
					operation: 'import',
					taskId: task(taskId),
					variablesFrom: 'mapping',
					variables: { variable: [{ name: '客户姓名', value: '={{ $json.name || "先生" }}' }, { name: '金额', value: '={{ $json.amount }}' }] },
				},
				items,
			),
		);
		const requests = bodies('/task/importTaskCustomer');
		expect(requests.map((b) => (b.customerInfoList as unknown[]).length)).toEqual([100, 20]);
		expect((requests[0].customerInfoList as IDataObject[])[0]).toEqual({
			name: '13900000000',
			phone: '13900000000',
			properties: { 客户姓名: '先生', 金额: '100' },
		});
	});

	it('import v1 stays selectable (outdated): the v1 path, the whole batch stored', async () => {
		const taskId = await makeTask();
		const out = jsonOf(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { apiVersion: 'v1' } }, people(3)));
		expect(paths()).toEqual(['POST /openapi/v1/task/importTaskCustomer']);
		expect(out.map((o) => o.status)).toEqual(['imported', 'imported', 'imported']);
		expect(out[0]).not.toHaveProperty('batch');
	});

	it('import v2: a number repeated in the input is sent once; numbers already in the task are counted, not failed', async () => {
		const taskId = await makeTask();
		// one number is in the task already (added elsewhere, e.g. the vendor console)
		jsonOf(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { remember: false } }, people(1, 2)));
		sim.server.clearLog();
		const items = [...people(3), people(1)[0]];
		const out = jsonOf(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 10 } }, items));
		expect(paths()).toEqual(['POST /openapi/v2/task/importTaskCustomer']);
		expect(bodies('/task/importTaskCustomer')[0].customerInfoList).toHaveLength(3);
		expect(out.map((o) => o.status)).toEqual(['imported', 'imported', 'imported', 'duplicate']);
		expect(out[0]).toMatchObject({
			batch: { size: 3, successNum: 2, repeatNum: 1, placeFailNum: 0 },
			note: 'In the task now: Byrobot added 2 of the 3 numbers of this request and found 1 already there (it does not say which)',
		});
		expect(out[3]).toMatchObject({ status: 'duplicate', duplicateOfItem: 0, phone: '13900000000' });
		expect(sim.phonesOf(taskId).sort()).toEqual(['13900000000', '13900000001', '13900000002']);
	});

	it('import v2: a request whose every number Byrobot reports as a repeat says "skipped" (already in the task), not imported or failed', async () => {
		const taskId = await makeTask();
		jsonOf(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { remember: false } }, people(3)));
		sim.server.clearLog();
		const result = await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { remember: false } }, people(3));
		expect(result.error).toBeUndefined();
		expect(paths()).toEqual(['POST /openapi/v2/task/importTaskCustomer']);
		const out = result.items.map((i) => i.json);
		expect(out.map((o) => o.status)).toEqual(['skipped', 'skipped', 'skipped']);
		expect(out[0]).toMatchObject({ batch: { size: 3, successNum: 0, repeatNum: 3, placeFailNum: 0 } });
		expect(String(out[0].reason)).toMatch(/^Already in the job/);
		expect(out[0]).not.toHaveProperty('note');
		expect(sim.phonesOf(taskId).sort()).toEqual(['13900000000', '13900000001', '13900000002']);
	});

	it('import v2: numbers refused for script variable errors make the request "unknown", never "imported"', async () => {
		const taskId = await makeTask({ robotDefId: '302', sceneDefId: '402', sceneRecordId: '503' });
		const result = await run(
			{ resource: 'customer', operation: 'import', taskId: task(taskId), variablesFrom: 'none' },
			people(2),
			{ continueOnFail: true },
		);
		expect(result.items.map((i) => i.json.status)).toEqual(['unknown', 'unknown']);
		expect(result.items[0].json).toMatchObject({ batch: { successNum: 0, placeFailNum: 2 } });
		expect(String(result.items[0].json.error)).toMatch(/refused 2 of the 2 numbers .*script variable errors/);
	});

	it('import: items of different tasks go to different requests', async () => {
		const a = await makeTask();
		const b = await makeTask({ taskName: 'b' });
		const items = people(4).map((item, i) => ({ json: { ...item.json, task: i % 2 ? b : a } }));
		jsonOf(await run({ resource: 'customer', operation: 'import', taskId: { __rl: true, mode: 'id', value: '={{ $json.task }}' } }, items));
		expect(bodies('/task/importTaskCustomer').map((r) => [r.taskId, (r.customerInfoList as unknown[]).length])).toEqual([
			[a, 2],
			[b, 2],
		]);
	});
});
