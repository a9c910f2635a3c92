/** What the Autodialer Callback Trigger's tests share: the emulator, the trigger runner, callback requests. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { AutodialerCallbackApi } from '../../../../credentials/AutodialerCallbackApi.credentials';
import { AutodialerCallbackTrigger } from '../../../../nodes/Autodialer/AutodialerCallbackTrigger.node';
import { callbackHook } from '../../../harness/callbackCredential';
import { type AutodialerSimulator, type CallResult, startAutodialerSimulator } from '../../../emulators/autodialer';
import type { WebhookRequestSpec } from '../../../harness';
import { nodeRunner } from '../../../harness/nodeRunner';
import { serveWebhook, type WebhookLoop } from '../../../harness/webhookServer';

export let sim: AutodialerSimulator;

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startAutodialerSimulator({ callsPerSecond: 0 });
	});
	afterAll(async () => sim.close());
	beforeEach(() => sim.reset());
}

export const SECRET = 'autodialer-secret-0123456789abcdef';

export const NODE_NAME = 'Webhook Trigger';

export const hangup = (over: Partial<CallResult> = {}): CallResult => ({
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

export function formEncode(payload: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(payload)) {
		if (value && typeof value === 'object') {
			for (const [k, v] of Object.entries(value)) params.append(`${key}[${k}]`, String(v));
		} else params.append(key, value === null || value === undefined ? '' : String(value));
	}
	return params.toString();
}

export function post(
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

/** the Autodialer Callback Trigger; its callback credential has the shared secret in the query */
export const callback = nodeRunner({
	node: () => new AutodialerCallbackTrigger(),
	extraCredentials: [{ type: () => new AutodialerCallbackApi(), data: () => ({ authMode: 'query', secret: SECRET }) }],
	name: NODE_NAME,
});

const credentialHook = callbackHook(callback, new AutodialerCallbackApi(), { authMode: 'query', secret: SECRET });

/** auth fields in `parameters` (authMode, secret, headerName, …) go into the callback credential */
export const hook = (request: WebhookRequestSpec, parameters: INodeParameters = {}, staticData?: IDataObject) =>
	credentialHook(request, parameters, { staticData });

/** A real HTTP server that hands every request to the node through runWebhook (one static data). */
export async function startLoop(parameters: INodeParameters, opts: { loseFirstAcks?: number } = {}): Promise<WebhookLoop> {
	const staticData: IDataObject = {};
	return serveWebhook((request) => hook(request, parameters, staticData), { loseFirstAcks: opts.loseFirstAcks, lostAck: 'drop' });
}
