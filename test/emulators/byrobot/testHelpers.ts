/** A signed HTTP client for the Byrobot emulator's tests, independent of the package's own signing. */
import * as crypto from 'node:crypto';
import { type ByrobotSimulator, startByrobotSimulator } from '.';

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [20, 20, 20, 20, 20] });
		api = client(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
		sim.server.clearLog();
	});
}

/** an independent signer (does not reuse the emulator's code) */
export function sign(appKey: string, appSecret: string, datetime: string): string {
	return crypto.createHmac('sha1', Buffer.from(appSecret, 'utf8')).update(Buffer.from(`${appKey}\n${datetime}`, 'utf8')).digest('base64');
}

export interface Envelope {
	code: number;
	data: any;
	resultMsg: string;
	errorStackTrace: unknown;
	requestId?: unknown;
}

export interface CallOpts {
	datetime?: string;
	sign?: string;
	appkey?: string;
	omit?: Array<'appkey' | 'datetime' | 'sign'>;
	contentType?: string;
	method?: string;
	clock?: () => number;
}

export function client(sim: ByrobotSimulator) {
	const { appKey, appSecret } = sim.credentials;
	return async (method: string, path: string, bodyOrQuery?: Record<string, unknown>, o: CallOpts = {}): Promise<{ status: number; json: Envelope }> => {
		const datetime = o.datetime ?? new Date(o.clock ? o.clock() : Date.now()).toUTCString();
		const headers: Record<string, string> = {
			appkey: o.appkey ?? appKey,
			datetime,
			sign: o.sign ?? sign(appKey, appSecret, datetime),
		};
		for (const h of o.omit ?? []) delete headers[h];
		let url = `${sim.url}${path}`;
		let body: string | undefined;
		if (method === 'GET') {
			if (bodyOrQuery) url += `?${new URLSearchParams(Object.entries(bodyOrQuery).map(([k, v]) => [k, String(v)]) as [string, string][])}`;
		} else {
			headers['content-type'] = o.contentType ?? 'application/json';
			body = JSON.stringify(bodyOrQuery ?? {});
		}
		const res = await fetch(url, { method: o.method ?? method, headers, body });
		const text = await res.text();
		return { status: res.status, json: JSON.parse(text) as Envelope };
	};
}

export const V1 = '/openapi/v1';

export const goodTask = (over: Record<string, unknown> = {}) => ({
	companyId: 1001,
	taskName: '测试任务',
	taskType: 2,
	workingStartTime: '09:00',
	workingEndTime: '20:00',
	breakStartTime: '12:00',
	breakEndTime: '13:00',
	userPhoneIds: [201, 202],
	callType: 1,
	concurrencyQuota: 2,
	robotDefId: 301,
	sceneDefId: 401,
	sceneRecordId: 501,
	remark: 'r',
	...over,
});

export let sim: ByrobotSimulator;

export let api: ReturnType<typeof client>;

export async function createTask(over: Record<string, unknown> = {}): Promise<number> {
	const r = await api('POST', `${V1}/task/createTask`, goodTask(over));
	expect(r.json.resultMsg).toBe('操作成功');
	expect(r.json.code).toBe(200);
	expect(typeof r.json.data).toBe('number');
	return r.json.data as number;
}
