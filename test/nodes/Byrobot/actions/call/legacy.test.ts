/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import type { INodePropertyOptions } from 'n8n-workflow';
import { Byrobot } from '../../../../../nodes/Byrobot/Byrobot.node';
import { useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Call (legacy single calls)
// ---------------------------------------------------------------------------------------------

describe('call', () => {
	it('is marked legacy in the operation descriptions', () => {
		const operation = new Byrobot().description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'call',
		)!;
		const options = operation.options as INodePropertyOptions[];
		expect(options.map((o) => o.value).sort()).toEqual(['callCustomer', 'callNumber']);
		for (const o of options) expect(o.description).toMatch(/^Legacy/);
	});
});
