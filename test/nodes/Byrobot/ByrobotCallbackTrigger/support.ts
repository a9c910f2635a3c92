/** What the Byrobot Callback Trigger's tests share: the emulator, the trigger runner, callback requests. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import * as crypto from 'node:crypto';
import { ByrobotCallbackApi } from '../../../../credentials/ByrobotCallbackApi.credentials';
import { ByrobotCallbackTrigger } from '../../../../nodes/Byrobot/ByrobotCallbackTrigger.node';
import { formatCst } from '../../../emulators/shared/http';
import { callbackHook } from '../../../harness/callbackCredential';
import { BYROBOT_INTENT_NAME, type ByrobotSimulator, startByrobotSimulator } from '../../../emulators/byrobot';
import type { WebhookRequestSpec } from '../../../harness';
import { nodeRunner } from '../../../harness/nodeRunner';
import { serveWebhook, type WebhookLoop } from '../../../harness/webhookServer';

export let sim: ByrobotSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 3, callbackRetryDelaysMs: [20, 20, 20, 20] });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
	});
}

export const SECRET = 'byrobot-callback-secret-0123456789';

export const NODE_NAME = 'Webhook Trigger';

/** when the fixture call ended: a minute before the tests start */
export const ENDED = Math.floor((Date.now() - 60_000) / 1000) * 1000;

export const sceneInstance = (over: IDataObject = {}): IDataObject => ({
	callInstanceId: 880001,
	companyId: 1001,
	callJobId: 5001,
	customerTelephone: '13800138000',
	customerName: '张三',
	status: 2,
	finishStatus: 0,
	duration: 42,
	chatRound: 5,
	// a call that ended a minute ago (the trigger refuses callbacks older than its Max Callback Age)
	startTime: formatCst(ENDED - 42_000),
	endTime: formatCst(ENDED),
	luyinOssUrl: 'https://audio.invalid/a.wav',
	secondaryCallTimes: 0,
	...over,
});

export const callData = (over: IDataObject = {}): IDataObject => ({
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

export const envelope = (dataType: string, data: IDataObject) => ({ code: 200, data: { dataType, data }, resultMsg: '成功', errorStackTrace: null });

export const manualEdit = (value = 'B级(一般)', id = 880001) =>
	envelope('CALL_INSTANCE_RESULT', { taskResult: [{ companyId: 1001, sceneInstanceId: id, resultName: BYROBOT_INTENT_NAME, resultValue: value }] });

export function post(body: unknown, opts: { query?: Record<string, string>; headers?: Record<string, string>; contentType?: string } = {}): WebhookRequestSpec {
	return {
		method: 'POST',
		path: '/callback',
		headers: { 'content-type': opts.contentType ?? 'application/json;charset=utf-8', ...(opts.headers ?? {}) },
		query: opts.query ?? { token: SECRET },
		rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8'),
	};
}

/** the Byrobot Callback Trigger; its callback credential has the shared secret in the query */
export const callback = nodeRunner({
	node: () => new ByrobotCallbackTrigger(),
	extraCredentials: [{ type: () => new ByrobotCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
	name: NODE_NAME,
});

const credentialHook = callbackHook(callback, new ByrobotCallbackApi(), { authMode: 'query', secret: SECRET });

/** auth fields in `parameters` (authMode, secret, headerName, …) go into the callback credential */
export const hook = (request: WebhookRequestSpec, parameters: INodeParameters = {}, staticData?: IDataObject) =>
	credentialHook(request, parameters, { staticData });

/** creates a task through the signed API (independent HMAC-SHA1 signer) */
export async function createTask(): Promise<number> {
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
export async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, staticData), { loseFirstAcks: opts.loseFirstAcks, lostAck: { status: 504, body: 'gateway timeout' } });
}
