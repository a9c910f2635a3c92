/**
 * The Autodialer Callback Trigger through n8n-core's WebhookContext: the inferred hang-up
 * notification (JSON or form), secrets, de-duplication, the loop.
 */
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { hangup, hook, post, SECRET, useEmulator } from './support';

useEmulator();

describe('Autodialer Callback Trigger', () => {
	it('refuses missing or forged secrets with 401', async () => {
		const body = hangup() as unknown as Record<string, unknown>;
		expectRejected(await hook(post(body, { query: {} })));
		expectRejected(await hook(post(body, { query: { token: `${SECRET}x` } })));
		const headerMode = { authMode: 'header', headerName: 'X-Dialer-Secret' };
		expectAck(await hook(post(body, { query: {}, headers: { 'X-Dialer-Secret': SECRET } }), headerMode));
		expectRejected(await hook(post(body, { query: {}, headers: { 'X-Dialer-Secret': 'nope' } }), headerMode));
	});

	it('answers an empty or unreadable authenticated body with 400', async () => {
		expectRejected(await hook(post('')), 400);
		expectRejected(await hook(post('<html>', { headers: { 'content-type': 'text/html' } })), 400);
	});
});
