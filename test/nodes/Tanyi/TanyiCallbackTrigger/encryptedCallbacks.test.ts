/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: answers, secrets, WeCom-style
 * encryption, de-duplication and the loop with the emulator.
 */
import { wecomEncrypt, wecomSignature } from '../../../emulators/tanyi';
import type { WebhookRequestSpec } from '../../../harness';
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import {
	AES_KEY,
	callPayload,
	encryptedParams,
	encryptedPost,
	hook,
	post,
	SECRET,
	TOKEN,
	useEmulator,
} from './support';

useEmulator();

describe('Tanyi Callback Trigger: encrypted callbacks (WeCom style)', () => {
	it('verifies and decrypts an XML callback built by the emulator', async () => {
		const payload = callPayload({ customerPersonName: '李四 · 测试' });
		const result = await hook(encryptedPost(JSON.stringify(payload)), encryptedParams);
		expectAck(result);
		expect(emitted(result)).toEqual([{ ...payload, dedupKey: 'tanyi:call:45001' }]);
	});

	it('also reads the body as n8n parses XML ({xml: {encrypt}})', async () => {
		const result = await hook(encryptedPost(JSON.stringify(callPayload()), { parsedXml: true }), { ...encryptedParams, simplify: true });
		expectAck(result);
		expect(emitted(result)![0]).toMatchObject({ vendor: 'tanyi', callId: '45001', intentLevel: 'B' });
	});

	it('refuses a bad msg_signature, a wrong token and a missing signature with 401', async () => {
		const message = JSON.stringify(callPayload());
		expectRejected(await hook(encryptedPost(message, { tamper: true }), encryptedParams));
		expectRejected(await hook(encryptedPost(message, { token: 'someoneElse' }), encryptedParams));
		const unsigned = encryptedPost(message);
		unsigned.query = { timestamp: '1', nonce: 'x' };
		expectRejected(await hook(unsigned, encryptedParams));
		// a plain JSON body (no Encrypt) is refused in encrypted mode even with the query secret
		expectRejected(await hook(post(callPayload()), encryptedParams));
	});

	it('answers 400 when the signature is right but the EncodingAESKey does not fit', async () => {
		const otherKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
		const result = await hook(encryptedPost(JSON.stringify(callPayload()), { key: otherKey }), encryptedParams);
		expectRejected(result, 400);
	});

	it('echoes the decrypted echostr for the URL verification GET', async () => {
		const timestamp = String(Date.now());
		const nonce = 'abc';
		const { encrypt, msgSignature } = wecomEncrypt('echo-123456', TOKEN, AES_KEY, timestamp, nonce);
		const request: WebhookRequestSpec = {
			method: 'GET',
			path: '/callback',
			headers: {},
			query: { msg_signature: msgSignature, timestamp, nonce, echostr: encrypt },
		};
		const result = await hook(request, encryptedParams, { webhookName: 'setup' });
		expect(result.res.status).toBe(200);
		expect(result.res.body).toBe('echo-123456');
		expect(result.response.workflowData).toBeUndefined();

		const forged = await hook({ ...request, query: { ...request.query, msg_signature: wecomSignature('x', timestamp, nonce, encrypt) } }, encryptedParams, {
			webhookName: 'setup',
		});
		expectRejected(forged);
	});

	it("decrypts Tencent's published verification vector", async () => {
		// WeCom developer documentation sample (token QDG6eK), echostr → "1616140317555161061"
		const result = await hook(
			{
				method: 'GET',
				path: '/callback',
				headers: {},
				query: {
					msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
					timestamp: '1409659589',
					nonce: '263014780',
					echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
				},
			},
			// its timestamp is from 2014: the age check is turned off for it
			{ authMode: 'encrypted', token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', options: { maxAgeHours: 0 } },
			{ webhookName: 'setup' },
		);
		expect(result.res.status).toBe(200);
		expect(result.res.body).toBe('1616140317555161061');
	});

	it('a GET in secret mode only answers with the right secret', async () => {
		const ok = await hook({ method: 'GET', path: '/callback', headers: {}, query: { token: SECRET } }, {}, { webhookName: 'setup' });
		expect(ok.res.status).toBe(200);
		expect(ok.res.body).toBe('success');
		expect(ok.response.workflowData).toBeUndefined();
		expectRejected(await hook({ method: 'GET', path: '/callback', headers: {}, query: {} }, {}, { webhookName: 'setup' }));
	});
});
