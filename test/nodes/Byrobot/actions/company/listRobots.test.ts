/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { jsonOf, run, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Company
// ---------------------------------------------------------------------------------------------

describe('company', () => {
	it('list robots: scripts with their scene and recordings', async () => {
		const out = jsonOf(await run({ resource: 'company', operation: 'listRobots', companyId: '1002' }));
		expect(out).toEqual([
			expect.objectContaining({ robotDefId: 311, sceneDefId: 411, sceneRecords: [{ sceneRecordId: 511, sceneRecordName: '标准录音' }] }),
		]);
	});
});
