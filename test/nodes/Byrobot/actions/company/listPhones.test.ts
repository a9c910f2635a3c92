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
	it('list caller phones: phone type labelled', async () => {
		const out = jsonOf(await run({ resource: 'company', operation: 'listPhones', companyId: '1001' }));
		expect(out.find((p) => p.userPhoneId === 203)).toMatchObject({ phoneType: 0, phoneTypeLabel: 'mobile (SIM)' });
		expect(out.find((p) => p.userPhoneId === 201)).toMatchObject({ phoneType: 1, phoneTypeLabel: 'landline' });
		expect(sim.server.log[0].query).toEqual({ companyId: '1001' });
	});
});
