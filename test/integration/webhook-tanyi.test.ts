/**
 * Tanyi Callback Trigger through n8n-core's WebhookContext (test/harness runWebhook): the
 * `success` acknowledgement, the shared secret, WeCom-style encrypted callbacks (checked with
 * the emulator's independent wecomEncrypt and with Tencent's published vector), de-duplication
 * in static data, the event filter, registering the URL, and a full loop where the Tanyi
 * emulator posts to a real local HTTP server that hands each request to the node.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';
import { TanyiCallbackTrigger } from '../../nodes/Tanyi/TanyiCallbackTrigger.node';
import {
	nodeStaticDataKey,
	runWebhook,
	runWebhookMethod,
	type RunWebhookResult,
	type WebhookRequestSpec,
} from '../harness';
import { serveWebhook, type WebhookLoop } from '../harness/webhookServer';
import { startTanyiSimulator, tanyiSignedHeaders, wecomEncrypt, wecomSignature, type TanyiSimulator } from '../emulators/tanyi';

const SECRET = 'tanyi-callback-secret-0123456789abcdef';
const TOKEN = 'tanyiCallbackToken';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NODE_NAME = 'Webhook Trigger';

const record = (over: IDataObject = {}): IDataObject => ({
	callRecordId: 45001,
	tenantId: 1,
	robotCallJobId: 1001,
	calledPhoneNumber: '13800138000',
	customerPersonName: '张三',
	resultStatus: 'ANSWERED',
	intentLevel: 'B',
	realIntentLevel: null,
	startTime: '2024-06-01 10:00:00',
	endTime: '2024-06-01 10:01:05',
	chatDuration: 65,
	chatRound: 4,
	fullAudioUrl: 'https://audio.invalid/1.wav',
	properties: { 楼盘名称: 'A' },
	callDetailList: [
		{ type: 'ROBOT', text: '您好', callDetailId: 1 },
		{ type: 'PERSON', text: '你好', callDetailId: 2 },
	],
	...over,
});
const callPayload = (over: IDataObject = {}) => ({ dataType: 'ROBOT_CALL_RECORD', data: record(over) });

function post(
	body: unknown,
	opts: { query?: Record<string, string>; headers?: Record<string, string>; contentType?: string } = {},
): WebhookRequestSpec {
	const contentType = opts.contentType ?? 'application/json';
	return {
		method: 'POST',
		path: '/callback',
		headers: { 'content-type': contentType, ...(opts.headers ?? {}) },
		query: opts.query ?? { token: SECRET },
		...(typeof body === 'string' ? { rawBody: Buffer.from(body, 'utf8') } : { body }),
	};
}

async function hook(
	request: WebhookRequestSpec,
	parameters: INodeParameters = {},
	extra: { staticData?: IDataObject; webhookName?: string; mode?: 'webhook' | 'manual' } = {},
): Promise<RunWebhookResult> {
	return runWebhook({
		nodeType: new TanyiCallbackTrigger(),
		credentialTypes: [new TanyiApi()],
		node: { type: 'tanyiCallbackTrigger', name: NODE_NAME, parameters: { authMode: 'query', secret: SECRET, ...parameters } },
		request,
		webhookName: extra.webhookName,
		staticData: extra.staticData,
		mode: extra.mode,
	});
}

const encryptedParams: INodeParameters = { authMode: 'encrypted', encryptionToken: TOKEN, encodingAesKey: AES_KEY };

function encryptedPost(message: string, opts: { token?: string; key?: string; tamper?: boolean; parsedXml?: boolean } = {}): WebhookRequestSpec {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const nonce = 'n0nce123';
	const { encrypt, msgSignature } = wecomEncrypt(message, opts.token ?? TOKEN, opts.key ?? AES_KEY, timestamp, nonce);
	const query = { msg_signature: opts.tamper ? msgSignature.replace(/^./, (c) => (c === '0' ? '1' : '0')) : msgSignature, timestamp, nonce };
	if (opts.parsedXml) {
		// what n8n's XML body parser makes of it (lower-cased tags, no arrays)
		return { method: 'POST', path: '/callback', headers: { 'content-type': 'application/xml' }, query, body: { xml: { encrypt } }, rawBody: Buffer.alloc(0) };
	}
	return post(`<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`, { query, contentType: 'application/xml' });
}

function emitted(result: RunWebhookResult): IDataObject[] | undefined {
	return result.response.workflowData?.[0]?.map((item) => item.json);
}

function expectAck(result: RunWebhookResult): void {
	expect(result.res.status).toBe(200);
	expect(result.res.body).toBe('success');
	expect(result.res.sentBy).toBe('node');
	expect(result.res.headers['content-type']).toMatch(/^text\/plain/);
	expect(result.response.noWebhookResponse).toBe(true);
}

function expectRejected(result: RunWebhookResult, status = 401): void {
	expect(result.res.status).toBe(status);
	expect(result.res.body).not.toBe('success');
	expect(result.response.noWebhookResponse).toBe(true);
	expect(result.response.workflowData).toBeUndefined();
}

describe('Tanyi Callback Trigger: plain JSON callbacks', () => {
	it('answers "success" and emits the raw {dataType, data} payload', async () => {
		const result = await hook(post(callPayload()));
		expectAck(result);
		expect(emitted(result)).toEqual([callPayload()]);
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
			customerName: '张三',
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 65,
			rounds: 4,
			startTime: '2024-06-01T10:00:00+08:00',
			endTime: '2024-06-01T10:01:05+08:00',
			recordingUrl: 'https://audio.invalid/1.wav',
			transcript: [
				{ speaker: 'bot', text: '您好' },
				{ speaker: 'customer', text: '你好' },
			],
		});
		expect((item.raw as IDataObject).callRecordId).toBe(45001);
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
			expect(emitted(result)).toEqual([body]);
		}
		// with only the job event selected, a call record is answered and dropped
		const onlyJobs = await hook(post(callPayload()), { events: ['ROBOT_CALL_JOB'] });
		expectAck(onlyJobs);
		expect(onlyJobs.response.workflowData).toBeUndefined();
	});
});

describe('Tanyi Callback Trigger: de-duplication', () => {
	it('starts one run for a record delivered twice, and remembers it in static data', async () => {
		const staticData: IDataObject = {};
		const first = await hook(post(callPayload()), {}, { staticData });
		expect(emitted(first)).toHaveLength(1);
		expect(first.staticDataChanged).toBe(true);
		expect(staticData[nodeStaticDataKey(NODE_NAME)]).toEqual({ dedup: { keys: ['tanyi:ROBOT_CALL_RECORD:45001'] } });

		const retry = await hook(post(callPayload()), {}, { staticData });
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();

		const other = await hook(post(callPayload({ callRecordId: 45002 })), {}, { staticData });
		expect(emitted(other)).toHaveLength(1);
		// a job-completed event with the same id space is a different key
		const job = await hook(
			post({ dataType: 'ROBOT_CALL_JOB', data: { robotCallJobId: 45001, status: 'COMPLETED' } }),
			{ events: ['ROBOT_CALL_JOB'] },
			{ staticData },
		);
		expect(emitted(job)).toHaveLength(1);
	});

	it('keeps only the newest keys (bounded memory)', async () => {
		const staticData: IDataObject = {};
		for (let id = 1; id <= 15; id++) {
			const result = await hook(post(callPayload({ callRecordId: id })), { options: { dedupMemory: 10 } }, { staticData });
			expect(emitted(result)).toHaveLength(1);
		}
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toHaveLength(10);
		expect(keys[0]).toBe('tanyi:ROBOT_CALL_RECORD:6');
		expect(keys[9]).toBe('tanyi:ROBOT_CALL_RECORD:15');
		// id 15 is remembered, id 1 was forgotten
		expect((await hook(post(callPayload({ callRecordId: 15 })), { options: { dedupMemory: 10 } }, { staticData })).response.workflowData).toBeUndefined();
		expect(emitted(await hook(post(callPayload({ callRecordId: 1 })), { options: { dedupMemory: 10 } }, { staticData }))).toHaveLength(1);
	});

	it('default memory is 2,000 keys', async () => {
		const staticData: IDataObject = {
			[nodeStaticDataKey(NODE_NAME)]: { dedup: { keys: Array.from({ length: 2000 }, (_, i) => `tanyi:ROBOT_CALL_RECORD:${i}`) } },
		};
		await hook(post(callPayload({ callRecordId: 999999 })), {}, { staticData });
		const keys = (staticData[nodeStaticDataKey(NODE_NAME)] as { dedup: { keys: string[] } }).dedup.keys;
		expect(keys).toHaveLength(2000);
		expect(keys[0]).toBe('tanyi:ROBOT_CALL_RECORD:1');
		expect(keys[1999]).toBe('tanyi:ROBOT_CALL_RECORD:999999');
	});

	it('runs twice when de-duplication is off', async () => {
		const staticData: IDataObject = {};
		const options = { options: { deduplicate: false } };
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
		expect(emitted(await hook(post(callPayload()), options, { staticData }))).toHaveLength(1);
	});
});

describe('Tanyi Callback Trigger: encrypted callbacks (WeCom style)', () => {
	it('verifies and decrypts an XML callback built by the emulator', async () => {
		const payload = callPayload({ customerPersonName: '李四 · 测试' });
		const result = await hook(encryptedPost(JSON.stringify(payload)), encryptedParams);
		expectAck(result);
		expect(emitted(result)).toEqual([payload]);
	});

	it('also reads the body as n8n parses XML ({xml: {encrypt}})', async () => {
		const result = await hook(encryptedPost(JSON.stringify(callPayload()), { parsedXml: true }), { ...encryptedParams, simplify: true });
		expectAck(result);
		expect(emitted(result)![0]).toMatchObject({ vendor: 'tanyi', callId: '45001', intentLevel: 'B' });
	});

	it('refuses a bad msg_signature, a wrong token and a missing signature with 401', async () => {
		const message = JSON.stringify(callPayload());
		expectRejected(await hook(encryptedPost(message, { tamper: true }), encryptedParams));
		expectRejected(await hook(encryptedPost(message, { token: 'someoneElse' }), encryptedParams));
		const unsigned = encryptedPost(message);
		unsigned.query = { timestamp: '1', nonce: 'x' };
		expectRejected(await hook(unsigned, encryptedParams));
		// a plain JSON body (no Encrypt) is refused in encrypted mode even with the query secret
		expectRejected(await hook(post(callPayload()), encryptedParams));
	});

	it('answers 400 when the signature is right but the EncodingAESKey does not fit', async () => {
		const otherKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
		const result = await hook(encryptedPost(JSON.stringify(callPayload()), { key: otherKey }), encryptedParams);
		expectRejected(result, 400);
	});

	it('echoes the decrypted echostr for the URL verification GET', async () => {
		const timestamp = '1717200000';
		const nonce = 'abc';
		const { encrypt, msgSignature } = wecomEncrypt('echo-123456', TOKEN, AES_KEY, timestamp, nonce);
		const request: WebhookRequestSpec = {
			method: 'GET',
			path: '/callback',
			headers: {},
			query: { msg_signature: msgSignature, timestamp, nonce, echostr: encrypt },
		};
		const result = await hook(request, encryptedParams, { webhookName: 'setup' });
		expect(result.res.status).toBe(200);
		expect(result.res.body).toBe('echo-123456');
		expect(result.response.workflowData).toBeUndefined();

		const forged = await hook({ ...request, query: { ...request.query, msg_signature: wecomSignature('x', timestamp, nonce, encrypt) } }, encryptedParams, {
			webhookName: 'setup',
		});
		expectRejected(forged);
	});

	it("decrypts Tencent's published verification vector", async () => {
		// WeCom developer documentation sample (token QDG6eK), echostr → "1616140317555161061"
		const result = await hook(
			{
				method: 'GET',
				path: '/callback',
				headers: {},
				query: {
					msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
					timestamp: '1409659589',
					nonce: '263014780',
					echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
				},
			},
			{ authMode: 'encrypted', encryptionToken: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' },
			{ webhookName: 'setup' },
		);
		expect(result.res.status).toBe(200);
		expect(result.res.body).toBe('1616140317555161061');
	});

	it('a GET in secret mode only answers with the right secret', async () => {
		const ok = await hook({ method: 'GET', path: '/callback', headers: {}, query: { token: SECRET } }, {}, { webhookName: 'setup' });
		expect(ok.res.status).toBe(200);
		expect(ok.res.body).toBe('success');
		expect(ok.response.workflowData).toBeUndefined();
		expectRejected(await hook({ method: 'GET', path: '/callback', headers: {}, query: {} }, {}, { webhookName: 'setup' }));
	});
});

// ---------------------------------------------------------------------------------------------
// Against the emulator
// ---------------------------------------------------------------------------------------------

let sim: TanyiSimulator;

beforeAll(async () => {
	sim = await startTanyiSimulator({ callsPerSecond: 0, callbackRetryDelaysMs: [20, 20, 20, 20] });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.server.clearLog();
});

async function createJob(): Promise<number> {
	const res = await fetch(`${sim.url}/job/create`, {
		method: 'POST',
		headers: tanyiSignedHeaders(sim.credentials),
		body: JSON.stringify({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: {
				name: 'Webhook loop',
				mode: 'MANUAL',
				dailyStartTime: '09:00',
				dailyEndTime: '20:00',
				dialogFlowId: 2,
				robotCount: 2,
				phoneType: 'LANDLINE',
			},
		}),
	});
	const json = (await res.json()) as { code: number; data: { robotCallJobId: number } };
	expect(json.code).toBe(200);
	return json.data.robotCallJobId;
}

/** A real HTTP server that hands every request to the node through runWebhook (one static data). */
async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, { staticData, webhookName: request.method === 'GET' ? 'setup' : 'default' }), { loseFirstAcks: opts.loseFirstAcks, lostAck: { status: 502, body: 'bad gateway' } });
}

describe('Tanyi Callback Trigger: full loop with the emulator', () => {
	it('each call record starts one run and the emulator stops at the first "success"', async () => {
		const loop = await startLoop({ simplify: true });
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			const records = sim.addCallRecords(jobId, [{ calledPhoneNumber: '13900000001' }, { calledPhoneNumber: '13900000002' }]);
			await sim.flushCallbacks();
			expect(sim.callbackDeliveries).toHaveLength(2);
			for (const d of sim.callbackDeliveries) {
				expect(d.state).toBe('delivered');
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			// deliveries run concurrently: compare as sets
			expect(loop.runs.map((r) => r[0].callId).sort()).toEqual(records.map((r) => String(r.callRecordId)).sort());
			expect(loop.runs.find((r) => r[0].phone === '13900000001')?.[0]).toMatchObject({ vendor: 'tanyi', jobId: String(jobId) });

			// a forged copy without the secret is refused and starts nothing
			const forged = await fetch(loop.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(sim.callbackDeliveries[0].payload),
			});
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(2);
		} finally {
			await loop.close();
		}
	});

	it('a lost acknowledgement makes the emulator retry, and the retry starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			sim.addCallRecords(jobId, [{}]);
			await sim.flushCallbacks();
			const [delivery] = sim.callbackDeliveries;
			expect(delivery.state).toBe('delivered');
			expect(delivery.attempts.map((a) => a.status)).toEqual([502, 200]);
			expect(loop.runs).toHaveLength(1);
			expect(loop.statuses).toEqual([200, 200]);
		} finally {
			await loop.close();
		}
	});

	it('encrypted mode: URL verification, then decrypted call records; forged copies refused', async () => {
		const loop = await startLoop(encryptedParams);
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(loop.url, { encrypted: { token: TOKEN, encodingAesKey: AES_KEY } });
			const check = await sim.verifyCallbackUrl();
			expect(check).toMatchObject({ ok: true, status: 200 });
			expect(check.body).toBe(check.expected);

			const [created] = sim.addCallRecords(jobId, [{ customerPersonName: '王五' }]);
			await sim.flushCallbacks();
			const [delivery] = sim.callbackDeliveries;
			expect(delivery).toMatchObject({ encrypted: true, state: 'delivered' });
			expect(delivery.attempts).toHaveLength(1);
			expect(loop.runs).toHaveLength(1);
			expect(loop.runs[0][0]).toMatchObject({ dataType: 'ROBOT_CALL_RECORD', data: { callRecordId: created.callRecordId, customerPersonName: '王五' } });

			// the same plaintext signed with another token
			const timestamp = String(Math.floor(Date.now() / 1000));
			const { encrypt, msgSignature } = wecomEncrypt(JSON.stringify(delivery.payload), 'attacker', AES_KEY, timestamp, 'n');
			const forged = await fetch(`${loop.url}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=n`, {
				method: 'POST',
				headers: { 'content-type': 'application/xml' },
				body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
			});
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});

describe('Tanyi Callback Trigger: Register Callback URL', () => {
	const method = (parameters: INodeParameters, which: 'checkExists' | 'create' | 'delete', mode: 'trigger' | 'manual' = 'trigger') =>
		runWebhookMethod({
			nodeType: new TanyiCallbackTrigger(),
			credentialTypes: [new TanyiApi()],
			credentials: { tanyiApi: { ...sim.credentials } },
			node: { type: 'tanyiCallbackTrigger', name: NODE_NAME, parameters: { authMode: 'query', secret: SECRET, ...parameters } },
			method: which,
			mode,
		});

	it('sets the account callback URL (with the secret) on activation when turned on', async () => {
		expect((await method({ registerCallbackUrl: true }, 'checkExists')).result).toBe(false);
		const created = await method({ registerCallbackUrl: true }, 'create');
		expect(created.result).toBe(true);
		const requests = sim.server.requests('/isv/updateIsvInfo');
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toEqual({ tenantSign: sim.credentials.tenantSign, callbackUrl: `${created.webhookUrl}?token=${SECRET}` });
		expect(sim.state.callbackUrl).toBe(`${created.webhookUrl}?token=${SECRET}`);
		expect(created.webhookUrl).toMatch(/^http:\/\/localhost:5678\/webhook\/harness-webhook-id\/callback$/);
		expect((await method({ registerCallbackUrl: true }, 'delete')).result).toBe(true);
	});

	it('does nothing when off (the default) or for a test run', async () => {
		expect((await method({}, 'create')).result).toBe(true);
		expect((await method({ registerCallbackUrl: true }, 'create', 'manual')).result).toBe(true);
		expect(sim.server.requests('/isv/updateIsvInfo')).toHaveLength(0);
		expect(sim.state.callbackUrl).toBeNull();
	});

	it('registers the bare URL in encrypted mode and reports a vendor refusal', async () => {
		const created = await method({ registerCallbackUrl: true, ...encryptedParams }, 'create');
		expect(sim.state.callbackUrl).toBe(created.webhookUrl);
		await expect(
			runWebhookMethod({
				nodeType: new TanyiCallbackTrigger(),
				credentialTypes: [new TanyiApi()],
				credentials: { tanyiApi: { ...sim.credentials, tenantSign: 'someone-else' } },
				node: { type: 'tanyiCallbackTrigger', name: NODE_NAME, parameters: { registerCallbackUrl: true, secret: SECRET } },
				method: 'create',
			}),
		).rejects.toThrow(/Tanyi/);
	});
});
