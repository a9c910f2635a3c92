/**
 * The Autodialer Callback Trigger through n8n-core's WebhookContext: the inferred hang-up
 * notification (JSON or form), secrets, de-duplication, the loop.
 */
import type { IDataObject } from 'n8n-workflow';
import { nodeStaticDataKey } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { fingerprint } from '../../../../nodes/core/webhook';
import { hangup, hook, NODE_NAME, post, useEmulator } from './support';

useEmulator();

describe('Autodialer Callback Trigger', () => {
	it('de-duplicates on call_id', async () => {
		const staticData: IDataObject = {};
		const body = hangup() as unknown as Record<string, unknown>;
		expect(emitted(await hook(post(body), {}, staticData))).toHaveLength(1);
		const retry = await hook(post(body, { form: true }), {}, staticData);
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
		expect(emitted(await hook(post({ ...body, call_id: 'another' }), {}, staticData))).toHaveLength(1);
		const { buckets } = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { buckets: Record<string, string> } }).dedup;
		expect(Object.values(buckets).join('')).toBe(fingerprint(`autodialer:call:${hangup().call_id}`) + fingerprint('autodialer:call:another'));
	});
});
