/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: de-duplication of retries over a
 * time window kept in static data.
 */
import type { IDataObject } from 'n8n-workflow';
import { fingerprint } from '../../../../nodes/core/webhook';
import { nodeStaticDataKey } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { callPayload, ENDED, hook, NODE_NAME, post, useEmulator } from './support';

useEmulator();

const memoryOf = (staticData: IDataObject) =>
	(staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { v: number; buckets: Record<string, string> } }).dedup;

describe('Tanyi Callback Trigger: de-duplication', () => {
	it('starts one run for a record delivered twice, and remembers its fingerprint in static data', async () => {
		const staticData: IDataObject = {};
		const first = await hook(post(callPayload()), {}, { staticData });
		expect(emitted(first)).toHaveLength(1);
		expect(first.staticDataChanged).toBe(true);
		const memory = memoryOf(staticData);
		expect(memory.v).toBe(2);
		expect(Object.values(memory.buckets)).toEqual([fingerprint('tanyi:call:45001')]);

		const retry = await hook(post(callPayload()), {}, { staticData });
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();

		const other = await hook(post(callPayload({ callRecordId: 45002 })), {}, { staticData });
		expect(emitted(other)).toHaveLength(1);
		// a job-completed event with the same id space is a different key
		const job = await hook(
			post({ dataType: 'ROBOT_CALL_JOB', data: { robotCallJobId: 45001, status: 'COMPLETED' } }),
			{ events: ['ROBOT_CALL_JOB'] },
			{ staticData },
		);
		expect(emitted(job)).toHaveLength(1);
	});

	it('remembers for the De-Duplication Window, then forgets (static data stays bounded by time)', async () => {
		const staticData: IDataObject = {};
		const realNow = Date.now.bind(Date);
		let offset = 0;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		try {
			const params = { options: { dedupWindowHours: 2, maxAgeHours: 0 } };
			expect(emitted(await hook(post(callPayload()), params, { staticData }))).toHaveLength(1);
			offset = 90 * 60_000; // 1.5 hours later: still remembered
			expect((await hook(post(callPayload()), params, { staticData })).response.workflowData).toBeUndefined();
			for (let id = 1; id <= 5; id++) expect(emitted(await hook(post(callPayload({ callRecordId: id })), params, { staticData }))).toHaveLength(1);
			offset = 5 * 3_600_000; // the repeat at 1.5 h refreshed it, but 3.5 h have passed since
			const later = await hook(post(callPayload({ callRecordId: 99 })), params, { staticData });
			expect(emitted(later)).toHaveLength(1);
			const buckets = memoryOf(staticData).buckets;
			// everything older than 2 hours is gone: only the newest bucket is left
			expect(Object.values(buckets)).toEqual([fingerprint('tanyi:call:99')]);
			expect(emitted(await hook(post(callPayload()), params, { staticData }))).toHaveLength(1);
		} finally {
			clock.mockRestore();
		}
	});

	it('REQUIRED: 20 identical deliveries at the same moment start exactly one run, and a restart keeps it', async () => {
		const staticData: IDataObject = {};
		// each request works on its own copy of static data loaded when it arrived (as n8n does)
		const results = await Promise.all(Array.from({ length: 20 }, () => hook(post(callPayload({ callRecordId: 777 })), {}, { staticData })));
		expect(results.filter((r) => r.response.workflowData !== undefined)).toHaveLength(1);
		for (const r of results) expectAck(r);
		// a new process (a JSON copy of what was saved) still knows it
		const afterRestart = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		expect((await hook(post(callPayload({ callRecordId: 777 })), {}, { staticData: afterRestart })).response.workflowData).toBeUndefined();
	});

	it('runs twice when de-duplication is off', async () => {
		const staticData: IDataObject = {};
		const options = { options: { deduplicate: false } };
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
	});

	it('REQUIRED: a record older than the Max Callback Age is refused with 401 and starts no run', async () => {
		const staticData: IDataObject = {};
		const old = callPayload({ endTime: '2025-11-01 10:00:00', callRecordId: 7 });
		const refused = await hook(post(old), {}, { staticData });
		expect(refused.res.status).toBe(401);
		expect(refused.response.workflowData).toBeUndefined();
		expect(refused.logs.join('\n')).toMatch(/older|hours old/);
		// inside the 25 hours: accepted
		expect(emitted(await hook(post(callPayload({ callRecordId: 8 })), {}, { staticData }))).toHaveLength(1);
		// the limit is configurable; 0 turns the check off
		expect(emitted(await hook(post(old), { options: { maxAgeHours: 0 } }, { staticData }))).toHaveLength(1);
		expect(ENDED).toBeLessThan(Date.now());
	});
});
