/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { jsonOf, run, sim, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Company
// ---------------------------------------------------------------------------------------------

describe('company', () => {
	it('get scene variables', async () => {
		const out = jsonOf(await run({ resource: 'company', operation: 'getSceneVariables', sceneDefId: '402' }));
		expect(out).toEqual([{ sceneDefId: 402, variables: ['客户姓名', '金额'] }]);
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', sceneDefId: '402' });
	});
});
