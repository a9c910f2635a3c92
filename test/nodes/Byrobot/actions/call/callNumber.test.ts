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
	it('call a number: sends `variables` (not `variable`), sceneDefId and mobile as a number', async () => {
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
					options: { userName: '张三' },
				},
				[{ json: { phone: '138-0000-1111', 客户姓名: '张三', 金额: 15 } }],
			),
		);
		expect(bodies('/task/singleCallByMobile')).toEqual([
			{
				companyId: 1001,
				mobile: 13800001111,
				variables: { 客户姓名: '张三', 金额: '15' },
				robotDefId: 302,
				sceneDefId: 402,
				sceneRecordId: 503,
				userName: '张三',
			},
		]);
		expect(out[0]).toMatchObject({ success: true, mobile: '13800001111' });
		const call = sim.state.calls.find((c) => c.callJobId === null)!;
		expect(call.received).toMatchObject({ hadVariablesKey: true, hadVariableKey: false });
		expect(call.customerName).toBe('张三');
	});

	it('sends `variables: {}` when the script has none, as the vendor asks', async () => {
		const result = await run({ resource: 'call', operation: 'callNumber', mobile: '13800001111', robotDefId: '301', sceneDefId: '401', sceneRecordId: '501' });
		expect(result.error).toBeUndefined();
		expect(bodies('/task/singleCallByMobile')[0]).toMatchObject({ mobile: 13800001111, variables: {}, sceneDefId: 401 });
	});

	it('sends the seed\'s sceneId when Scene Field Name says so', async () => {
		const result = await run({
			resource: 'call',
			operation: 'callNumber',
			mobile: '13800001111',
			robotDefId: '301',
			sceneDefId: '401',
			sceneRecordId: '501',
			options: { sceneKey: 'sceneId' },
		});
		// the emulator takes singleCallByMobile's scene as sceneDefId, so the seed's name is refused
		expect(result.error?.message).toMatch(/sceneDefId/);
		expect(bodies('/task/singleCallByMobile')[0]).toMatchObject({ sceneId: 401 });
		expect(bodies('/task/singleCallByMobile')[0]).not.toHaveProperty('sceneDefId');
	});

	it.each([
		['a leading 0', '057188880001'],
		['a leading +', '+8613800001111'],
	])('refuses a number with %s before sending (mobile is an Integer)', async (_what, mobile) => {
		const result = await run({ resource: 'call', operation: 'callNumber', mobile, robotDefId: '301', sceneDefId: '401', sceneRecordId: '501' });
		expect(result.error?.message).toMatch(/Invalid parameter: Phone Number must be digits without a leading 0 or \+/);
		expect(sim.server.log).toHaveLength(0);
	});
});
