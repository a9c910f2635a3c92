/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { addRecords, bodies, jsonOf, makeTask, run, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Call (legacy single calls)
// ---------------------------------------------------------------------------------------------

describe('call', () => {
	it('call a customer: sends the customerId of an existing customer', async () => {
		const taskId = await makeTask();
		const [customer] = addRecords(taskId, [{ customerTelephone: '13911112222' }]);
		const out = jsonOf(
			await run({
				resource: 'call',
				operation: 'callCustomer',
				customerId: String(customer.customerId),
				mobile: '13911112222',
				robotDefId: '301',
				sceneDefId: '401',
				sceneRecordId: '502',
			}),
		);
		expect(bodies('/task/call')).toEqual([
			{ companyId: 1001, customerId: customer.customerId, mobile: 13911112222, variables: {}, robotDefId: 301, sceneId: 401, sceneRecordId: 502 },
		]);
		expect(out[0]).toMatchObject({ success: true, customerId: customer.customerId });
	});
});
