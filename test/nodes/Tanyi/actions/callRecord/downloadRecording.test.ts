/**
 * Tanyi Download Recording, run by n8n's engine against the Tanyi emulator over real HTTP: the
 * node reads a fresh link from callDetail, then downloads the file from the emulator's file host.
 */
import { NodeApiError } from 'n8n-workflow';
import { expectNoCredentials, expectWav, fileHostRequests } from '../../../../harness/recordings';
import { createJob, run, sim, useEmulator } from '../../support';

useEmulator();

const download = { resource: 'callRecord', operation: 'downloadRecording' };

async function records(statuses: Array<'ANSWERED' | 'NO_ANSWER'>) {
	const jobId = await createJob();
	const added = sim.addCallRecords(jobId, statuses.map((resultStatus) => ({ resultStatus })));
	sim.server.clearLog();
	return added;
}

describe('Download Recording', () => {
	afterEach(() => {
		sim.server.recordings.ttlSeconds = 3600;
	});

	it('one record: a fresh link from callDetail, the WAV as binary "data", the simplified record as JSON', async () => {
		const [call] = await records(['ANSWERED']);
		const result = await run(download, [{ json: { callId: String(call.callRecordId) } }]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expectWav(item, `tanyi-${call.callRecordId}.wav`);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ callId: String(call.callRecordId), status: 'answered', dedupKey: `tanyi:call:${call.callRecordId}` });
		expect(item.json).not.toHaveProperty('callDetailList');
		// exactly one API read and one file download
		expect(sim.server.log.map((r) => r.path)).toEqual(['/apiOpen/v1/callRecord/callDetail', expect.stringMatching(/^\/oss\/DialogueRecording\/.+\/ai_user\.wav$/)]);
		expect(item.json.recordingUrl).toContain(sim.server.log[1].path);
		expectNoCredentials(fileHostRequests(sim.server.log), [sim.credentials.appSecret, sim.credentials.appKey]);
	});

	it('many records, the customer track, own field and file name, full record when Simplify is off', async () => {
		const calls = await records(['ANSWERED', 'ANSWERED', 'ANSWERED']);
		const items = calls.map((c) => ({ json: { callRecordId: c.callRecordId } }));
		const result = await run({ ...download, track: 'customer', binaryPropertyName: 'audio', fileName: '={{ "lead-" + $json.callRecordId + ".wav" }}', simplify: false }, items);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, i) => {
			expectWav(item, `lead-${calls[i].callRecordId}.wav`, 'audio');
			expect(item.binary).not.toHaveProperty('data');
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.callRecordId).toBe(calls[i].callRecordId);
			expect(item.json.customerAudioUrl).toMatch(/\/user\.wav\?/);
		});
		expect(fileHostRequests(sim.server.log).map((r) => r.path.split('/').pop())).toEqual(['user.wav', 'user.wav', 'user.wav']);
		expect(sim.server.recordings.served).toBeGreaterThanOrEqual(3);
	});

	it('a call that was not answered has no customer track: a clear error naming the call, or an error item with Continue On Fail', async () => {
		const [answered, missed] = await records(['ANSWERED', 'NO_ANSWER']);
		const items = [{ json: { callId: String(answered.callRecordId) } }, { json: { callId: String(missed.callRecordId) } }];
		const failed = await run({ ...download, track: 'customer' }, items);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error!.message).toBe(`Tanyi: call ${missed.callRecordId} has no recording (Tanyi gave no link for this track; a call that was not answered has no customer track)`);

		const soft = await run({ ...download, track: 'customer' }, items, { continueOnFail: true });
		expect(soft.error).toBeUndefined();
		expect(soft.items).toHaveLength(2);
		expectWav(soft.items[0], `tanyi-${answered.callRecordId}.wav`);
		expect(soft.items[1].binary).toBeUndefined();
		expect(soft.items[1].pairedItem).toEqual({ item: 1 });
		expect(soft.items[1].json.error).toContain(`call ${missed.callRecordId} has no recording`);
		// the full track of a missed call is its early media (seed 003), still a file
		const early = await run(download, [items[1]]);
		expectWav(early.items[0], `tanyi-${missed.callRecordId}.wav`);
	});

	it('an expired link: HTTP 403 in the error, no link or secret in it', async () => {
		const [call] = await records(['ANSWERED']);
		sim.server.recordings.ttlSeconds = 0;
		const result = await run(download, [{ json: { callId: String(call.callRecordId) } }]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		const message = result.error!.message;
		expect(message).toMatch(new RegExp(`^Tanyi: call ${call.callRecordId}: the recording file host 127\\.0\\.0\\.1:\\d+ answered HTTP 403`));
		const shown = JSON.stringify({ message, description: result.error!.description, ...result.error });
		for (const hidden of ['Signature', 'Expires', 'OSSAccessKeyId', sim.credentials.appSecret, 'DialogueRecording']) expect(shown).not.toContain(hidden);
		expect(fileHostRequests(sim.server.log).map((r) => r.status)).toEqual([403]);

		const soft = await run(download, [{ json: { callId: String(call.callRecordId) } }], { continueOnFail: true });
		expect(soft.items[0].json).toMatchObject({ httpStatus: 403, endpoint: 'recording file', outcome: 'failed' });
	});

	it('a bad call record ID stops before any request', async () => {
		const result = await run(download, [{ json: { callId: 'abc' } }]);
		expect(result.error!.message).toBe('Invalid parameter: Call Record ID must be a number (got "abc")');
		const noField = await run({ ...download, binaryPropertyName: 'my file' }, [{ json: { callId: '1' } }]);
		expect(noField.error!.message).toMatch(/^Invalid parameter: Put Output File in Field must be a field name without spaces/);
		expect(sim.server.log).toHaveLength(0);
	});
});
