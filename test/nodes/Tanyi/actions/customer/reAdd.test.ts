/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Customer', () => {
	it('re-adds called customers', async () => {
		const id = await createJob();
		await importLeads(id, 2);
		await run({ resource: 'job', operation: 'start', jobId: job(id) });
		const records = sim.completeCalls(id);
		const ids = records.map((r) => r.customerPersonId).join(',');
		const [out] = jsonOf(
			await run({ resource: 'customer', operation: 'reAdd', jobId: job(id), customerPersonIds: ids, filters: { intentLevels: ['A'], lastCallRecord: true } }),
		);
		expect(out.success).toBe(true);
		expect(sim.server.requests('/job/reAddCustomerToJob')[0].body).toMatchObject({
			robotCallJobId: id,
			customerPersonIds: records.map((r) => r.customerPersonId),
			intentLevels: ['A'],
			lastCallRecord: true,
		});
	});
});
