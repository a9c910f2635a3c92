/**
 * End to end on a real n8n 2.41.1: the package is built, packed and installed into n8n's user
 * folder like any community node; ONE n8n runs for the whole file: the workflows of examples/ are
 * imported through its REST API, the action examples run inside it as the editor's "Execute
 * workflow" does, and their stored executions are read back by id; then the trigger examples are
 * activated in it. Assertions read both the workflow output and the vendor emulators' state and
 * request logs. If n8n does not load the package, beforeAll fails.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const stack = require('../../scripts/lib/stack');

jest.setTimeout(20 * 60_000);

type Json = Record<string, any>;
const reporter = stack.n8n.createReporter({ write: (line: string) => process.stderr.write(`[e2e] ${line}\n`) });
let emulators: any;
let prepared: any;
let actions: any;
let live: any;

beforeAll(async () => {
	const tarball = await reporter.phase('build + pack', () => stack.buildAndPack());
	emulators = await stack.startEmulators({ fixedPorts: false });
	prepared = await stack.startN8nWithExamples({ tarball, emulators, reporter });
	actions = await stack.runActionExamples({ ...prepared, emulators, reporter });
});

afterAll(async () => {
	await prepared?.server?.stop();
	await emulators?.close();
	if (prepared) stack.n8n.removeUserFolder(prepared.userFolder);
	reporter.line(`phases: ${reporter.summary()}`);
});

describe('the package inside n8n', () => {
	it('is loaded under its real type names (the suite cannot pass without it)', () => {
		expect(prepared.loadedTypes).toEqual(expect.arrayContaining(Object.values(stack.TYPES)));
	});
});

describe('action examples run inside n8n, read back from the stored executions', () => {
	it('Tanyi: 1,000 leads are imported in 10 requests and the job is started', () => {
		expect(actions.tanyi.outputs).toBe(1000);
		expect(actions.tanyi.imported).toBe(1000);
		expect(actions.tanyi.requests).toEqual({ '/job/create': 1, '/job/importCustomer': 10, '/job/start': 1 });
		const tasks = emulators.tanyi.state.tasks.filter((t: Json) => t.robotCallJobId === actions.tanyi.jobId);
		expect(tasks).toHaveLength(1000);
		expect(actions.tanyi.jobStatus).toBe('IN_PROCESS');
	});

	it('Tanyi: every finished call is read back, simplified, and only A/B leads are notified', () => {
		expect(actions.tanyi.callsFinished).toBe(1000 - stack.LIVE_CALLS);
		expect(actions.tanyi.recordsRead).toBe(actions.tanyi.callsFinished);
		expect(actions.tanyi.recordRequests).toBe(Math.ceil(actions.tanyi.callsFinished / 100));
		expect(actions.tanyi.simplifiedSample).toMatchObject({
			dedupKey: expect.stringMatching(/^tanyi:call:\d+$/),
			jobId: String(actions.tanyi.jobId),
			intentLevel: expect.stringMatching(/^[A-F]$/),
			startTime: expect.stringMatching(/\+08:00$/),
		});
		const hot = (actions.tanyi.byIntent.A ?? 0) + (actions.tanyi.byIntent.B ?? 0);
		expect(hot).toBeGreaterThan(0);
		expect(actions.tanyi.notifications).toHaveLength(hot);
		expect(actions.tanyi.notifications.every((n: Json) => ['A', 'B'].includes(n.intentLevel))).toBe(true);
	});

	it('Tanyi: Download Recording stores each hot lead\'s recording as binary data (file name, MIME type, size)', () => {
		const hot = actions.tanyi.notifications.length;
		expect(actions.tanyi.recordings).toHaveLength(hot);
		for (const file of actions.tanyi.recordings) {
			expect(file).toMatchObject({
				fileName: `tanyi-${file.callId}.wav`,
				mimeType: 'audio/wav',
				fileExtension: 'wav',
				// 0.5 s of 8 kHz 16-bit mono + the 44-byte header, as n8n prints it
				fileSize: '8.04 kB',
				id: expect.stringMatching(/^filesystem/),
			});
		}
		// one fresh link per call, one file each, no credential header at the file host
		expect(actions.tanyi.recordingRequests.callDetail).toBe(hot);
		expect(actions.tanyi.recordingRequests.files).toEqual(Array(hot).fill(200));
		expect(actions.tanyi.recordingRequests.fileHostHeaders.filter((h: string) => ['appkey', 'signature', 'tenantsign', 'authorization'].includes(h))).toEqual([]);
		// the bytes n8n stored are the emulator's WAV file
		expect(actions.tanyi.recordingBytes).toEqual({ status: 200, length: 8044, head: expect.stringMatching(/^RIFF[\s\S]{4}WAVE$/) });
	});

	it('Byrobot: 1,000 customers in 10 requests and the task is running', () => {
		expect(actions.byrobot.imported).toBe(1000);
		expect(actions.byrobot.requests).toEqual({ '/task/createTask': 1, '/task/importTaskCustomer': 10, '/task/start': 1 });
		expect(actions.byrobot.taskStatus).toBe(1);
	});

	it('Autodialer: 1,000 numbers in 10 requests and the job is running', () => {
		expect(actions.autodialer.imported).toBe(1000);
		expect(actions.autodialer.requests['/import_task_customer/' + actions.autodialer.uuid]).toBe(10);
		expect(actions.autodialer.started).toBe(1);
		expect(actions.autodialer.total).toBe(1000);
	});

	it('the HTTP Request node signs with the Tanyi credential (predefined credential type)', () => {
		// GET /tenant/getTenant answers the tenant the signed keys belong to (yiwise/slate tenant.md)
		expect(actions.http.output).toMatchObject({ code: 200, data: { tenantId: emulators.tanyi.state.tenant.tenantId, tenantName: emulators.tanyi.state.tenant.tenantName } });
		expect(actions.http.signedHeaders.sort()).toEqual(['appkey', 'signature', 'tenantsign', 'timestamp', 'version']);
	});

	it('every figure the demo checks is as expected', () => {
		expect(stack.checkFigures({ actions }).filter((c: Json) => !c.ok)).toEqual([]);
	});
});

describe('triggers activated in the same running n8n', () => {
	beforeAll(async () => {
		live = await stack.activateLiveExamples({ ...prepared, emulators });
		await stack.finishLiveCalls({ emulators, actions, callbackUrls: live.callbackUrls });
	});

	it('the polling trigger, activated, emits existing intent A/B records', async () => {
		const id = prepared.ids['tanyi-trigger-new-call-notify'];
		const [execution] = await prepared.server.waitForExecutions(id, { count: 1, timeoutMs: 150_000 });
		expect(execution.mode).toBe('trigger');
		const records = execution.output('New Call Record');
		expect(records.length).toBeGreaterThan(0);
		expect(records.every((r: Json) => ['A', 'B'].includes(r.intentLevel) && /^tanyi:/.test(r.dedupKey))).toBe(true);
	});

	it.each([
		['tanyi-callback-notify', 'tanyi'],
		['byrobot-callback-notify', 'byrobot'],
		['autodialer-callback-notify', 'autodialer'],
	])('%s: each delivered callback starts one run and is acknowledged with success', async (key, vendor) => {
		const id = prepared.ids[key];
		const runs = await prepared.server.waitForExecutions(id, { count: stack.LIVE_CALLS, timeoutMs: 150_000 });
		expect(runs.length).toBe(stack.LIVE_CALLS);
		expect(runs.every((r: Json) => r.mode === 'webhook' && r.status === 'success')).toBe(true);
		const deliveries = emulators[vendor].callbackDeliveries;
		expect(deliveries.length).toBeGreaterThanOrEqual(stack.LIVE_CALLS);
		expect(stack.callDeliveries(vendor, emulators[vendor]).acknowledged).toHaveLength(stack.LIVE_CALLS);
		for (const delivery of deliveries) {
			const last = delivery.attempts[delivery.attempts.length - 1];
			expect(last.status).toBe(200);
			expect(String(last.body).trim()).toBe('success');
		}
	});

	it('a retried Tanyi delivery is acknowledged but starts no second run; a forged one is refused', async () => {
		const id = prepared.ids['tanyi-callback-notify'];
		const before = (await prepared.server.listExecutions({ workflowId: id })).length;
		const delivery = emulators.tanyi.callbackDeliveries.find((d: Json) => d.dataType === 'ROBOT_CALL_RECORD');
		const url = live.url('tanyi-callback-notify');
		const again = await stack.n8n.httpRequest('POST', url, delivery.payload);
		expect(again.status).toBe(200);
		expect(String(again.body).trim()).toBe('success');
		const forged = await stack.n8n.httpRequest('POST', url.replace(/token=[^&]+/, 'token=forged'), delivery.payload);
		expect(forged.status).toBe(401);
		await new Promise((r) => setTimeout(r, 2000));
		expect((await prepared.server.listExecutions({ workflowId: id })).length).toBe(before);
	});
});
