/** A signed HTTP client for the Tanyi emulator's tests, independent of the package's own signing. */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTanyiSimulator, type TanyiSimOptions, type TanyiSimulator } from '.';

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeEach(async () => {
		sim = await startTanyiSimulator(opts);
	});
	afterEach(async () => {
		await sim.close();
	});
}

export interface Envelope<T = any> {
	code: number;
	data: T;
	requestId: string;
	resultMsg: string;
	errorStackTrace: null;
}

/** signing written independently of the emulator (VENDORS.md §1) */
export function sign(creds: { appKey: string; appSecret: string; tenantSign: string }, timestamp: string): string {
	return crypto
		.createHash('sha256')
		.update(
			`${creds.tenantSign}appKey=${creds.appKey}&appSecret=${creds.appSecret}&tenantSign=${creds.tenantSign}&version=v1&timestamp=${timestamp}`,
		)
		.digest('hex');
}

export function headersFor(sim: TanyiSimulator, now = Date.now()): Record<string, string> {
	const ts = String(now);
	return {
		appKey: sim.credentials.appKey,
		tenantSign: sim.credentials.tenantSign,
		version: 'v1',
		timestamp: ts,
		signature: sign(sim.credentials, ts),
		'Content-Type': 'application/json',
	};
}

export async function call<T = any>(
	sim: TanyiSimulator,
	method: string,
	path: string,
	body?: unknown,
	opts: { headers?: Record<string, string>; now?: number } = {},
): Promise<{ status: number; json: Envelope<T> }> {
	const res = await fetch(sim.url + path, {
		method,
		headers: opts.headers ?? headersFor(sim, opts.now),
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Envelope<T> };
}

export function jobBody(overrides: Record<string, unknown> = {}, jobOverrides: Record<string, unknown> = {}) {
	return {
		concurrencyQuota: 2,
		jobPhoneNumberIdList: [348],
		...overrides,
		robotCallJob: {
			name: 'API test job',
			mode: 'MANUAL',
			dailyStartTime: '09:00',
			dailyEndTime: '20:00',
			inactiveTimeList: [{ startTime: '12:00', endTime: '13:00' }],
			dialogFlowId: 2,
			robotCount: 2,
			phoneType: 'LANDLINE',
			wechatSendMethod: 'SENDTOALL',
			...jobOverrides,
		},
	};
}

export function customers(n: number, prefix = '1380013') {
	return Array.from({ length: n }, (_, i) => ({
		name: `Customer ${i}`,
		phoneNumber: `${prefix}${String(i).padStart(4, '0')}`,
		properties: { 欠款金额: String(10 + i) },
	}));
}

export async function createJob(sim: TanyiSimulator, overrides = {}, jobOverrides = {}): Promise<number> {
	const { json } = await call(sim, 'POST', '/job/create', jobBody(overrides, jobOverrides));
	expect(json.code).toBe(200);
	return json.data.robotCallJobId as number;
}

/** a callback receiver whose answers are scripted per request */
export async function receiver(answer: (n: number, req: { url: string; body: string; headers: http.IncomingHttpHeaders }) => { status: number; body: string }) {
	const received: Array<{ url: string; body: string; headers: http.IncomingHttpHeaders }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const entry = { url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
			received.push(entry);
			const a = answer(received.length, entry);
			res.writeHead(a.status, { 'content-type': 'text/plain' });
			res.end(a.body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export let sim: TanyiSimulator;

export const opts: TanyiSimOptions = { callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] };
