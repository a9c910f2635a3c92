import { createHash, timingSafeEqual } from 'node:crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { firstString } from '../util';

/** Equality of two strings in time independent of where they differ (and of their lengths). */
export function secretsEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length > 0;
}

export type SecretLocation = 'query' | 'header';

export interface SecretCheck {
	location: SecretLocation;
	/** the query parameter or header name */
	name: string;
	secret: string;
}

/** The secret the request presents, if any. */
export function presentedSecret(ctx: IWebhookFunctions, location: SecretLocation, name: string): string | undefined {
	if (location === 'query') {
		return firstString((ctx.getQueryData() as Record<string, unknown>)[name]);
	}
	const headers = ctx.getHeaderData() as Record<string, unknown>;
	const value = firstString(headers[name.toLowerCase()]);
	// `Authorization: Bearer <secret>` is accepted as well as the bare secret
	return value?.replace(/^Bearer\s+/i, '');
}

/** `undefined` when the request is authorised, otherwise why it is not. */
export function secretProblem(ctx: IWebhookFunctions, check: SecretCheck): string | undefined {
	if (check.secret === '') return 'no secret is configured on the trigger node';
	const given = presentedSecret(ctx, check.location, check.name);
	if (given === undefined || given === '') {
		return `the ${check.location === 'query' ? 'query parameter' : 'header'} "${check.name}" is missing`;
	}
	if (!secretsEqual(given, check.secret)) return `the ${check.location === 'query' ? 'query parameter' : 'header'} "${check.name}" is wrong`;
	return undefined;
}

/** The secret settings of a trigger built with `secretProperties`. */
export function readSecretCheck(ctx: IWebhookFunctions): SecretCheck {
	const location = ctx.getNodeParameter('authMode', 'query') as SecretLocation;
	const name =
		location === 'header'
			? String(ctx.getNodeParameter('headerName', 'X-Callback-Token'))
			: String(ctx.getNodeParameter('queryParameter', 'token'));
	return { location, name: name.trim(), secret: String(ctx.getNodeParameter('secret', '')) };
}

/** The production URL to give a vendor: with `?<name>=<secret>` when the secret travels in the query. */
export function callbackUrlWithSecret(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	if (ctx.getNodeParameter('authMode', 'query') !== 'query') return url;
	const name = String(ctx.getNodeParameter('queryParameter', 'token')).trim();
	const secret = String(ctx.getNodeParameter('secret', ''));
	return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(secret)}`;
}
