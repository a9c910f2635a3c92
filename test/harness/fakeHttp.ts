/** The request and response objects a webhook sees in a harness run: fakes shaped like Express's. */
import type { IHttpRequestMethods } from 'n8n-workflow';

export interface FakeResponseRecord {
	/** last status set (default 200) */
	status: number;
	/** header names lower-cased */
	headers: Record<string, string>;
	/** what was passed to send()/json()/end() (json() records the object, not its text) */
	body: unknown;
	/** true once send()/json()/end() was called */
	ended: boolean;
	/** who answered: the node via res, n8n itself (no noWebhookResponse), or nobody */
	sentBy: 'node' | 'n8n' | null;
}

export interface WebhookRequestSpec {
	method: IHttpRequestMethods | string;
	/** path after the webhook base, e.g. `/abc`; informational */
	path?: string;
	headers: Record<string, string>;
	query?: Record<string, string | string[]>;
	/** parsed body as n8n's body parser would give it; derived from rawBody when omitted */
	body?: unknown;
	rawBody?: Buffer;
	params?: Record<string, string>;
}

export interface FakeResponse {
	record: FakeResponseRecord;
	headersSent: boolean;
	status(code: number): FakeResponse;
	sendStatus(code: number): FakeResponse;
	setHeader(name: string, value: string | number | string[]): FakeResponse;
	header(name: string, value: string | number | string[]): FakeResponse;
	set(name: string | Record<string, string>, value?: string): FakeResponse;
	getHeader(name: string): string | undefined;
	type(contentType: string): FakeResponse;
	contentType(contentType: string): FakeResponse;
	writeHead(code: number, headers?: Record<string, string>): FakeResponse;
	write(chunk: unknown): boolean;
	send(body?: unknown): FakeResponse;
	json(body: unknown): FakeResponse;
	end(body?: unknown): FakeResponse;
	on(): FakeResponse;
	once(): FakeResponse;
	flushHeaders(): void;
}

export function createFakeResponse(): FakeResponse {
	const record: FakeResponseRecord = { status: 200, headers: {}, body: undefined, ended: false, sentBy: null };
	const mimeFor = (t: string) =>
		t.includes('/') ? t : ({ json: 'application/json', html: 'text/html', text: 'text/plain', xml: 'application/xml' }[t] ?? t);
	const finish = (res: FakeResponse, body: unknown) => {
		if (record.ended) throw new Error('Harness: response was already sent');
		if (body !== undefined) record.body = body;
		record.ended = true;
		record.sentBy ??= 'node';
		res.headersSent = true;
		return res;
	};
	const res: FakeResponse = {
		record,
		headersSent: false,
		status(code) {
			record.status = code;
			return res;
		},
		sendStatus(code) {
			record.status = code;
			return finish(res, String(code));
		},
		setHeader(name, value) {
			record.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
			return res;
		},
		header(name, value) {
			return res.setHeader(name, value);
		},
		set(name, value) {
			if (typeof name === 'object') {
				for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
			} else if (value !== undefined) {
				res.setHeader(name, value);
			}
			return res;
		},
		getHeader(name) {
			return record.headers[name.toLowerCase()];
		},
		type(contentType) {
			return res.setHeader('content-type', mimeFor(contentType));
		},
		contentType(contentType) {
			return res.type(contentType);
		},
		writeHead(code, headers) {
			record.status = code;
			for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
			return res;
		},
		write(chunk) {
			const prev = record.body === undefined ? '' : String(record.body);
			record.body = prev + (Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
			return true;
		},
		send(body) {
			if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body) && !res.getHeader('content-type')) {
				res.setHeader('content-type', 'application/json; charset=utf-8');
			} else if (typeof body === 'string' && !res.getHeader('content-type')) {
				res.setHeader('content-type', 'text/html; charset=utf-8');
			}
			return finish(res, Buffer.isBuffer(body) ? body.toString('utf8') : body);
		},
		json(body) {
			if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			return finish(res, body);
		},
		end(body) {
			return finish(res, body === undefined && record.body !== undefined ? undefined : body);
		},
		on() {
			return res;
		},
		once() {
			return res;
		},
		flushHeaders() {
			res.headersSent = true;
		},
	};
	return res;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
	return out;
}

export function buildFakeRequest(spec: WebhookRequestSpec): Record<string, unknown> {
	const headers = lowerCaseHeaders(spec.headers);
	const contentType = (headers['content-type'] ?? '').toLowerCase();
	let body = spec.body;
	let rawBody = spec.rawBody;
	if (body === undefined && rawBody !== undefined) {
		const text = rawBody.toString('utf8');
		if (contentType.includes('json')) {
			body = text === '' ? {} : (JSON.parse(text) as unknown);
		} else if (contentType.includes('application/x-www-form-urlencoded')) {
			body = Object.fromEntries(new URLSearchParams(text));
		} else {
			body = {};
		}
	}
	if (rawBody === undefined && body !== undefined) {
		rawBody = Buffer.from(
			contentType.includes('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null
				? new URLSearchParams(body as Record<string, string>).toString()
				: typeof body === 'string'
					? body
					: JSON.stringify(body),
			'utf8',
		);
	}
	const query = spec.query ?? {};
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
	const path = spec.path ?? '/';
	const url = search.toString() ? `${path}?${search.toString()}` : path;
	const readRawBody = async () => undefined;
	return {
		method: spec.method.toUpperCase(),
		url,
		originalUrl: url,
		path,
		headers,
		query,
		params: spec.params ?? {},
		body: body ?? {},
		rawBody: rawBody ?? Buffer.alloc(0),
		readRawBody,
		contentType: contentType.split(';')[0]?.trim() ?? '',
		encoding: 'utf-8',
		ip: '127.0.0.1',
		socket: { remoteAddress: '127.0.0.1' },
		get(name: string) {
			return headers[name.toLowerCase()];
		},
		header(name: string) {
			return headers[name.toLowerCase()];
		},
	};
}
