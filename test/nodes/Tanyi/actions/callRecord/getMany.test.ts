/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { IDataObject } from 'n8n-workflow';
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

	it('returns all records across pages at the maximum page size of 100', async () => {
		const id = await jobWithCalls(250);
		const out = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), returnAll: true, simplify: false }));
		expect(out).toHaveLength(250);
		const pages = sim.server.requests('/callRecord/getCallRecordInfoList').map((r) => r.body as IDataObject);
		expect(pages.map((b) => [b.pageNum, b.pageSize])).toEqual([
			[1, 100],
			[2, 100],
			[3, 100],
		]);
	});

	it('stops at the limit with the fewest requests and applies filters', async () => {
		const id = await jobWithCalls(120);
		const out = jsonOf(
			await run({
				resource: 'callRecord',
				operation: 'getMany',
				simplify: false,
				jobId: job(id),
				limit: 5,
				filters: { resultStatuses: ['ANSWERED'], chatDurationMin: 1, chatDurationMax: 600 },
			}),
		);
		expect(out.length).toBeLessThanOrEqual(5);
		expect(out.every((r) => r.resultStatus === 'ANSWERED')).toBe(true);
		const requests = sim.server.requests('/callRecord/getCallRecordInfoList');
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toMatchObject({ pageSize: 5, resultStatuses: ['ANSWERED'], chatDurationMin: 1, chatDurationMax: 600 });
	});

	it('simplifies records into the shared call-record shape', async () => {
		const id = await jobWithCalls(3);
		const [record] = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), limit: 1, simplify: true }));
		expect(record).toMatchObject({
			jobId: String(id),
			callId: expect.any(String),
			phone: expect.stringMatching(/^1380000/),
			status: expect.any(String),
		});
		expect(record.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(record.dedupKey).toBe(`tanyi:call:${String(record.callId)}`);
		// the vendor's record is only in the non-simplified output
		expect(record).not.toHaveProperty('raw');
		expect(Object.keys(record).sort()).toEqual(
			['callId', 'customerName', 'dedupKey', 'durationSeconds', 'intentLevel', 'jobId', 'phone', 'recordingUrl', 'startTime', 'status', 'transcript'],
		);
	});
});
