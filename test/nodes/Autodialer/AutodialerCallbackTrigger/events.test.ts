/**
 * The Autodialer Callback Trigger through n8n-core's WebhookContext: the inferred hang-up
 * notification (JSON or form), secrets, de-duplication, the loop.
 */
import type { WebhookRequestSpec } from '../../../harness';
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { hangup, hook, post, SECRET, useEmulator } from './support';

useEmulator();

describe('Autodialer Callback Trigger', () => {
	it('answers "success" and emits a JSON hang-up notification as received', async () => {
		const result = await hook(post(hangup() as unknown as Record<string, unknown>));
		expectAck(result);
		expect(emitted(result)).toEqual([{ ...hangup(), dedupKey: `autodialer:call:${hangup().call_id}` }]);
	});

	it('reads a form body, nesting variables[...] keys', async () => {
		const result = await hook(post(hangup() as unknown as Record<string, unknown>, { form: true }));
		expectAck(result);
		expect(emitted(result)?.[0]).toMatchObject({
			call_id: hangup().call_id,
			status: '1',
			duration: '37',
			variables: { 欠款金额: '100', city: 'Hangzhou' },
		});
	});

	it('reads a form body that n8n already decoded into flat keys', async () => {
		const request: WebhookRequestSpec = {
			method: 'POST',
			path: '/callback',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			query: { token: SECRET },
			body: { call_id: 'c-1', status: '4', 'variables[city]': 'Ningbo' },
			// no raw text: only n8n's parsed object is available
			rawBody: Buffer.alloc(0),
		};
		const result = await hook(request, { simplify: true });
		expect(emitted(result)?.[0]).toMatchObject({ callId: 'c-1', status: 'no_answer', raw: { variables: { city: 'Ningbo' } } });
	});

	it('Simplify gives the shared call record (JSON and form alike)', async () => {
		const expected = {
			vendor: 'autodialer',
			callId: hangup().call_id,
			jobId: hangup().task_uuid,
			phone: '13800138000',
			customerName: '张三',
			status: 'answered',
			intentLevel: null,
			durationSeconds: 37,
			startTime: '2024-06-01T10:00:05+08:00',
			endTime: '2024-06-01T10:00:42+08:00',
			recordingUrl: 'https://rec.invalid/a.wav',
			transcript: [],
		};
		const json = await hook(post(hangup() as unknown as Record<string, unknown>), { simplify: true });
		expect(emitted(json)?.[0]).toMatchObject(expected);
		const form = await hook(post(hangup() as unknown as Record<string, unknown>, { form: true }), { simplify: true });
		expect(emitted(form)?.[0]).toMatchObject(expected);
	});

	it('filters by call status and still answers "success"', async () => {
		const onlyAnswered = { callStatuses: ['1'] };
		const missed = await hook(post({ ...hangup(), call_id: 'm', status: 4 } as unknown as Record<string, unknown>), onlyAnswered);
		expectAck(missed);
		expect(missed.response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(hangup() as unknown as Record<string, unknown>), onlyAnswered))).toHaveLength(1);
		const formMissed = await hook(post({ ...hangup(), status: 8 } as unknown as Record<string, unknown>, { form: true }), onlyAnswered);
		expect(formMissed.response.workflowData).toBeUndefined();
	});
});
