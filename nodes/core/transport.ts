import { sleep } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { VendorError } from './errors';
import type { RawResponse, RequestParts, RetryPolicy, VendorSpec } from './types';

export type RequestContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IPollFunctions
	| IHookFunctions
	| IWebhookFunctions;

export interface SendOptions {
	retry: RetryPolicy;
	/** attempts in all, the first included */
	attempts?: number;
	/** attempts in all when the vendor answers HTTP 429 (the request was not carried out) */
	throttleAttempts?: number;
	/** first back-off in ms, doubled each time */
	backoffMs?: number;
	timeoutMs?: number;
	/** told about every HTTP 429 and every other answer (adaptive parallelism) */
	onThrottle?: () => void;
	onAnswer?: () => void;
}

/** the longest wait a vendor's Retry-After may ask for before a 429 is retried */
const MAX_RETRY_AFTER_MS = 30_000;

function retryAfterMs(headers: Record<string, unknown>): number | undefined {
	const value = headers['retry-after'];
	const seconds = Number(Array.isArray(value) ? value[0] : value);
	return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

/** Connection errors where the request provably never reached the vendor. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function errorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown } };
	const code = e?.code ?? e?.cause?.code;
	return typeof code === 'string' ? code : undefined;
}

/**
 * n8n's `httpRequestWithAuthentication` reads the credential from its database, decrypts it and
 * runs the credential's `authenticate()` for EVERY request (n8n-core `authentication.ts`), which
 * costs more main-thread time than the rest of a batch. So the credential is read once per
 * context and each request is signed here with the same function `authenticate()` uses (a fresh
 * timestamp and signature per request, VENDORS.md §1–2). A poll trigger's context lives as long
 * as its activation, so a read is kept for at most a minute: an edited credential is picked up.
 */
const CREDENTIAL_REUSE_MS = 60_000;

interface CredentialRead {
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	readAt: number;
}

const credentialCache = new WeakMap<object, Map<string, Promise<CredentialRead>>>();

async function credentialOf(ctx: RequestContext, credentialType: string): Promise<CredentialRead> {
	let perContext = credentialCache.get(ctx);
	if (!perContext) {
		perContext = new Map();
		credentialCache.set(ctx, perContext);
	}
	const cached = perContext.get(credentialType);
	if (cached) {
		const read = await cached;
		if (Date.now() - read.readAt < CREDENTIAL_REUSE_MS) return read;
		if (perContext.get(credentialType) !== cached) return await (perContext.get(credentialType) as Promise<CredentialRead>);
	}
	// the promise is shared, so requests in flight together read the credential once
	const reading = ctx.getCredentials(credentialType).then((credentials) => ({
		credentials,
		baseUrl: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
		readAt: Date.now(),
	}));
	perContext.set(credentialType, reading);
	reading.catch(() => {
		if (perContext.get(credentialType) === reading) perContext.delete(credentialType);
	});
	return await reading;
}

/**
 * Sends one request through n8n's `httpRequest` (so the user's proxy/SSL settings apply), signed
 * per request with the vendor's `authHeaders`; retries only where no duplicate can result, and
 * hands the raw answer to the vendor's `unwrap`. n8n opens a new TCP connection per request and
 * lets a node pass no agent (README, Speed and n8n's event loop).
 */
export async function send(
	ctx: RequestContext,
	vendor: VendorSpec,
	request: RequestParts,
	options: SendOptions,
): Promise<unknown> {
	const endpoint = `${request.method} ${request.path}`;
	const attempts = options.attempts ?? 3;
	const { credentials, baseUrl: baseURL } = await credentialOf(ctx, vendor.credentialType);
	if (!/^https?:\/\//i.test(baseURL)) {
		const error = new VendorError(
			`the credential's Base URL "${baseURL}" is not an http(s) URL`,
			{ outcome: 'not-sent' },
		);
		error.vendor = vendor.displayName;
		error.endpoint = endpoint;
		throw error;
	}
	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		qs: request.qs,
		json: request.bodyType !== 'form',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs ?? 60_000,
	};
	// what httpRequestWithAuthentication did: a stopped execution aborts its requests
	if ('getExecutionCancelSignal' in ctx) httpOptions.abortSignal = ctx.getExecutionCancelSignal();
	if (request.body !== undefined) {
		if (request.bodyType === 'form') {
			httpOptions.body = new URLSearchParams(
				Object.entries(request.body).map(([k, v]): [string, string] => [k, String(v)]),
			).toString();
			httpOptions.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
		} else {
			httpOptions.body = request.body as IHttpRequestOptions['body'];
			httpOptions.headers = { 'Content-Type': 'application/json' };
		}
	}

	let backoff = options.backoffMs ?? 400;
	let throttled = 0;
	for (let attempt = 1; ; attempt++) {
		let raw: RawResponse;
		try {
			// plain httpRequest never re-sends (httpRequestWithAuthentication re-sends once on HTTP
			// 401, n8n-facts D2.4: an import answered 401 after the vendor stored it would go twice)
			const response = (await ctx.helpers.httpRequest({
				...httpOptions,
				headers: { ...httpOptions.headers, ...vendor.authHeaders(credentials) },
			})) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
			raw = { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			const code = errorCode(error);
			const notSent = code !== undefined && NOT_SENT_CODES.has(code);
			if (attempt < attempts && (notSent || options.retry === 'idempotent')) {
				await sleep(backoff);
				backoff *= 2;
				continue;
			}
			const failure = new VendorError(
				notSent
					? `could not connect (${code})`
					: `no answer (${code ?? (error as Error)?.message ?? 'network error'})`,
				// the network code stays in the message: NodeApiError would swap a `code` of
				// ECONNRESET etc. for a generic text and lose vendor and endpoint
				{ outcome: notSent ? 'not-sent' : 'unknown', attempts: attempt },
			);
			failure.vendor = vendor.displayName;
			failure.endpoint = endpoint;
			throw failure;
		}

		if (raw.statusCode === 429) {
			options.onThrottle?.();
			throttled += 1;
			if (throttled < (options.throttleAttempts ?? 5)) {
				await sleep(retryAfterMs(raw.headers) ?? backoff);
				backoff *= 2;
				attempt -= 1; // a 429 was not carried out: it does not use up the other attempts
				continue;
			}
		} else {
			options.onAnswer?.();
		}
		if (raw.statusCode >= 500 && options.retry === 'idempotent' && attempt < attempts) {
			await sleep(backoff);
			backoff *= 2;
			continue;
		}
		return unwrapLabelled(vendor, raw, endpoint, options.retry);
	}
}

function unwrapLabelled(vendor: VendorSpec, raw: RawResponse, endpoint: string, retry: RetryPolicy): unknown {
	let failure: unknown;
	try {
		return vendor.unwrap(raw);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof VendorError) {
		failure.vendor = vendor.displayName;
		failure.endpoint = endpoint;
		// a 5xx on a request that changes state: it may have been carried out
		if (raw.statusCode >= 500 && retry === 'never' && failure.details.outcome === undefined) {
			failure.details.outcome = 'unknown';
		}
	}
	throw failure;
}
