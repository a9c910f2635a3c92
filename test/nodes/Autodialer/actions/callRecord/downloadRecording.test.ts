/**
 * Autodialer Download Recording: Autodialer has no call record read API (seed 004), so the link
 * comes with the item the Autodialer Callback Trigger emits (simplified `recordingUrl`, full
 * `record_url`). Real HTTP to the emulator's file host; nothing goes to the Autodialer API.
 */
import { createServer, type AddressInfo } from 'node:net';
import { NodeApiError } from 'n8n-workflow';
import { normalizeAutodialerCall } from '../../../../../nodes/Autodialer/normalize';
import { expectNoCredentials, expectWav, fileHostRequests } from '../../../../harness/recordings';
import { createJob, importParams, phones, run, sim, useEmulator } from '../../support';

useEmulator();

/** a loopback port that was just free and is closed again */
function closedPort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

const download = { resource: 'callRecord', operation: 'downloadRecording' };

async function finishedCalls(statuses: number[]) {
	const jobId = await createJob();
	await run(importParams(jobId), phones(statuses.length));
	const calls = sim.completeCalls(jobId, statuses.length, statuses);
	sim.server.clearLog();
	return calls;
}

describe('Download Recording', () => {
	afterEach(() => {
		sim.server.recordings.ttlSeconds = 3600;
	});

	it('one simplified callback item: the WAV as binary "data", the item JSON kept, no API request', async () => {
		const [call] = await finishedCalls([1]);
		const record = normalizeAutodialerCall(call as never);
		const result = await run(download, [{ json: record }]);
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		expectWav(item, `autodialer-${call.call_id}.wav`);
		expect(item.json).toEqual(record);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(sim.server.log.map((r) => r.path)).toEqual([`/oss/recordings/${call.call_id}.wav`]);
		expectNoCredentials(fileHostRequests(sim.server.log), [sim.credentials.apiToken]);
	});

	it('many raw notifications (record_url), own field and file name', async () => {
		const calls = await finishedCalls([1, 1, 1]);
		const items = calls.map((c) => ({ json: { ...c } }));
		const result = await run({ ...download, binaryPropertyName: 'recording', fileName: '={{ $json.number }}.wav' }, items);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		result.items.forEach((item, i) => {
			expectWav(item, `${calls[i].number}.wav`, 'recording');
			expect(item.pairedItem).toEqual({ item: i });
		});
		expect(fileHostRequests(sim.server.log)).toHaveLength(3);
	});

	it('a call that was not answered has no record_url: an error naming the call, or an error item', async () => {
		const [answered, busy] = await finishedCalls([1, 8]);
		expect(busy.record_url).toBeNull();
		const items = [answered, busy].map((c) => ({ json: normalizeAutodialerCall(c as never) }));
		const failed = await run(download, items);
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect(failed.error!.message).toBe(`Autodialer: call ${busy.call_id} has no recording (the item has no recording URL; calls that were not answered have none)`);
		const soft = await run(download, items, { continueOnFail: true });
		expect(soft.items.map((i) => Boolean(i.binary?.data))).toEqual([true, false]);
		expect(soft.items[1].json.error).toContain(`call ${busy.call_id} has no recording`);
	});

	it('a link that expired before the download: HTTP 403 and the advice to download soon', async () => {
		sim.server.recordings.ttlSeconds = 0;
		const [call] = await finishedCalls([1]);
		const result = await run(download, [{ json: normalizeAutodialerCall(call as never) }]);
		expect(result.error!.message).toMatch(/^Autodialer: call [\w-]+: the recording file host 127\.0\.0\.1:\d+ answered HTTP 403: the link has expired/);
		expect(result.error!.message).not.toMatch(/Signature|Expires/);
		const gone = await run(download, [{ json: { callId: 'x1', recordingUrl: `${sim.url}/oss/recordings/x1.mp3` } }], { continueOnFail: true });
		expect(gone.items[0].json).toMatchObject({ httpStatus: 404 });
		const notUrl = await run(download, [{ json: { callId: 'x2', recordingUrl: 'ftp://example.invalid/a.wav' } }], { continueOnFail: true });
		expect(notUrl.items[0].json.error).toBe('Autodialer: call x2: the recording link is not an http(s) URL');
		// the platform's login page (HTTP 200, HTML) is not a recording
		const page = await run(download, [{ json: { callId: 'x3', recordingUrl: `${sim.url}/login` } }], { continueOnFail: true });
		expect(page.items[0].json.error).toMatch(/^Autodialer: call x3: the recording file host 127\.0\.0\.1:\d+ sent text\/html, not an audio file$/);
		expect(page.items[0].binary).toBeUndefined();
		// nothing listens: the transport's reason, the host, no link
		const port = await closedPort();
		const closed = await run(download, [{ json: { callId: 'x4', recordingUrl: `http://127.0.0.1:${port}/oss/a.wav?Signature=s3cr3t` } }], { continueOnFail: true });
		expect(closed.items[0].json.error).toBe(`Autodialer: call x4: the recording could not be downloaded from 127.0.0.1:${port} (ECONNREFUSED)`);
	});

	it('a missing call ID stops before any request', async () => {
		const result = await run(download, [{ json: { recordingUrl: `${sim.url}/oss/recordings/a.wav` } }]);
		expect(result.error!.message).toBe('Invalid parameter: Call ID is required');
		expect(sim.server.log).toHaveLength(0);
	});
});
