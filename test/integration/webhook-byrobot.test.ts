/**
 * Byrobot Callback Trigger through n8n-core's WebhookContext (test/harness runWebhook): the
 * `{code, data: {dataType, data}}` envelope as JSON or text/plain, manual intent edits,
 * de-duplication on callInstanceId + secondaryCallTimes, the event filter, the secret, and a
 * full loop where the Byrobot emulator posts to a real local HTTP server.
 */
import * as crypto from 'node:crypto';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { ByrobotCallbackTrigger } from '../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { nodeStaticDataKey, runWebhook, type RunWebhookResult, type WebhookRequestSpec } from '../harness';
import { serveWebhook, type WebhookLoop } from '../harness/webhookServer';
import { BYROBOT_INTENT_NAME, startByrobotSimulator, type ByrobotSimulator } from '../emulators/byrobot';

const SECRET = 'byrobot-callback-secret-0123456789';
const NODE_NAME = 'Webhook Trigger';

const sceneInstance = (over: IDataObject = {}): IDataObject => ({
	callInstanceId: 880001,
	companyId: 1001,
	callJobId: 5001,
	customerTelephone: '13800138000',
	customerName: '张三',
	status: 2,
	finishStatus: 0,
	duration: 42,
	chatRound: 5,
	startTime: '2024-06-01 10:00:00',
	endTime: '2024-06-01 10:00:42',
	luyinOssUrl: 'https://audio.invalid/a.wav',
	secondaryCallTimes: 0,
	...over,
});

const callData = (over: IDataObject = {}): IDataObject => ({
	sceneInstance: sceneInstance(over),
	taskResult: [{ resultName: BYROBOT_INTENT_NAME, resultValue: 'A级(较强)', analyzeType: 'BY_ANALYZE_USER_LEVEL' }],
	phoneLog: {
		luyinOssUrl: 'https://audio.invalid/a.wav',
		phoneLogs: [
			{ speaker: 'AI', content: '您好' },
			{ speaker: 'ME', content: '嗯' },
		],
	},
});

const envelope = (dataType: string, data: IDataObject) => ({ code: 200, data: { dataType, data }, resultMsg: '成功', errorStackTrace: null });
const manualEdit = (value = 'B级(一般)', id = 880001) =>
	envelope('CALL_INSTANCE_RESULT', { taskResult: [{ companyId: 1001, sceneInstanceId: id, resultName: BYROBOT_INTENT_NAME, resultValue: value }] });

function post(body: unknown, opts: { query?: Record<string, string>; headers?: Record<string, string>; contentType?: string } = {}): WebhookRequestSpec {
	return {
		method: 'POST',
		path: '/callback',
		headers: { 'content-type': opts.contentType ?? 'application/json;charset=utf-8', ...(opts.headers ?? {}) },
		query: opts.query ?? { token: SECRET },
		rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
	};
}

async function hook(request: WebhookRequestSpec, parameters: INodeParameters = {}, staticData?: IDataObject): Promise<RunWebhookResult> {
	return runWebhook({
		nodeType: new ByrobotCallbackTrigger(),
		credentialTypes: [],
		node: { type: 'byrobotCallbackTrigger', name: NODE_NAME, parameters: { authMode: 'query', secret: SECRET, ...parameters } },
		request,
		staticData,
	});
}

const emitted = (result: RunWebhookResult): IDataObject[] | undefined => result.response.workflowData?.[0]?.map((item) => item.json);

function expectAck(result: RunWebhookResult): void {
	expect(result.res.status).toBe(200);
	expect(result.res.body).toBe('success');
	expect(result.res.sentBy).toBe('node');
	expect(result.response.noWebhookResponse).toBe(true);
}

function expectRejected(result: RunWebhookResult, status = 401): void {
	expect(result.res.status).toBe(status);
	expect(result.res.body).not.toBe('success');
	expect(result.response.workflowData).toBeUndefined();
}

describe('Byrobot Callback Trigger', () => {
	it('answers "success" and emits {dataType, data} of a finished call (JSON)', async () => {
		const result = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())));
		expectAck(result);
		expect(emitted(result)).toEqual([{ dataType: 'CALL_INSTANCE_RESULT', data: callData() }]);
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
			startTime: '2024-06-01T10:00:00+08:00',
			endTime: '2024-06-01T10:00:42+08:00',
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
		expect(emitted(raw)).toEqual([manualEdit().data]);
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
		expect(emitted(await hook(post(job), { events: ['JOB_INFO_RESULT'] }))).toEqual([job.data]);
		expect(emitted(await hook(post(unknown), { events: ['other'] }))).toEqual([unknown.data]);
		const inbound = await hook(post(envelope('INBOUND_CALL_INSTANCE_RESULT', callData({ callInstanceId: 990001 }))), { simplify: true });
		expect(emitted(inbound)?.[0]).toMatchObject({ callId: '990001', status: 'answered' });
		// a call event while only task events are wanted
		const onlyJobs = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), { events: ['JOB_INFO_RESULT'] });
		expectAck(onlyJobs);
		expect(onlyJobs.response.workflowData).toBeUndefined();
	});

	it('de-duplicates on callInstanceId + secondaryCallTimes; a redial runs again', async () => {
		const staticData: IDataObject = {};
		expect(emitted(await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData))).toHaveLength(1);
		const retry = await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData);
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
		const redial = await hook(
			post(envelope('CALL_INSTANCE_RESULT', callData({ secondaryCallTimes: 1, endTime: '2024-06-01 11:00:42' }))),
			{},
			staticData,
		);
		expect(emitted(redial)).toHaveLength(1);
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toEqual([
			'byrobot:CALL_INSTANCE_RESULT:880001:0:2024-06-01 10:00:42',
			'byrobot:CALL_INSTANCE_RESULT:880001:1:2024-06-01 11:00:42',
		]);
		// manual edits: the same edit once, a different value again
		expect(emitted(await hook(post(manualEdit('B级(一般)')), {}, staticData))).toHaveLength(1);
		expect((await hook(post(manualEdit('B级(一般)')), {}, staticData)).response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(manualEdit('A级(较强)')), {}, staticData))).toHaveLength(1);
	});

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
});

// ---------------------------------------------------------------------------------------------
// Full loop against the emulator
// ---------------------------------------------------------------------------------------------

let sim: ByrobotSimulator;

beforeAll(async () => {
	sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 3, callbackRetryDelaysMs: [20, 20, 20, 20] });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.setCallbackUrl(undefined);
});

/** creates a task through the signed API (independent HMAC-SHA1 signer) */
async function createTask(): Promise<number> {
	const { appKey, appSecret } = sim.credentials;
	const datetime = new Date().toUTCString();
	const sign = crypto.createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`).digest('base64');
	const res = await fetch(`${sim.url}/openapi/v1/task/createTask`, {
		method: 'POST',
		headers: { appkey: appKey, datetime, sign, 'content-type': 'application/json' },
		body: JSON.stringify({
			companyId: 1001,
			taskName: 'webhook loop',
			taskType: 2,
			workingStartTime: '09:00',
			workingEndTime: '20:00',
			breakStartTime: '12:00',
			breakEndTime: '13:00',
			userPhoneIds: [201],
			callType: 1,
			concurrencyQuota: 1,
			robotDefId: 301,
			sceneDefId: 401,
			sceneRecordId: 501,
		}),
	});
	const json = (await res.json()) as { code: number; data: number };
	expect(json.code).toBe(200);
	return json.data;
}

/** A real HTTP server that hands every request to the node through runWebhook (one static data). */
async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, staticData), { loseFirstAcks: opts.loseFirstAcks, lostAck: { status: 504, body: 'gateway timeout' } });
}

describe('Byrobot Callback Trigger: full loop with the emulator (text/plain callbacks)', () => {
	it('finished calls and a manual edit each start one run; the emulator sees "success" once each', async () => {
		const loop = await startLoop({ simplify: true });
		try {
			const taskId = await createTask();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`, { textPlain: true });
			const calls = sim.addCallRecords(taskId, [
				{ customerTelephone: '13900000001', finishStatus: 0, intent: 'A级(较强)' },
				{ customerTelephone: '13900000002', finishStatus: 8, intent: '' },
			]);
			sim.sendManualIntentEdit(calls[0].callInstanceId, 'D级(很少)');
			await sim.flushCallbacks({ skipDelays: true });
			const mine = sim.callbackDeliveries.filter((d) => d.dataType === 'CALL_INSTANCE_RESULT');
			expect(mine).toHaveLength(3);
			for (const d of mine) {
				expect(d.contentType).toMatch(/^text\/plain/);
				expect(d.state).toBe('delivered');
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			const items = loop.runs.map((r) => r[0]);
			expect(items).toHaveLength(3);
			// deliveries run concurrently: match by content, not arrival order
			expect(items.find((i) => i.phone === '13900000001')).toMatchObject({
				callId: String(calls[0].callInstanceId),
				status: 'answered',
				intentLevel: 'A',
			});
			expect(items.find((i) => i.phone === '13900000002')).toMatchObject({ callId: String(calls[1].callInstanceId), status: 'no_answer' });
			expect(items.find((i) => i.phone === null)).toMatchObject({ callId: String(calls[0].callInstanceId), intentLevel: 'D', status: 'unknown' });

			const forged = await fetch(loop.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(mine[0].payload) });
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(3);
		} finally {
			await loop.close();
		}
	});

	it('a lost acknowledgement is retried by the emulator and starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const taskId = await createTask();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			sim.addCallRecords(taskId, [{ customerTelephone: '13900000003' }]);
			await sim.flushCallbacks({ skipDelays: true });
			const [delivery] = sim.callbackDeliveries.filter((d) => d.dataType === 'CALL_INSTANCE_RESULT');
			expect(delivery.state).toBe('delivered');
			expect(delivery.attempts.map((a) => a.status)).toEqual([504, 200]);
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});
