/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: answers, secrets, WeCom-style
 * encryption, de-duplication and the loop with the emulator.
 */
import type { IDataObject } from 'n8n-workflow';
import { nodeStaticDataKey } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { callPayload, hook, NODE_NAME, post, useEmulator } from './support';

useEmulator();

describe('Tanyi Callback Trigger: de-duplication', () => {
	it('starts one run for a record delivered twice, and remembers it in static data', async () => {
		const staticData: IDataObject = {};
		const first = await hook(post(callPayload()), {}, { staticData });
		expect(emitted(first)).toHaveLength(1);
		expect(first.staticDataChanged).toBe(true);
		expect(staticData[nodeStaticDataKey(NODE_NAME)]).toEqual({ dedup: { keys: ['tanyi:ROBOT_CALL_RECORD:45001'] } });

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

	it('keeps only the newest keys (bounded memory)', async () => {
		const staticData: IDataObject = {};
		for (let id = 1; id <= 15; id++) {
			const result = await hook(post(callPayload({ callRecordId: id })), { options: { dedupMemory: 10 } }, { staticData });
			expect(emitted(result)).toHaveLength(1);
		}
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toHaveLength(10);
		expect(keys[0]).toBe('tanyi:ROBOT_CALL_RECORD:6');
		expect(keys[9]).toBe('tanyi:ROBOT_CALL_RECORD:15');
		// id 15 is remembered, id 1 was forgotten
		expect((await hook(post(callPayload({ callRecordId: 15 })), { options: { dedupMemory: 10 } }, { staticData })).response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(callPayload({ callRecordId: 1 })), { options: { dedupMemory: 10 } }, { staticData }))).toHaveLength(1);
	});

	it('default memory is 2,000 keys', async () => {
		const staticData: IDataObject = {
			[nodeStaticDataKey(NODE_NAME)]: { dedup: { keys: Array.from({ length: 2000 }, (_, i) => `tanyi:ROBOT_CALL_RECORD:${i}`) } },
		};
		await hook(post(callPayload({ callRecordId: 999999 })), {}, { staticData });
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toHaveLength(2000);
		expect(keys[0]).toBe('tanyi:ROBOT_CALL_RECORD:1');
		expect(keys[1999]).toBe('tanyi:ROBOT_CALL_RECORD:999999');
	});

	it('runs twice when de-duplication is off', async () => {
		const staticData: IDataObject = {};
		const options = { options: { deduplicate: false } };
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
	});
});
