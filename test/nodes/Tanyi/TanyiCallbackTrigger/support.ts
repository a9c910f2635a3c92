/** What the Tanyi Callback Trigger's tests share: the emulator, the trigger runner, callback requests. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../../../credentials/TanyiApi.credentials';
import { TanyiCallbackApi } from '../../../../credentials/TanyiCallbackApi.credentials';
import { TanyiCallbackTrigger } from '../../../../nodes/Tanyi/TanyiCallbackTrigger.node';
import { formatCst } from '../../../emulators/shared/http';
import { callbackHook } from '../../../harness/callbackCredential';
import { startTanyiSimulator, tanyiSignedHeaders, type TanyiSimulator, wecomEncrypt } from '../../../emulators/tanyi';
import type { WebhookRequestSpec } from '../../../harness';
import { nodeRunner } from '../../../harness/nodeRunner';
import { serveWebhook, type WebhookLoop } from '../../../harness/webhookServer';

export let sim: TanyiSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startTanyiSimulator({ callsPerSecond: 0, callbackRetryDelaysMs: [20, 20, 20, 20] });
	});
	afterAll(async () => sim.close());
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
	});
}

export const SECRET = 'tanyi-callback-secret-0123456789abcdef';

export const TOKEN = 'tanyiCallbackToken';

export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export const NODE_NAME = 'Webhook Trigger';

/** when the fixture call ended: a minute before the tests start */
export const ENDED = Math.floor((Date.now() - 60_000) / 1000) * 1000;

export const record = (over: IDataObject = {}): IDataObject => ({
	callRecordId: 45001,
	tenantId: 1,
	robotCallJobId: 1001,
	calledPhoneNumber: '13800138000',
	customerPersonName: '张三',
	resultStatus: 'ANSWERED',
	intentLevel: 'B',
	realIntentLevel: null,
	// a call that ended a minute ago (the trigger refuses callbacks older than its Max Callback Age)
	startTime: formatCst(ENDED - 65_000),
	endTime: formatCst(ENDED),
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

export const callPayload = (over: IDataObject = {}) => ({ dataType: 'ROBOT_CALL_RECORD', data: record(over) });

export function post(
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

/** the Tanyi Callback Trigger; its callback credential has the shared secret in the query */
export const callback = nodeRunner({
	node: () => new TanyiCallbackTrigger(),
	credential: () => new TanyiApi(),
	credentials: () => sim.credentials,
	extraCredentials: [{ type: () => new TanyiCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
	name: NODE_NAME,
});

/** auth fields in `parameters` (authMode, secret, token, encodingAesKey, …) go into the callback credential */
export const hook = callbackHook(callback, new TanyiCallbackApi(), { authMode: 'query', secret: SECRET });

export const encryptedParams: INodeParameters = { authMode: 'encrypted', token: TOKEN, encodingAesKey: AES_KEY };

export function encryptedPost(
	message: string,
	opts: { token?: string; key?: string; tamper?: boolean; parsedXml?: boolean; timestamp?: number; urlEncoded?: boolean } = {},
): WebhookRequestSpec {
	const timestamp = String(opts.timestamp ?? Date.now()); // milliseconds, as yiwise/callbackdemo signs
	const nonce = 'n0nce123';
	const { encrypt, msgSignature } = wecomEncrypt(message, opts.token ?? TOKEN, opts.key ?? AES_KEY, timestamp, nonce);
	const query = { msg_signature: opts.tamper ? msgSignature.replace(/^./, (c) => (c === '0' ? '1' : '0')) : msgSignature, timestamp, nonce };
	if (opts.parsedXml) {
		// what n8n's XML body parser makes of it (lower-cased tags, no arrays)
		return { method: 'POST', path: '/callback', headers: { 'content-type': 'application/xml' }, query, body: { xml: { encrypt } }, rawBody: Buffer.alloc(0) };
	}
	// urlEncoded: as the vendor's demo sender puts it into the XML (URLEncoder.encode after signing)
	const inXml = opts.urlEncoded ? encodeURIComponent(encrypt) : encrypt;
	return post(`<xml><Encrypt><![CDATA[${inXml}]]></Encrypt></xml>`, { query, contentType: 'application/xml' });
}

export async function createJob(): Promise<number> {
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
export async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, { staticData, webhookName: request.method === 'GET' ? 'setup' : 'default' }), {
		loseFirstAcks: opts.loseFirstAcks,
		lostAck: { status: 502, body: 'bad gateway' },
	});
}
