/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { bodies, jsonOf, run, sim, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Call (legacy single calls)
// ---------------------------------------------------------------------------------------------

describe('call', () => {
	it('call a number: sends `variables` (not `variable`) and sceneId', async () => {
		const out = jsonOf(
			await run(
				{
					resource: 'call',
					operation: 'callNumber',
					mobile: '={{ $json.phone }}',
					robotDefId: '302',
					sceneDefId: '402',
					sceneRecordId: '503',
					variablesFrom: 'itemFields',
					variableFields: '客户姓名, 金额',
				},
				[{ json: { phone: '138-0000-1111', 客户姓名: '张三', 金额: 15 } }],
			),
		);
		expect(bodies('/task/singleCallByMobile')).toEqual([
			{ companyId: 1001, mobile: '13800001111', variables: { 客户姓名: '张三', 金额: '15' }, robotDefId: 302, sceneId: 402, sceneRecordId: 503 },
		]);
		expect(out[0]).toMatchObject({ success: true, mobile: '13800001111' });
		const call = sim.state.calls.find((c) => c.callJobId === null)!;
		expect(call.received).toMatchObject({ hadVariablesKey: true, hadVariableKey: false });
	});
});
