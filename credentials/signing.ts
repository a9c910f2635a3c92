import { createHash, createHmac } from 'crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

/** `request` with the signature headers added to the ones it has. */
export function withHeaders(request: IHttpRequestOptions, headers: Record<string, string>): IHttpRequestOptions {
	request.headers = { ...(request.headers ?? {}), ...headers };
	return request;
}

/**
 * Tanyi (YiWise) request signature, VENDORS.md §1: lowercase hex SHA-256 of
 * `tenantSign + "appKey=..&appSecret=..&tenantSign=..&version=v1&timestamp=.."`
 * (exactly this order, no sorting, no URL encoding). Plain SHA-256, not HMAC.
 */
export function tanyiSignature(
	tenantSign: string,
	appKey: string,
	appSecret: string,
	timestamp: string,
	version = 'v1',
): string {
	const params = `appKey=${appKey}&appSecret=${appSecret}&tenantSign=${tenantSign}&version=${version}&timestamp=${timestamp}`;
	return createHash('sha256').update(tenantSign + params, 'utf8').digest('hex');
}

/** The headers a Tanyi request carries; the secret itself is never among them. */
export function tanyiHeaders(credentials: { appKey?: unknown; appSecret?: unknown; tenantSign?: unknown }, now: number = Date.now()): Record<string, string> {
	const [appKey, appSecret, tenantSign] = [credentials.appKey, credentials.appSecret, credentials.tenantSign].map((v) => String(v ?? ''));
	const timestamp = String(now);
	return {
		appKey,
		tenantSign,
		version: 'v1',
		timestamp,
		signature: tanyiSignature(tenantSign, appKey, appSecret, timestamp),
	};
}

/**
 * Byrobot (BYAI) request signature, VENDORS.md §2: Base64 HMAC-SHA1 keyed by appSecret over
 * `appKey + "\n" + datetime`, datetime being the RFC 1123 GMT form `toUTCString()` gives.
 */
export function byrobotSignature(appKey: string, appSecret: string, datetime: string): string {
	return createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`, 'utf8').digest('base64');
}

export function byrobotHeaders(credentials: { appKey?: unknown; appSecret?: unknown }, now: number = Date.now()): Record<string, string> {
	const [appKey, appSecret] = [credentials.appKey, credentials.appSecret].map((v) => String(v ?? ''));
	const datetime = new Date(now).toUTCString();
	return {
		appkey: appKey,
		datetime,
		sign: byrobotSignature(appKey, appSecret, datetime),
	};
}

/** The Autodialer's token header (inferred, VENDORS.md §3): name and prefix as the credential sets them. */
export function autodialerHeaders(credentials: { apiToken?: unknown; headerName?: unknown; headerPrefix?: unknown }): Record<string, string> {
	const headerName = String(credentials.headerName ?? '').trim() || 'Authorization';
	const prefix = credentials.headerPrefix === undefined || credentials.headerPrefix === null ? 'Bearer ' : String(credentials.headerPrefix);
	return { [headerName]: `${prefix}${String(credentials.apiToken ?? '')}` };
}
