/**
 * Tanyi's request signature and the WeCom-style callback encryption, implemented here on their
 * own from VENDORS.md §1 (no project code imported), so a test that passes means the package's
 * implementation agrees with an independent one.
 */
import * as crypto from 'node:crypto';

/** VENDORS.md §1: lowercase hex SHA-256 of tenantSign + `appKey=..&appSecret=..&tenantSign=..&version=v1&timestamp=..` */
export function tanyiSignature(appKey: string, appSecret: string, tenantSign: string, timestamp: string): string {
	const params = `appKey=${appKey}&appSecret=${appSecret}&tenantSign=${tenantSign}&version=v1&timestamp=${timestamp}`;
	return crypto.createHash('sha256').update(tenantSign + params, 'utf8').digest('hex');
}

/** headers a correct client sends (for tests and the CLI) */
export function tanyiSignedHeaders(
	credentials: { appKey: string; appSecret: string; tenantSign: string },
	timestamp: number | string = Date.now(),
): Record<string, string> {
	const ts = String(timestamp);
	return {
		appKey: credentials.appKey,
		tenantSign: credentials.tenantSign,
		version: 'v1',
		timestamp: ts,
		signature: tanyiSignature(credentials.appKey, credentials.appSecret, credentials.tenantSign, ts),
		'Content-Type': 'application/json',
	};
}

/** WeCom-style msg_signature: hex SHA-1 of the sorted, concatenated [token, timestamp, nonce, encrypt] */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	const joined = [token, timestamp, nonce, encrypt].sort().join('');
	return crypto.createHash('sha1').update(joined, 'utf8').digest('hex');
}

export function wecomKey(encodingAesKey: string): Buffer {
	if (encodingAesKey.length !== 43) throw new Error('EncodingAESKey must be 43 characters');
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes');
	return key;
}

/**
 * WeCom-style encryption: AES-256-CBC, key = base64(EncodingAESKey + '='), IV = key[0..16),
 * plaintext = 16 random bytes + 4-byte big-endian length + message + receiveId, PKCS#7 to 32.
 */
export function wecomEncrypt(
	message: string,
	token: string,
	encodingAesKey: string,
	timestamp: string,
	nonce: string,
	options: { random?: Buffer; receiveId?: string } = {},
): { encrypt: string; msgSignature: string } {
	const key = wecomKey(encodingAesKey);
	const random = options.random ?? crypto.randomBytes(16);
	if (random.length !== 16) throw new Error('random prefix must be 16 bytes');
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([random, length, body, Buffer.from(options.receiveId ?? '', 'utf8')]);
	const pad = 32 - (plain.length % 32);
	const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
	return { encrypt, msgSignature: wecomSignature(token, timestamp, nonce, encrypt) };
}

/** inverse of wecomEncrypt (does not check the signature; use wecomSignature for that) */
export function wecomDecrypt(encrypt: string, encodingAesKey: string): { message: string; receiveId: string } {
	const key = wecomKey(encodingAesKey);
	const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
	const pad = padded[padded.length - 1];
	if (pad < 1 || pad > 32) throw new Error('bad PKCS#7 padding');
	const plain = padded.subarray(0, padded.length - pad);
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new Error('bad message length');
	return {
		message: plain.subarray(20, 20 + length).toString('utf8'),
		receiveId: plain.subarray(20 + length).toString('utf8'),
	};
}
