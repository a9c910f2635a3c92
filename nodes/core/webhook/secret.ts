import { createHash, timingSafeEqual } from 'node:crypto';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { firstString } from '../util';
import type { CallbackAuth } from './credentials';

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

/** The secret check of a callback credential in query or header mode. */
export function secretCheckOf(auth: CallbackAuth): SecretCheck {
	return { location: auth.mode === 'header' ? 'header' : 'query', name: auth.name, secret: auth.secret };
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

/** `undefined` when the request is authorised, otherwise why it is not (never the secret itself). */
export function secretProblem(ctx: IWebhookFunctions, check: SecretCheck): string | undefined {
	if (check.secret === '') return 'the callback credential has no secret';
	const given = presentedSecret(ctx, check.location, check.name);
	const where = check.location === 'query' ? 'query parameter' : 'header';
	if (given === undefined || given === '') return `the ${where} "${check.name}" is missing`;
	if (!secretsEqual(given, check.secret)) return `the ${where} "${check.name}" is wrong`;
	return undefined;
}

/** The production URL to give a vendor: with `?<name>=<secret>` when the secret travels in the query. */
export function callbackUrlWithSecret(ctx: IHookFunctions, auth: CallbackAuth): string {
	const url = ctx.getNodeWebhookUrl('default') ?? '';
	if (auth.mode !== 'query') return url;
	return `${url}${url.includes('?') ? '&' : '?'}${encodeURIComponent(auth.name)}=${encodeURIComponent(auth.secret)}`;
}
