/**
 * The Tanyi Callback Trigger against replays (issue 11): the signed timestamp of an encrypted
 * callback dates it, the de-duplication memory catches repeats inside the window, and the wire
 * format of the vendor's demo sender (yiwise/callbackdemo) is read as sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { wecomEncrypt } from '../../../emulators/tanyi';
import type { WebhookRequestSpec } from '../../../harness';
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { AES_KEY, callPayload, encryptedParams, encryptedPost, hook, TOKEN, useEmulator } from './support';

useEmulator();

const DAY = 24 * 3_600_000;

function verification(echostr: string, timestamp = String(Date.now()), nonce = 'abc'): WebhookRequestSpec {
	const { encrypt, msgSignature } = wecomEncrypt(echostr, TOKEN, AES_KEY, timestamp, nonce);
	return { method: 'GET', path: '/callback', headers: {}, query: { msg_signature: msgSignature, timestamp, nonce, echostr: encrypt } };
}

describe('Tanyi Callback Trigger: replays and the vendor demo wire format', () => {
	it('REQUIRED: an encrypted callback signed 400 days ago is refused with 401 and starts no run', async () => {
		const message = JSON.stringify(callPayload());
		const result = await hook(encryptedPost(message, { timestamp: Date.now() - 400 * DAY }), encryptedParams);
		expectRejected(result);
		expect(result.logs.join('\n')).toMatch(/hours old \(the signed timestamp .*\), more than the Max Callback Age of 25 hours/);
		// the same message signed now is accepted
		expectAck(await hook(encryptedPost(message), encryptedParams));
	});

	it('the signed timestamp decides, in milliseconds (the demo) or seconds (WeCom samples)', async () => {
		const message = JSON.stringify(callPayload({ callRecordId: 61 }));
		const staticData: IDataObject = {};
		const seconds = await hook(encryptedPost(message, { timestamp: Math.floor(Date.now() / 1000) }), encryptedParams, { staticData });
		expect(emitted(seconds)).toHaveLength(1);
		// 24 hours old (inside the vendor's retry span): accepted, then known
		const retry = await hook(encryptedPost(message, { timestamp: Date.now() - DAY }), encryptedParams, { staticData });
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
	});

	it('REQUIRED: a replay inside the memory, re-encrypted with a new nonce and timestamp, is answered "success" without a run', async () => {
		const staticData: IDataObject = {};
		const message = JSON.stringify(callPayload({ callRecordId: 62 }));
		expect(emitted(await hook(encryptedPost(message), encryptedParams, { staticData }))).toHaveLength(1);
		const again = encryptedPost(message, { timestamp: Date.now() + 5 });
		again.query = { ...again.query, nonce: 'another' };
		const { encrypt, msgSignature } = wecomEncrypt(message, TOKEN, AES_KEY, String(again.query.timestamp), 'another');
		again.query.msg_signature = msgSignature;
		again.rawBody = Buffer.from(`<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
		const replay = await hook(again, encryptedParams, { staticData });
		expectAck(replay);
		expect(replay.response.workflowData).toBeUndefined();
	});

	it('reads Encrypt URL-encoded inside the XML, as the demo sender writes it', async () => {
		const message = JSON.stringify(callPayload({ callRecordId: 63 }));
		const result = await hook(encryptedPost(message, { urlEncoded: true }), encryptedParams);
		expectAck(result);
		expect(emitted(result)?.[0]).toMatchObject({ data: { callRecordId: 63 } });
	});

	it.each([0, 1, 2])('answers the URL verification with echostr encoded %i extra time(s)', async (extra) => {
		const request = verification('echo-verify-123');
		let echostr = String(request.query!.echostr);
		for (let i = 0; i < extra; i++) echostr = encodeURIComponent(echostr);
		const result = await hook({ ...request, query: { ...request.query, echostr } }, encryptedParams, { webhookName: 'setup' });
		expect(result.res.status).toBe(200);
		expect(result.res.body).toBe('echo-verify-123');
	});

	it('refuses to decrypt an event handed in as echostr (it would leak call data to whoever captured it)', async () => {
		const result = await hook(verification(JSON.stringify(callPayload())), encryptedParams, { webhookName: 'setup' });
		expectRejected(result, 400);
		expect(result.res.body).not.toContain('13800138000');
	});

	it('refuses an old URL verification like an old callback', async () => {
		expectRejected(await hook(verification('echo-1', String(Date.now() - 400 * DAY)), encryptedParams, { webhookName: 'setup' }));
	});
});
