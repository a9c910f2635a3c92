/**
 * Autodialer Callback Trigger through n8n-core's WebhookContext (test/harness runWebhook): the
 * inferred hang-up notification as JSON or form, de-duplication on call_id, the call-status
 * filter, the secret in query or header, and a full loop with the Autodialer emulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { AutodialerCallbackTrigger } from '../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { nodeStaticDataKey, runWebhook, type RunWebhookResult, type WebhookRequestSpec } from '../harness';
import { serveWebhook, type WebhookLoop } from '../harness/webhookServer';
import { startAutodialerSimulator, type AutodialerSimulator, type CallResult } from '../emulators/autodialer';

const SECRET = 'autodialer-secret-0123456789abcdef';
const NODE_NAME = 'Webhook Trigger';

const hangup = (over: Partial<CallResult> = {}): CallResult => ({
	call_id: '0b6f7a52-1c1e-4f43-9d7e-1a2b3c4d5e6f',
	task_uuid: '9e2d6a10-5b3c-4f1e-8a7b-0c9d8e7f6a5b',
	number: '13800138000',
	name: '张三',
	variables: { 欠款金额: '100', city: 'Hangzhou' },
	status: 1,
	status_label: 'success',
	duration: 37,
	answered_at: '2024-06-01 10:00:05',
	hangup_at: '2024-06-01 10:00:42',
	record_url: 'https://rec.invalid/a.wav',
	...over,
});

function formEncode(payload: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(payload)) {
		if (value && typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) params.append(`${key}[${k}]`, String(v));
		} else params.append(key, value === null || value === undefined ? '' : String(value));
	}
	return params.toString();
}

function post(
	body: Record<string, unknown> | string,
	opts: { form?: boolean; query?: Record<string, string>; headers?: Record<string, string> } = {},
): WebhookRequestSpec {
	const text = typeof body === 'string' ? body : opts.form ? formEncode(body) : JSON.stringify(body);
	return {
		method: 'POST',
		path: '/callback',
		headers: { 'content-type': opts.form ? 'application/x-www-form-urlencoded' : 'application/json', ...(opts.headers ?? {}) },
		query: opts.query ?? { token: SECRET },
		rawBody: Buffer.from(text, 'utf8'),
	};
}

async function hook(request: WebhookRequestSpec, parameters: INodeParameters = {}, staticData?: IDataObject): Promise<RunWebhookResult> {
	return runWebhook({
		nodeType: new AutodialerCallbackTrigger(),
		credentialTypes: [],
		node: { type: 'autodialerCallbackTrigger', name: NODE_NAME, parameters: { authMode: 'query', secret: SECRET, ...parameters } },
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

describe('Autodialer Callback Trigger', () => {
	it('answers "success" and emits a JSON hang-up notification as received', async () => {
		const result = await hook(post(hangup() as unknown as Record<string, unknown>));
		expectAck(result);
		expect(emitted(result)).toEqual([hangup()]);
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

	it('de-duplicates on call_id', async () => {
		const staticData: IDataObject = {};
		const body = hangup() as unknown as Record<string, unknown>;
		expect(emitted(await hook(post(body), {}, staticData))).toHaveLength(1);
		const retry = await hook(post(body, { form: true }), {}, staticData);
		expectAck(retry);
		expect(retry.response.workflowData).toBeUndefined();
		expect(emitted(await hook(post({ ...body, call_id: 'another' }), {}, staticData))).toHaveLength(1);
		expect(staticData[nodeStaticDataKey(NODE_NAME)]).toEqual({ dedup: { keys: [`autodialer:${hangup().call_id}`, 'autodialer:another'] } });
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

// ---------------------------------------------------------------------------------------------
// Full loop against the emulator
// ---------------------------------------------------------------------------------------------

let sim: AutodialerSimulator;

beforeAll(async () => {
	sim = await startAutodialerSimulator({ callsPerSecond: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => sim.reset());

/** A real HTTP server that hands every request to the node through runWebhook (one static data). */
async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, staticData), { loseFirstAcks: opts.loseFirstAcks, lostAck: 'drop' });
}

describe('Autodialer Callback Trigger: full loop with the emulator', () => {
	it('JSON and form notifications each start one run; the emulator stops at "success"; forged copies fail', async () => {
		const loop = await startLoop({ authMode: 'header', headerName: 'X-Dialer-Secret', simplify: true });
		try {
			const opts = { headers: { 'X-Dialer-Secret': SECRET }, retryDelaysMs: [10, 10] };
			const a = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-a' }), opts);
			const b = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-b', status: 8, status_label: 'busy', duration: 0, answered_at: null }), {
				...opts,
				form: true,
			});
			for (const d of [a, b]) {
				expect(d.delivered).toBe(true);
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			expect(loop.runs.map((r) => r[0])).toMatchObject([
				{ callId: 'call-a', status: 'answered', durationSeconds: 37 },
				{ callId: 'call-b', status: 'busy', durationSeconds: 0, startTime: null },
			]);
			const forged = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-c' }), { headers: { 'X-Dialer-Secret': 'guess' }, retryDelaysMs: [] });
			expect(forged.delivered).toBe(false);
			expect(forged.attempts[0].status).toBe(401);
			expect(loop.runs).toHaveLength(2);
		} finally {
			await loop.close();
		}
	});

	it('a dropped answer is retried by the emulator and starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const d = await sim.sendHangupCallback(`${loop.url}?token=${SECRET}`, hangup({ call_id: 'call-r' }), { form: true, retryDelaysMs: [10, 10] });
			expect(d.delivered).toBe(true);
			expect(d.attempts).toHaveLength(2);
			expect(d.attempts[0].error).toBeDefined();
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});
