/**
 * Byrobot Download Recording, run by n8n's engine against the Byrobot emulator over real HTTP: a
 * fresh link from phoneLogInfo (signed request), then a plain GET to the file host.
 */
import { NodeApiError } from 'n8n-workflow';
import { expectNoCredentials, expectWav, fileHostRequests } from '../../../../harness/recordings';
import { addRecords, makeTask, run, sim, useEmulator } from '../../support';

useEmulator();

const download = { resource: 'callRecord', operation: 'downloadRecording' };

describe('Download Recording', () => {
	afterEach(() => {
		sim.server.recordings.ttlSeconds = 3600;
	});

	it('one record: phoneLogInfo, then the WAV as binary "data" with the simplified record', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [{ finishStatus: 0, duration: 27, chatRound: 4 }]);
		const result = await run(download, [{ json: { callId: String(call.callInstanceId) } }]);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expectWav(item, `byrobot-${call.callInstanceId}.wav`);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ callId: String(call.callInstanceId), status: 'answered', durationSeconds: 27 });
		expect(sim.server.log.map((r) => r.path)).toEqual(['/openapi/v1/task/phoneLogInfo', `/oss/${call.luyinOssUrl}`]);
		// the API request is signed; the file host sees none of it
		expect(sim.server.log[0].headers).toHaveProperty('sign');
		expectNoCredentials(fileHostRequests(sim.server.log), [sim.credentials.appSecret, sim.credentials.appKey]);
	});

	it('many records, the customer track, Simplify off keeps the detail', async () => {
		const taskId = await makeTask();
		const calls = addRecords(taskId, [{ finishStatus: 0 }, { finishStatus: 0 }, { finishStatus: 0 }, { finishStatus: 0 }]);
		const items = calls.map((c) => ({ json: { callInstanceId: c.callInstanceId } }));
		const result = await run({ ...download, track: 'customer', simplify: false }, items);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		result.items.forEach((item, i) => {
			expectWav(item, `byrobot-${calls[i].callInstanceId}.wav`);
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.callInstanceId).toBe(calls[i].callInstanceId);
			expect(item.json).toHaveProperty('phoneLog');
		});
		expect(fileHostRequests(sim.server.log).map((r) => r.path)).toEqual(calls.map((c) => `/oss/${c.userLuyinOssUrl}`));
	});

	it('a call that was not answered has no recording: an error naming the call; Continue On Fail gives an error item', async () => {
		const taskId = await makeTask();
		const [answered, missed] = addRecords(taskId, [{ finishStatus: 0 }, { finishStatus: 8 }]);
		const items = [{ json: { callId: String(answered.callInstanceId) } }, { json: { callId: String(missed.callInstanceId) } }];
		const failed = await run(download, items);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error!.message).toBe(
			`Byrobot: call ${missed.callInstanceId} has no recording (Byrobot gave no link for this track; calls that were not answered have no recording)`,
		);
		const soft = await run(download, items, { continueOnFail: true });
		expect(soft.items.map((i) => Boolean(i.binary?.data))).toEqual([true, false]);
		expect(soft.items[1]).toMatchObject({ pairedItem: { item: 1 }, json: { error: expect.stringContaining(`call ${missed.callInstanceId} has no recording`) } });
	});

	it('an expired link: HTTP 403, no signature in the error', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [{ finishStatus: 0 }]);
		sim.server.recordings.ttlSeconds = 0;
		const result = await run(download, [{ json: { callId: String(call.callInstanceId) } }]);
		expect(result.error!.message).toMatch(new RegExp(`^Byrobot: call ${call.callInstanceId}: the recording file host 127\\.0\\.0\\.1:\\d+ answered HTTP 403`));
		expect(JSON.stringify({ m: result.error!.message, d: result.error!.description })).not.toMatch(/Signature|Expires|RobotPhoneCommunicate/);
	});
});
