/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { jsonOf, paths, run, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Company
// ---------------------------------------------------------------------------------------------

describe('company', () => {
	it('list companies: only those the key may operate', async () => {
		const out = jsonOf(await run({ resource: 'company', operation: 'listCompanies' }));
		expect(out.map((c) => c.companyId)).toEqual([1001, 1002]);
		expect(paths()).toEqual(['GET /openapi/v1/company/getCompanys']);
	});
});
