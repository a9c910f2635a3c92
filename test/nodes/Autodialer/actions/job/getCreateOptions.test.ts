/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import type { IDataObject } from 'n8n-workflow';
import { jsonOf } from '../../../../harness/nodeRunner';
import { callsTo, LINE_RESIDUE_1, LINE_RESIDUE_30, LINE_RESIDUE_5, run, useEmulator } from '../../support';

useEmulator();

describe('Job operations', () => {
	it('get create options returns the meta (optionally only the usable entries)', async () => {
		const [meta] = jsonOf(await run({ resource: 'job', operation: 'getCreateOptions' }));
		expect(meta.caller_line_list).toHaveLength(4);
		expect(meta.max_recycle_limit).toBe('50');
		expect((meta.outbound_group as IDataObject[]).map((g) => g.id)).toContain(390);
		const [usable] = jsonOf(await run({ resource: 'job', operation: 'getCreateOptions', usableOnly: true }));
		expect((usable.caller_line_list as IDataObject[]).map((l) => l.value).sort()).toEqual([LINE_RESIDUE_1, LINE_RESIDUE_30, LINE_RESIDUE_5].sort());
		expect((usable.customer_service as IDataObject[]).map((g) => g.id)).toEqual([21]);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'GET /v1/task/create']);
	});
});
