/**
 * WeCom-style callback encryption, as newer YiWise (Tanyi) accounts use it (VENDORS.md §1
 * "Callbacks"): a `token` and a 43-character `EncodingAESKey` are configured on both sides.
 *
 * - msg_signature = hex SHA-1 of the four strings [token, timestamp, nonce, encrypt] sorted
 *   and concatenated;
 * - AES-256-CBC, key = base64decode(EncodingAESKey + "="), IV = the first 16 key bytes,
 *   PKCS#7 padding to 32-byte blocks (not AES's 16);
 * - plaintext = 16 random bytes + 4-byte big-endian message length + message + receiveId.
 *
 * Only Node's `crypto` is used.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;

/** Anything wrong with a key, a ciphertext or its padding; never carries key material. */
export class WecomCryptoError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WecomCryptoError';
	}
}

/** The 32-byte AES key from a 43-character EncodingAESKey. */
export function wecomAesKey(encodingAesKey: string): Buffer {
	const text = encodingAesKey.trim();
	if (!/^[A-Za-z0-9+/]{43}$/.test(text)) {
		throw new WecomCryptoError('the EncodingAESKey must be 43 characters of base64 (A-Z, a-z, 0-9, +, /)');
	}
	const key = Buffer.from(`${text}=`, 'base64');
	if (key.length !== 32) throw new WecomCryptoError('the EncodingAESKey does not decode to 32 bytes');
	return key;
}

/** hex SHA-1 over the sorted, concatenated [token, timestamp, nonce, encrypt] */
export function wecomMsgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	const joined = [token, timestamp, nonce, encrypt].sort().join('');
	return createHash('sha1').update(joined, 'utf8').digest('hex');
}

/** Whether `signature` is the msg_signature of the other four values (constant-time compare). */
export function verifyWecomSignature(
	token: string,
	timestamp: string,
	nonce: string,
	encrypt: string,
	signature: string,
): boolean {
	const expected = Buffer.from(wecomMsgSignature(token, timestamp, nonce, encrypt), 'utf8');
	const given = Buffer.from(String(signature).trim().toLowerCase(), 'utf8');
	if (given.length !== expected.length) return false;
	return timingSafeEqual(given, expected);
}

/** Decrypts an `Encrypt` / `echostr` value. Does not check the signature: call verifyWecomSignature first. */
export function wecomDecrypt(encrypt: string, encodingAesKey: string): { message: string; receiveId: string } {
	const key = wecomAesKey(encodingAesKey);
	const cipherText = Buffer.from(String(encrypt).replace(/\s+/g, ''), 'base64');
	if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
		throw new WecomCryptoError('the encrypted text is not a whole number of AES blocks');
	}
	// whole blocks and no automatic padding: the decipher itself cannot fail here
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
	const pad = padded[padded.length - 1];
	if (pad < 1 || pad > BLOCK || pad > padded.length) throw new WecomCryptoError('bad PKCS#7 padding');
	for (let i = padded.length - pad; i < padded.length; i++) {
		if (padded[i] !== pad) throw new WecomCryptoError('bad PKCS#7 padding');
	}
	const plain = padded.subarray(0, padded.length - pad);
	if (plain.length < 20) throw new WecomCryptoError('the decrypted text is too short');
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new WecomCryptoError('the decrypted message length is out of range');
	return {
		message: plain.subarray(20, 20 + length).toString('utf8'),
		receiveId: plain.subarray(20 + length).toString('utf8'),
	};
}

/** The inverse of wecomDecrypt (for answering in kind and for tests). */
export function wecomEncrypt(
	message: string,
	encodingAesKey: string,
	options: { receiveId?: string; random?: Buffer } = {},
): string {
	const key = wecomAesKey(encodingAesKey);
	const random = options.random ?? randomBytes(16);
	if (random.length !== 16) throw new WecomCryptoError('the random prefix must be 16 bytes');
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([random, length, body, Buffer.from(options.receiveId ?? '', 'utf8')]);
	const pad = BLOCK - (plain.length % BLOCK);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
