/**
 * The Byrobot Callback Trigger through n8n-core's WebhookContext: envelopes, events, secrets,
 * de-duplication and the loop with the emulator.
 */
import type { IDataObject } from 'n8n-workflow';
import { nodeStaticDataKey } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { cstToIso } from '../../../../nodes/core/callRecord';
import { fingerprint } from '../../../../nodes/core/webhook';
import { formatCst } from '../../../emulators/shared/http';
import { callData, ENDED, envelope, hook, manualEdit, NODE_NAME, post, useEmulator } from './support';

useEmulator();

describe('Byrobot Callback Trigger', () => {
	it('de-duplicates on callInstanceId + end time; a redial (new end time) runs again', async () => {
		const staticData: IDataObject = {};
		expect(emitted(await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData))).toHaveLength(1);
		const retry = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData);
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
		const redial = await hook(
			post(envelope('CALL_INSTANCE_RESULT', callData({ secondaryCallTimes: 1, endTime: formatCst(ENDED + 30_000) }))),
			{},
			staticData,
		);
		expect(emitted(redial)).toHaveLength(1);
		// static data holds fingerprints of the two keys, not the keys
		const memory = JSON.stringify((staticData[nodeStaticDataKey(NODE_NAME)] as IDataObject).dedup);
		for (const at of [ENDED, ENDED + 30_000]) expect(memory).toContain(fingerprint(`byrobot:call:880001:${cstToIso(at)}`));
		expect(memory).not.toContain('880001');
		// manual edits: the same edit once, a different value again
		expect(emitted(await hook(post(manualEdit('B级(一般)')), {}, staticData))).toHaveLength(1);
		expect((await hook(post(manualEdit('B级(一般)')), {}, staticData)).response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(manualEdit('A级(较强)')), {}, staticData))).toHaveLength(1);
	});
});
