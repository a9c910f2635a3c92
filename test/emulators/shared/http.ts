/**
 * Shared HTTP base for the vendor emulators: a real server on loopback, a request log that
 * tests read (to count requests exactly), fault injection, and a few admin endpoints under
 * `/__sim/` so a separate process (the demo, a real n8n e2e run) can inspect the state.
 *
 * Each vendor emulator (tanyi.ts, byrobot.ts, autodialer.ts) supplies one `handle` function;
 * everything about sockets, body parsing and logging lives here once.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RecordingHost } from './recordings';

export interface SimRequest {
	method: string;
	/** path without the query string, e.g. `/apiOpen/v1/job/create` */
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	rawBody: string;
	/** parsed JSON body, `undefined` when the body is empty, `PARSE_ERROR` when it is not JSON */
	json: unknown;
}

export const PARSE_ERROR = Symbol('PARSE_ERROR');

export interface SimResponse {
	status: number;
	/** serialised as JSON unless `raw` is given */
	body?: unknown;
	/** sent verbatim (for HTML login pages, `success`, non-JSON answers, recording files) */
	raw?: string | Buffer;
	headers?: Record<string, string>;
}

export interface LoggedRequest {
	seq: number;
	at: number;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
	status: number;
	response: unknown;
}

/**
 * The faults real networks and vendors produce, named as tests use them:
 * - `reset`: the connection is closed without an answer and the request is NOT carried out;
 * - `delay`: the request waits `delayMs`, then is carried out and answered (a client with a
 *   shorter timeout gives up although the vendor stores it);
 * - `commit-then-500`: carried out, then answered HTTP 500;
 * - `commit-then-reset`: carried out, then the connection is closed without an answer;
 * - `commit-then-envelope-error`: carried out, then answered with the vendor's own internal-error
 *   answer (Tanyi and Byrobot: HTTP 200 with envelope code 500; see `internalError`).
 */
export type FaultMode = 'reset' | 'delay' | 'commit-then-500' | 'commit-then-reset' | 'commit-then-envelope-error';

export interface Fault {
	/** only requests whose path ends with this (or matching the function) are affected */
	path?: string | ((req: SimRequest) => boolean);
	/** the first affected request is the Nth matching one (1-based); default 1 */
	nth?: number;
	/** how many matching requests are affected from the Nth on; default 1 */
	times?: number;
	/** a named fault (see FaultMode); the fields below are the raw knobs it is made of */
	mode?: FaultMode;
	/** answer with this instead of the vendor handler */
	response?: SimResponse;
	/** wait this long before answering (or before dropping) */
	delayMs?: number;
	/** close the socket without answering (an unknown outcome for the client) */
	drop?: boolean;
	/** run the real handler first (state changes happen) and then apply the fault */
	afterHandler?: boolean;
}

interface ArmedFault extends Fault {
	left: number;
	seen: number;
}

export interface SimServerOptions {
	host?: string;
	port?: number;
	/**
	 * extra wait before the first request of every new TCP connection is handled: models the
	 * TCP + TLS handshake a client pays when it does not reuse connections (0 = none)
	 */
	connectionSetupMs?: number;
	/** a fixed wait before every request is handled: the network round trip of a real vendor */
	latencyMs?: number;
	/** milliseconds since epoch; tests may pass a controllable clock */
	now?: () => number;
	/** lifetime of the recording links the emulator hands out ([inferred], see recordings.ts); default 3600 */
	recordingTtlSeconds?: number;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export class SimServer {
	readonly log: LoggedRequest[] = [];
	private faults: ArmedFault[] = [];
	/** TCP connections accepted so far (a client that reuses connections opens few) */
	connections = 0;
	/** the vendor's own "internal error" answer, for `commit-then-envelope-error` */
	internalError: () => SimResponse = () => ({ status: 500, body: { message: 'Server Error' } });
	private readonly freshSockets = new WeakSet<import('node:net').Socket>();
	private server?: http.Server;
	private seq = 0;
	private readonly sockets = new Set<import('node:net').Socket>();
	url = '';
	/** the recording file host under `/oss/` (recordings.ts) */
	readonly recordings: RecordingHost;

	constructor(
		private readonly handler: Handler,
		private readonly options: SimServerOptions = {},
		/** extra admin state for `/__sim/state` */
		private readonly describeState: () => unknown = () => ({}),
		private readonly resetState: () => void = () => {},
	) {
		this.recordings = new RecordingHost(() => this.now(), () => this.url, options.recordingTtlSeconds);
	}

	now(): number {
		return this.options.now ? this.options.now() : Date.now();
	}

	async start(): Promise<string> {
		const server = http.createServer((req, res) => void this.onRequest(req, res));
		server.on('connection', (socket) => {
			this.connections += 1;
			this.freshSockets.add(socket);
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
		});
		const address = server.address() as AddressInfo;
		this.url = `http://${address.address}:${address.port}`;
		return this.url;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/** arm a fault for the Nth (default: next) matching request and the `times - 1` after it */
	injectFault(fault: Fault): void {
		this.faults.push({ ...expandFault(fault, this.internalError), left: fault.times ?? 1, seen: 0 });
	}

	/** faults armed but not (fully) used yet */
	get pendingFaults(): number {
		return this.faults.length;
	}

	clearFaults(): void {
		this.faults = [];
	}

	clearLog(): void {
		this.log.length = 0;
	}

	/** requests whose path ends with `suffix` (admin requests are never logged) */
	requests(suffix?: string): LoggedRequest[] {
		return suffix ? this.log.filter((r) => r.path.endsWith(suffix)) : [...this.log];
	}

	private takeFault(req: SimRequest): Fault | undefined {
		// every armed fault counts the requests it matches, whether or not another one fires
		let due: ArmedFault | undefined;
		for (const f of this.faults) {
			const matches =
				f.path === undefined ? true : typeof f.path === 'function' ? f.path(req) : req.path.endsWith(f.path);
			if (!matches) continue;
			f.seen += 1;
			if (!due && f.seen >= (f.nth ?? 1)) due = f;
		}
		if (!due) return undefined;
		due.left -= 1;
		if (due.left <= 0) this.faults.splice(this.faults.indexOf(due), 1);
		return due;
	}

	private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://localhost');
		let json: unknown = undefined;
		if (rawBody.length > 0) {
			try {
				json = JSON.parse(rawBody);
			} catch {
				json = PARSE_ERROR;
			}
		}
		const simReq: SimRequest = {
			method: (req.method ?? 'GET').toUpperCase(),
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			json,
		};

		if (simReq.path.startsWith('/__sim/')) {
			this.send(res, this.admin(simReq));
			return;
		}
		if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
		if (this.options.connectionSetupMs && this.freshSockets.has(req.socket)) {
			this.freshSockets.delete(req.socket);
			await new Promise((r) => setTimeout(r, this.options.connectionSetupMs));
		}

		const fault = this.takeFault(simReq);
		if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
		let response: SimResponse;
		if (fault && !fault.afterHandler && (fault.drop || fault.response)) {
			response = fault.response ?? { status: 0 };
		} else {
			try {
				response = this.recordings.handles(simReq) ? this.recordings.handle(simReq) : await this.handler(simReq);
			} catch (error) {
				response = { status: 500, raw: `emulator error: ${(error as Error).message}` };
			}
			if (fault?.afterHandler && fault.response) response = fault.response;
		}

		this.log.push({
			seq: ++this.seq,
			at: this.now(),
			method: simReq.method,
			path: simReq.path,
			query: Object.fromEntries(
				[...new Set(simReq.query.keys())].map((k) => {
					const all = simReq.query.getAll(k);
					return [k, all.length > 1 ? all : all[0]];
				}),
			),
			headers: simReq.headers,
			body: json === PARSE_ERROR ? undefined : json,
			rawBody,
			status: fault?.drop ? 0 : response.status,
			response: Buffer.isBuffer(response.raw) ? `<${response.raw.length} bytes>` : (response.raw ?? response.body),
		});

		if (fault?.drop) {
			req.socket.destroy();
			return;
		}
		// the client may have given up (timeout) while a delayed request was carried out
		if (res.destroyed || req.socket.destroyed) return;
		this.send(res, response);
	}

	private admin(req: SimRequest): SimResponse {
		switch (req.path) {
			case '/__sim/log':
				return { status: 200, body: this.log };
			case '/__sim/state':
				return { status: 200, body: this.describeState() };
			case '/__sim/stats':
				return { status: 200, body: { requests: this.log.length, connections: this.connections } };
			case '/__sim/fault': {
				// out-of-process tests (real n8n) arm faults over HTTP: {path?, nth?, times?, mode, delayMs?}
				const body = (req.json ?? {}) as Fault;
				if (req.method !== 'POST' || typeof body !== 'object' || body === null) {
					return { status: 400, body: { error: 'POST a fault object' } };
				}
				this.injectFault({ path: body.path, nth: body.nth, times: body.times, mode: body.mode, delayMs: body.delayMs });
				return { status: 200, body: { ok: true } };
			}
			case '/__sim/reset':
				this.connections = 0;
				this.clearLog();
				this.clearFaults();
				this.resetState();
				return { status: 200, body: { ok: true } };
			case '/__sim/clear-log':
				this.clearLog();
				return { status: 200, body: { ok: true } };
			default:
				return { status: 404, body: { error: 'unknown admin path' } };
		}
	}

	private send(res: http.ServerResponse, response: SimResponse): void {
		const headers: Record<string, string> = { ...(response.headers ?? {}) };
		let payload: string | Buffer;
		if (response.raw !== undefined) {
			payload = response.raw;
			headers['content-type'] ??= 'text/plain; charset=utf-8';
		} else {
			payload = JSON.stringify(response.body ?? null);
			headers['content-type'] ??= 'application/json; charset=utf-8';
		}
		res.writeHead(response.status, headers);
		res.end(payload);
	}
}

/** The raw knobs a named fault mode stands for (explicit knobs given with it win). */
function expandFault(fault: Fault, internalError: () => SimResponse): Fault {
	switch (fault.mode) {
		case undefined:
			return fault;
		case 'reset':
			return { drop: true, ...fault };
		case 'delay':
			return { delayMs: 1_000, ...fault };
		case 'commit-then-500':
			return { afterHandler: true, response: { status: 500, raw: 'Internal Server Error' }, ...fault };
		case 'commit-then-reset':
			return { afterHandler: true, drop: true, ...fault };
		case 'commit-then-envelope-error':
			return { afterHandler: true, response: internalError(), ...fault };
	}
}

/** China Standard Time wall clock, as the vendors print it: `yyyy-MM-dd HH:mm:ss` */
export function formatCst(ms: number): string {
	const d = new Date(ms + 8 * 3600_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/** a request id like the vendors' (8 upper-case letters) */
export function requestId(): string {
	let id = '';
	for (let i = 0; i < 8; i++) id += String.fromCharCode(65 + Math.floor(Math.random() * 26));
	return id;
}
