import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { firstString } from '../util';
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
 * Checks `msg_signature` (query) over `encrypt` and decrypts it: the plain message, or the HTTP
 * answer already sent when that fails (401 unsigned or forged, 400 undecryptable, 500 when the
 * receiver's own key is malformed).
 */
export function decryptSignedCallback(
	ctx: IWebhookFunctions,
	keys: WecomKeys,
	encrypt: string | undefined,
): string | IWebhookResponseData {
	const { token, encodingAesKey } = keys;
	if (token === '' || encodingAesKey === '') return rejectUnauthorized(ctx, 'the Token or EncodingAESKey is not configured');
	if (!encrypt) return rejectUnauthorized(ctx, 'no encrypted content');
	const signature = queryString(ctx, 'msg_signature');
	if (signature === '') return rejectUnauthorized(ctx, 'msg_signature is missing');
	if (!verifyWecomSignature(token, queryString(ctx, 'timestamp'), queryString(ctx, 'nonce'), encrypt, signature)) {
		return rejectUnauthorized(ctx, 'msg_signature does not match');
	}
	try {
		wecomAesKey(encodingAesKey);
	} catch (error) {
		ctx.logger.error(`Encrypted callback not read: ${(error as Error).message}`, { node: ctx.getNode().name });
		return respond(ctx, 500, 'receiver misconfigured');
	}
	try {
		return wecomDecrypt(encrypt, encodingAesKey).message;
	} catch (error) {
		// signed with our token, but the key does not fit: a configuration mistake on one side
		return rejectBadRequest(ctx, `cannot decrypt (${(error as Error).message}); check the EncodingAESKey`);
	}
}
