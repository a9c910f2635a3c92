/**
 * The Byrobot Callback Trigger through n8n-core's WebhookContext: envelopes, events, secrets,
 * de-duplication and the loop with the emulator.
 */
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { callback, callData, envelope, hook, post, SECRET, useEmulator } from './support';

useEmulator();

describe('Byrobot Callback Trigger', () => {
	it('refuses missing or forged secrets (query or header) with 401', async () => {
		const body = envelope('CALL_INSTANCE_RESULT', callData());
		expectRejected(await hook(post(body, { query: {} })));
		expectRejected(await hook(post(body, { query: { token: 'forged' } })));
		const headerMode = { authMode: 'header' };
		expectAck(await hook(post(body, { query: {}, headers: { 'x-callback-token': SECRET } }), headerMode));
		expectAck(await hook(post(body, { query: {}, headers: { Authorization: `Bearer ${SECRET}` } }), { authMode: 'header', headerName: 'Authorization' }));
		expectRejected(await hook(post(body, { query: {}, headers: { 'x-callback-token': 'forged' } }), headerMode));
		expectRejected(await hook(post(body, { query: { token: SECRET } }), headerMode));
	});

	it('answers an unreadable authenticated body with 400', async () => {
		expectRejected(await hook(post('not json', { contentType: 'text/plain' })), 400);
		expectRejected(await hook(post({ code: 200, data: { nothing: true } })), 400);
	});

	it('REQUIRED: a prefix of the secret is refused like any wrong secret', async () => {
		const body = envelope('CALL_INSTANCE_RESULT', callData());
		for (const token of [SECRET.slice(0, 8), SECRET.slice(0, -1), `${SECRET} `]) expectRejected(await hook(post(body, { query: { token } })));
	});

	it('refuses everything when no callback credential is selected; nothing of a secret reaches the log or the output', async () => {
		const body = envelope('CALL_INSTANCE_RESULT', callData());
		const none = await callback.hook(post(body), {}, { credentials: { byrobotCallbackApi: null } });
		expectRejected(none);
		expect(none.logs.join('\n')).toMatch(/no callback credential/);
		const ok = await hook(post(body, { query: { token: SECRET } }));
		expect(JSON.stringify(emitted(ok))).not.toContain(SECRET);
		const wrong = await hook(post(body, { query: { token: 'forged-value' } }));
		expect(wrong.logs.join('\n')).not.toMatch(new RegExp(`${SECRET}|forged-value`));
	});
});
