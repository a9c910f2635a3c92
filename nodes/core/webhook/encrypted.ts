import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { firstString } from '../util';
import type { SignedTime } from './delivery';
import { rejectBadRequest, rejectUnauthorized, respond } from './respond';
import { verifyWecomSignature, wecomAesKey, wecomDecrypt } from './wecomCrypto';

export interface WecomKeys {
	token: string;
	encodingAesKey: string;
}

function queryString(ctx: IWebhookFunctions, name: string): string {
	return firstString((ctx.getQueryData() as Record<string, unknown>)[name]) ?? '';
}

/** The query value `name` of a WeCom-style request (`echostr` of the URL check). */
export function wecomQuery(ctx: IWebhookFunctions, name: string): string {
	return queryString(ctx, name);
}

/**
 * A Base64 value as it may arrive: the vendor's demo sender URL-encodes `Encrypt` inside the XML,
 * and its receiver's comment says `echostr` can come encoded once (`%3D%3D`) or twice
 * (`%253D%253D`) (yiwise/callbackdemo `TestDemo.java`, `CallbackDemo.java`). Base64 has no `%` or
 * space, so decoding up to twice and turning spaces back into `+` (a form decoder's doing) is safe.
 */
export function decodeBase64Param(value: string): string {
	let text = value.trim();
	for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(text); i++) {
		try {
			text = decodeURIComponent(text);
		} catch {
			break; // not percent-encoding after all: verify what we have
		}
	}
	return text.replace(/ /g, '+');
}

/**
 * The signed `timestamp`: milliseconds in the vendor's demo (`1678759048896`), seconds in WeCom's
 * own samples; `undefined` when it is neither.
 */
export function signedTimestamp(value: string): number | undefined {
	const text = value.trim();
	if (/^\d{13}$/.test(text)) return Number(text);
	if (/^\d{10}$/.test(text)) return Number(text) * 1000;
	return undefined;
}

export interface DecryptedCallback {
	message: string;
	/** the signed `timestamp` as a time, when it is one */
	signed: SignedTime | undefined;
}

/**
 * Checks `msg_signature` (query) over `encrypt` and decrypts it: the plain message and its signed
 * time, or the HTTP answer already sent when that fails (401 unsigned or forged, 400
 * undecryptable, 500 when the receiver's own key is malformed).
 */
export function decryptSignedCallback(
	ctx: IWebhookFunctions,
	keys: WecomKeys,
	encrypt: string | undefined,
): DecryptedCallback | IWebhookResponseData {
	const { token, encodingAesKey } = keys;
	if (token === '' || encodingAesKey === '') return rejectUnauthorized(ctx, 'the Token or EncodingAESKey is not configured');
	if (!encrypt) return rejectUnauthorized(ctx, 'no encrypted content');
	const signature = decodeBase64Param(queryString(ctx, 'msg_signature'));
	if (signature === '') return rejectUnauthorized(ctx, 'msg_signature is missing');
	const timestamp = queryString(ctx, 'timestamp');
	const nonce = queryString(ctx, 'nonce');
	const decoded = decodeBase64Param(encrypt);
	// the sender signs the Base64 before encoding it; accept a signature over the encoded text too
	const verified =
		verifyWecomSignature(token, timestamp, nonce, decoded, signature) ||
		(decoded !== encrypt.trim() && verifyWecomSignature(token, timestamp, nonce, encrypt.trim(), signature));
	if (!verified) return rejectUnauthorized(ctx, 'msg_signature does not match');
	try {
		wecomAesKey(encodingAesKey);
	} catch (error) {
		ctx.logger.error(`Encrypted callback not read: ${(error as Error).message}`, { node: ctx.getNode().name });
		return respond(ctx, 500, 'receiver misconfigured');
	}
	let message: string;
	try {
		message = wecomDecrypt(decoded, encodingAesKey).message;
	} catch (error) {
		// signed with our token, but the key does not fit: a configuration mistake on one side
		return rejectBadRequest(ctx, `cannot decrypt (${(error as Error).message}); check the EncodingAESKey`);
	}
	const at = signedTimestamp(timestamp);
	return { message, signed: at === undefined ? undefined : { at, clock: 'the signed timestamp' } };
}

export function isDecrypted(value: DecryptedCallback | IWebhookResponseData): value is DecryptedCallback {
	return typeof (value as DecryptedCallback).message === 'string';
}
