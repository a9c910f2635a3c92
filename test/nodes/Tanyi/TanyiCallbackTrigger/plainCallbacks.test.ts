/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: answers, secrets, WeCom-style
 * encryption, de-duplication and the loop with the emulator.
 */
import type { IDataObject } from 'n8n-workflow';
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { cstToIso } from '../../../../nodes/core/callRecord';
import { callPayload, ENDED, hook, post, SECRET, useEmulator } from './support';

const isoCst = (ms: number) => cstToIso(ms);

useEmulator();

describe('Tanyi Callback Trigger: plain JSON callbacks', () => {
	it('answers "success" and emits the raw {dataType, data} payload', async () => {
		const result = await hook(post(callPayload()));
		expectAck(result);
		// the payload as sent, plus the upsert key the polling trigger gives the same call
		expect(emitted(result)).toEqual([{ ...callPayload(), dedupKey: 'tanyi:call:45001' }]);
	});

	it('Simplify gives the shared call record', async () => {
		const result = await hook(post(callPayload({ realIntentLevel: 'A' })), { simplify: true });
		expectAck(result);
		const [item] = emitted(result)!;
		expect(item).toMatchObject({
			vendor: 'tanyi',
			callId: '45001',
			jobId: '1001',
			phone: '13800138000',
			// ROBOT_CALL_RECORD carries no name (yiwise/slate callBack.md)
			customerName: null,
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 65,
			rounds: 4,
			startTime: isoCst(ENDED - 65_000),
			endTime: isoCst(ENDED),
			recordingUrl: 'https://audio.invalid/1.wav',
			transcript: [
				{ speaker: 'bot', text: '您好' },
				{ speaker: 'customer', text: '你好' },
			],
		});
		expect((item.raw as IDataObject).callRecordId).toBe(45001);
		expect(item.dedupKey).toBe('tanyi:call:45001');
	});

	it.each([
		['missing', {}],
		['wrong', { token: 'not-the-secret' }],
		['wrong with the same length', { token: SECRET.replace(/.$/, 'x') }],
		['empty', { token: '' }],
	])('refuses a %s secret with 401 and starts no run', async (_label, query) => {
		const result = await hook(post(callPayload(), { query }));
		expectRejected(result);
		expect(result.res.body).toBe('unauthorized');
		expect(result.logs.join('\n')).not.toContain(SECRET);
	});

	it('refuses everything when no secret is configured', async () => {
		const result = await hook(post(callPayload(), { query: { token: '' } }), { secret: '' });
		expectRejected(result);
	});

	it('accepts the secret in a header when so configured, under a custom query name otherwise', async () => {
		const headerMode = { authMode: 'header', headerName: 'X-Tanyi-Secret' };
		expectAck(await hook(post(callPayload(), { query: {}, headers: { 'X-Tanyi-Secret': SECRET } }), headerMode));
		expectRejected(await hook(post(callPayload(), { query: { token: SECRET } }), headerMode));
		expectRejected(await hook(post(callPayload(), { query: {}, headers: { 'X-Tanyi-Secret': 'forged' } }), headerMode));
		const custom = await hook(post(callPayload(), { query: { k: SECRET } }), { queryParameter: 'k' });
		expectAck(custom);
		expect(emitted(custom)).toHaveLength(1);
	});

	it('answers an authenticated body it cannot read with 400 and no run', async () => {
		const result = await hook(post('this is not json', { contentType: 'text/plain' }));
		expectRejected(result, 400);
		expectRejected(await hook(post({ data: {} })), 400);
	});

	it('filters events but still answers "success"', async () => {
		const job = { dataType: 'ROBOT_CALL_JOB', data: { robotCallJobId: 1001, tenantId: 1, status: 'COMPLETED' } };
		const sms = { dataType: 'ROBOT_CALL_SMS', data: { phone: '13800138000', content: 'hi' } };
		const unknown = { dataType: 'SOMETHING_NEW', data: { x: 1 } };
		for (const body of [job, sms, unknown]) {
			const result = await hook(post(body));
			expectAck(result);
			expect(result.response.workflowData).toBeUndefined();
		}
		const all = { events: ['ROBOT_CALL_RECORD', 'ROBOT_CALL_JOB', 'ROBOT_CALL_SMS', 'other'] };
		for (const body of [job, sms, unknown]) {
			const result = await hook(post(body), all);
			expectAck(result);
			expect(emitted(result)).toEqual([{ ...body, dedupKey: expect.stringMatching(new RegExp(`^tanyi:${body.dataType}:[0-9a-f]{24}$`)) }]);
		}
		// with only the job event selected, a call record is answered and dropped
		const onlyJobs = await hook(post(callPayload()), { events: ['ROBOT_CALL_JOB'] });
		expectAck(onlyJobs);
		expect(onlyJobs.response.workflowData).toBeUndefined();
	});
});
