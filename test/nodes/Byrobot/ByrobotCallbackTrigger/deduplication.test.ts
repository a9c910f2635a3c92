/**
 * The Byrobot Callback Trigger through n8n-core's WebhookContext: envelopes, events, secrets,
 * de-duplication and the loop with the emulator.
 */
import type { IDataObject } from 'n8n-workflow';
import { nodeStaticDataKey } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { callData, envelope, hook, manualEdit, NODE_NAME, post, useEmulator } from './support';

useEmulator();

describe('Byrobot Callback Trigger', () => {
	it('de-duplicates on callInstanceId + secondaryCallTimes; a redial runs again', async () => {
		const staticData: IDataObject = {};
		expect(emitted(await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData))).toHaveLength(1);
		const retry = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData);
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
		const redial = await hook(
			post(envelope('CALL_INSTANCE_RESULT', callData({ secondaryCallTimes: 1, endTime: '2024-06-01 11:00:42' }))),
			{},
			staticData,
		);
		expect(emitted(redial)).toHaveLength(1);
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toEqual([
			'byrobot:CALL_INSTANCE_RESULT:880001:0:2024-06-01 10:00:42',
			'byrobot:CALL_INSTANCE_RESULT:880001:1:2024-06-01 11:00:42',
		]);
		// manual edits: the same edit once, a different value again
		expect(emitted(await hook(post(manualEdit('B级(一般)')), {}, staticData))).toHaveLength(1);
		expect((await hook(post(manualEdit('B级(一般)')), {}, staticData)).response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(manualEdit('A级(较强)')), {}, staticData))).toHaveLength(1);
	});
});
