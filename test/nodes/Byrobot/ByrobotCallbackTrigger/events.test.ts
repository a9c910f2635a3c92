/**
 * The Byrobot Callback Trigger through n8n-core's WebhookContext: envelopes, events, secrets,
 * de-duplication and the loop with the emulator.
 */
import { expectAck } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { cstToIso } from '../../../../nodes/core/callRecord';
import { callData, ENDED, envelope, hook, manualEdit, post, useEmulator } from './support';

useEmulator();

describe('Byrobot Callback Trigger', () => {
	it('answers "success" and emits {dataType, data} of a finished call (JSON)', async () => {
		const result = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())));
		expectAck(result);
		// as sent, plus the upsert key the polling trigger gives the same call (id + end time)
		expect(emitted(result)).toEqual([{ dataType: 'CALL_INSTANCE_RESULT', data: callData(), dedupKey: `byrobot:call:880001:${cstToIso(ENDED)}` }]);
	});

	it('reads a text/plain body holding JSON (private deployments)', async () => {
		const result = await hook(post(envelope('CALL_INSTANCE_RESULT', callData()), { contentType: 'text/plain;charset=utf-8' }));
		expectAck(result);
		expect(emitted(result)?.[0]).toMatchObject({ dataType: 'CALL_INSTANCE_RESULT', data: { sceneInstance: { callInstanceId: 880001 } } });
	});

	it('Simplify gives the shared call record', async () => {
		const result = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), { simplify: true });
		expectAck(result);
		expect(emitted(result)?.[0]).toMatchObject({
			vendor: 'byrobot',
			callId: '880001',
			jobId: '5001',
			phone: '13800138000',
			customerName: '张三',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 42,
			rounds: 5,
			startTime: cstToIso(ENDED - 42_000),
			endTime: cstToIso(ENDED),
			recordingUrl: 'https://audio.invalid/a.wav',
			transcript: [
				{ speaker: 'bot', text: '您好' },
				{ speaker: 'customer', text: '嗯' },
			],
		});
	});

	it('a manual intent edit (no sceneInstance) is its own event; simplified it carries call id and intent', async () => {
		const raw = await hook(post(manualEdit()));
		expectAck(raw);
		expect(emitted(raw)).toEqual([{ ...manualEdit().data, dedupKey: expect.stringMatching(/^byrobot:intent:880001:[0-9a-f]{24}$/) }]);
		const simple = await hook(post(manualEdit('C级(无法判断)')), { simplify: true });
		expect(emitted(simple)?.[0]).toMatchObject({ vendor: 'byrobot', callId: '880001', intentLevel: 'C', status: 'unknown', phone: null });
		const filtered = await hook(post(manualEdit()), { events: ['CALL_INSTANCE_RESULT'] });
		expectAck(filtered);
		expect(filtered.response.workflowData).toBeUndefined();
	});

	it('task status and unknown events are answered but not emitted by default', async () => {
		const job = envelope('JOB_INFO_RESULT', { callJobId: 5001, status: 2, jobName: 't' });
		const unknown = envelope('NEW_THING', { a: 1 });
		for (const body of [job, unknown]) {
			const result = await hook(post(body));
			expectAck(result);
			expect(result.response.workflowData).toBeUndefined();
		}
		expect(emitted(await hook(post(job), { events: ['JOB_INFO_RESULT'] }))).toEqual([{ ...job.data, dedupKey: expect.stringMatching(/^byrobot:JOB_INFO_RESULT:/) }]);
		expect(emitted(await hook(post(unknown), { events: ['other'] }))).toEqual([{ ...unknown.data, dedupKey: expect.stringMatching(/^byrobot:NEW_THING:/) }]);
		const inbound = await hook(post(envelope('INBOUND_CALL_INSTANCE_RESULT', callData({ callInstanceId: 990001 }))), { simplify: true });
		expect(emitted(inbound)?.[0]).toMatchObject({ callId: '990001', status: 'answered' });
		// a call event while only task events are wanted
		const onlyJobs = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), { events: ['JOB_INFO_RESULT'] });
		expectAck(onlyJobs);
		expect(onlyJobs.response.workflowData).toBeUndefined();
	});
});
