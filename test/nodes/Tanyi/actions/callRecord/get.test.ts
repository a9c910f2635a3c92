/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Call Record', () => {
	async function jobWithCalls(n: number): Promise<number> {
		const id = await createJob();
		await importLeads(id, n);
		await run({ resource: 'job', operation: 'start', jobId: job(id) });
		sim.completeCalls(id);
		sim.server.clearLog();
		return id;
	}

	it('gets one call with its transcript', async () => {
		const id = await jobWithCalls(2);
		const answered = sim.state.callRecords.find((r) => r.robotCallJobId === id && r.callDetailList.length > 0) ?? sim.state.callRecords[0];
		const [raw] = jsonOf(await run({ resource: 'callRecord', operation: 'get', callRecordId: String(answered.callRecordId), simplify: false }));
		expect(raw.callRecordId).toBe(answered.callRecordId);
		expect(sim.server.requests('/callRecord/callDetail')[0].query).toEqual({ callRecordId: String(answered.callRecordId) });
		const [simple] = jsonOf(
			await run({ resource: 'callRecord', operation: 'get', callRecordId: String(answered.callRecordId), simplify: true }),
		);
		// the transcript is one text, one turn per line
		expect(String(simple.transcript).split('\n')).toHaveLength(answered.callDetailList.length);
		expect(String(simple.transcript)).toMatch(/^Bot: /);
	});
});
