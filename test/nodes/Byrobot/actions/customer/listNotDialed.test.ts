/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import { bodies, jsonOf, makeTask, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Customer
// ---------------------------------------------------------------------------------------------

describe('customer', () => {
	const people = (n: number, from = 0): INodeExecutionData[] =>
		Array.from({ length: n }, (_, i) => ({ json: { phone: `1390000${String(i + from).padStart(4, '0')}`, name: `客户${i + from}` } }));

	it('list not dialed: Return All in pages of at most 50, status labels added', async () => {
		const taskId = await makeTask();
		jsonOf(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 1000 } }, people(120)));
		sim.completeCalls(taskId, 10);
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'customer', operation: 'listNotDialed', taskId: task(taskId), returnAll: true }));
		expect(out).toHaveLength(110);
		expect(out[0]).toMatchObject({ status: 0, statusLabel: 'not started', corpName: '杭州模拟科技有限公司' });
		expect(bodies('/task/notDialedCustomerList')).toEqual([
			{ taskId, pageNum: 1, pageSize: 50 },
			{ taskId, pageNum: 2, pageSize: 50 },
			{ taskId, pageNum: 3, pageSize: 50 },
		]);
	});
});
