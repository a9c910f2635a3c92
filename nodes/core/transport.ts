import { sleep } from 'n8n-workflow';
import type {
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

const baseUrlCache = new WeakMap<object, Map<string, string>>();

async function baseUrlOf(ctx: RequestContext, credentialType: string): Promise<string> {
	let perContext = baseUrlCache.get(ctx);
	if (!perContext) {
		perContext = new Map();
		baseUrlCache.set(ctx, perContext);
	}
	let base = perContext.get(credentialType);
	if (base === undefined) {
		const credentials = await ctx.getCredentials(credentialType);
		base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		perContext.set(credentialType, base);
	}
	return base;
}

/**
 * Sends one request through n8n's `httpRequestWithAuthentication` (so the credential signs it
 * and the user's proxy/SSL settings apply), retries only where no duplicate can result, and
 * hands the raw answer to the vendor's `unwrap`.
 */
export async function send(
	ctx: RequestContext,
	vendor: VendorSpec,
	request: RequestParts,
	options: SendOptions,
): Promise<unknown> {
	const endpoint = `${request.method} ${request.path}`;
	const attempts = options.attempts ?? 3;
	const baseURL = await baseUrlOf(ctx, vendor.credentialType);
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
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				vendor.credentialType,
				httpOptions,
				// n8n re-sends a request once on HTTP 401 by default (n8n-facts D2.4): an import
				// answered 401 after the vendor stored it would be sent twice
				{ preAuthenticationRetryStatusCode: [] },
			)) as { statusCode: number; headers: Record<string, unknown>; body: unknown };
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
				{ outcome: notSent ? 'not-sent' : 'unknown' },
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
