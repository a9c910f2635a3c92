/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { Autodialer } from '../../../nodes/Autodialer/Autodialer.node';
import { useEmulator } from './support';

useEmulator();

describe('node description', () => {
	const node = new Autodialer();

	it('is usable as a tool, needs the autodialerApi credential and lists every seed 004 operation', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials).toEqual([{ name: 'autodialerApi', required: true }]);
		const ops = (resource: string) =>
			(node.description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource,
			)?.options ?? []) as Array<{ value: string; description?: string }>;
		expect(ops('job').map((o) => o.value).sort()).toEqual(
			['create', 'delete', 'getCreateOptions', 'getMany', 'pause', 'start', 'update'].sort(),
		);
		expect(ops('customer').map((o) => o.value)).toEqual(['importNumbers']);
		expect(ops('job').find((o) => o.value === 'pause')?.description).toMatch(/stop/);
	});

	it('never asks for random_assignment_number or recycle_limit', () => {
		const names = node.description.properties.map((p) => p.name);
		expect(names.join(',')).not.toMatch(/random|recycle_limit|recycleLimit/i);
	});
});
