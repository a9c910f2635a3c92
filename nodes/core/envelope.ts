import { VendorError } from './errors';
import type { RawResponse } from './types';

function parseBody(response: RawResponse): unknown {
	const { body } = response;
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function snippet(body: unknown): string {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	const flat = (text ?? '').replace(/\s+/g, ' ').trim();
	return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/**
 * Tanyi and Byrobot answer `{code, data, resultMsg, requestId?, errorStackTrace}`, usually with
 * HTTP 200 even when they refuse: success is HTTP 2xx AND `code == 200` (VENDORS.md §1, §2).
 */
export function unwrapCodeEnvelope(response: RawResponse): unknown {
	const body = parseBody(response);
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	if (typeof body !== 'object' || body === null || !('code' in body)) {
		throw new VendorError(
			ok
				? `answered without the expected {code, data} envelope: ${snippet(body)}`
				: `HTTP ${response.statusCode}: ${snippet(body) || 'no body'}`,
			{ httpStatus: response.statusCode, body },
		);
	}
	const envelope = body as { code: unknown; data?: unknown; resultMsg?: unknown; requestId?: unknown };
	if (ok && Number(envelope.code) === 200) return envelope.data;
	const message = String(envelope.resultMsg ?? `error code ${String(envelope.code)}`);
	throw new VendorError(message, {
		code: envelope.code as number,
		requestId: envelope.requestId ? String(envelope.requestId) : undefined,
		httpStatus: response.statusCode,
		body: { code: envelope.code, resultMsg: envelope.resultMsg, requestId: envelope.requestId },
		// the vendor failed inside: it may have carried the request out before it failed
		outcome: isInternalError(envelope.code, message) ? 'unknown' : undefined,
	});
}

/**
 * Tanyi and Byrobot document code 500 as "unknown error" (VENDORS.md §1, §2): a failure inside
 * the vendor, after which nobody knows what was stored. Codes 5xx and the vendors' wording for
 * an internal failure mean "outcome unknown", never "refused".
 */
export function isInternalError(code: unknown, message: string): boolean {
	const number = Number(code);
	return (Number.isInteger(number) && number >= 500 && number < 600) || /unknown error|internal error|未知错误|系统异常|系统错误|服务异常/i.test(message);
}

/**
 * Autodialer has no envelope: HTTP status is the truth, JSON is the only valid body, and a
 * 200 with an HTML login page means the token was not accepted (VENDORS.md §3).
 */
export function unwrapPlainJson(response: RawResponse): unknown {
	const body = parseBody(response);
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const isJson = typeof body === 'object' && body !== null;
	if (ok && isJson) return body;
	if (ok && body === undefined) return {};
	const message =
		isJson && typeof (body as { message?: unknown }).message === 'string'
			? String((body as { message: string }).message)
			: undefined;
	if (ok) {
		const looksHtml = typeof body === 'string' && /<html|<!doctype/i.test(body);
		throw new VendorError(
			looksHtml
				? 'answered with an HTML page instead of JSON (often a login page: check the API token and the auth header settings)'
				: `answered with a non-JSON body: ${snippet(body)}`,
			{ httpStatus: response.statusCode },
		);
	}
	const errors = isJson ? (body as { errors?: unknown }).errors : undefined;
	const detail = errors && typeof errors === 'object' ? ` ${snippet(errors)}` : '';
	throw new VendorError(`${message ?? `HTTP ${response.statusCode}: ${snippet(body) || 'no body'}`}${detail}`, {
		code: response.statusCode,
		httpStatus: response.statusCode,
		body: isJson ? body : undefined,
	});
}
