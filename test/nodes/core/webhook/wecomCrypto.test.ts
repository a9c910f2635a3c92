/**
 * nodes/core/wecomCrypto.ts against (1) Tencent's published WeCom callback vectors and (2) the
 * Tanyi emulator's independent implementation (test/emulators/tanyi/crypto.ts wecomEncrypt /
 * wecomDecrypt / wecomSignature), in both directions.
 */
import {
	verifyWecomSignature,
	wecomAesKey,
	WecomCryptoError,
	wecomDecrypt,
	wecomEncrypt,
	wecomMsgSignature,
} from '../../../../nodes/core/webhook/wecomCrypto';
import {
	wecomDecrypt as simDecrypt,
	wecomEncrypt as simEncrypt,
	wecomSignature as simSignature,
} from '../../../emulators/tanyi';

// WeCom developer documentation sample values (public test vectors)
const OFFICIAL = {
	token: 'QDG6eK',
	encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
	receiveId: 'wx5823bf96d3bd56c7',
	verify: {
		msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
		timestamp: '1409659589',
		nonce: '263014780',
		echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
		plain: '1616140317555161061',
	},
	message: {
		msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
		timestamp: '1409659813',
		nonce: '1372623149',
		encrypt:
			'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
	},
};

const TOKEN = 'tanyiToken';
const KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('WeCom-style crypto: published vectors', () => {
	it('verifies and decrypts the URL-verification echostr', () => {
		const { token, encodingAesKey, receiveId, verify } = OFFICIAL;
		expect(wecomMsgSignature(token, verify.timestamp, verify.nonce, verify.echostr)).toBe(verify.msgSignature);
		expect(verifyWecomSignature(token, verify.timestamp, verify.nonce, verify.echostr, verify.msgSignature)).toBe(true);
		expect(wecomDecrypt(verify.echostr, encodingAesKey)).toEqual({ message: verify.plain, receiveId });
	});

	it('verifies and decrypts the sample message', () => {
		const { token, encodingAesKey, receiveId, message } = OFFICIAL;
		expect(verifyWecomSignature(token, message.timestamp, message.nonce, message.encrypt, message.msgSignature)).toBe(true);
		const plain = wecomDecrypt(message.encrypt, encodingAesKey);
		expect(plain.receiveId).toBe(receiveId);
		expect(plain.message).toContain('<Content><![CDATA[hello]]></Content>');
		expect(plain.message).toContain('<MsgId>4561255354251345929</MsgId>');
	});

	it('rejects a changed signature, timestamp, nonce or ciphertext', () => {
		const { token, message } = OFFICIAL;
		const flipped = message.msgSignature.replace(/^4/, '5');
		expect(verifyWecomSignature(token, message.timestamp, message.nonce, message.encrypt, flipped)).toBe(false);
		expect(verifyWecomSignature(token, '1409659814', message.nonce, message.encrypt, message.msgSignature)).toBe(false);
		expect(verifyWecomSignature(token, message.timestamp, '1', message.encrypt, message.msgSignature)).toBe(false);
		expect(verifyWecomSignature('other', message.timestamp, message.nonce, message.encrypt, message.msgSignature)).toBe(false);
		expect(verifyWecomSignature(token, message.timestamp, message.nonce, `${message.encrypt}x`, message.msgSignature)).toBe(false);
		expect(verifyWecomSignature(token, message.timestamp, message.nonce, message.encrypt, '')).toBe(false);
		// upper-case hex is the same signature
		expect(verifyWecomSignature(token, message.timestamp, message.nonce, message.encrypt, message.msgSignature.toUpperCase())).toBe(true);
	});
});

describe('WeCom-style crypto: against the emulator implementation', () => {
	const messages = [
		'',
		'x',
		JSON.stringify({ dataType: 'ROBOT_CALL_RECORD', data: { callRecordId: 1, customerPersonName: '张三', note: '😀' } }),
		// 16 + 4 + 12 = 32 bytes: a full block of padding is added
		'abcdefghijkl',
		'y'.repeat(5000),
	];

	it.each(messages.map((m) => [m.length, m]))('decrypts what the emulator encrypts (%i chars) and signs alike', (_len, message) => {
		const { encrypt, msgSignature } = simEncrypt(message, TOKEN, KEY, '1717200000', 'nonce42');
		expect(wecomMsgSignature(TOKEN, '1717200000', 'nonce42', encrypt)).toBe(msgSignature);
		expect(simSignature(TOKEN, '1717200000', 'nonce42', encrypt)).toBe(msgSignature);
		expect(wecomDecrypt(encrypt, KEY)).toEqual({ message, receiveId: '' });
		// and the other way round
		expect(simDecrypt(wecomEncrypt(message, KEY), KEY)).toEqual({ message, receiveId: '' });
	});

	it('produces exactly the emulator ciphertext for the same random prefix and receiveId', () => {
		const random = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
		const ours = wecomEncrypt('{"a":1}', KEY, { random, receiveId: 'corp' });
		const theirs = simEncrypt('{"a":1}', TOKEN, KEY, '1', '2', { random, receiveId: 'corp' }).encrypt;
		expect(ours).toBe(theirs);
		// 16 + 4 + 7 + 4 = 31 bytes → one 32-byte block
		expect(Buffer.from(ours, 'base64')).toHaveLength(32);
		expect(wecomDecrypt(ours, KEY)).toEqual({ message: '{"a":1}', receiveId: 'corp' });
	});

	it('pads to 32-byte blocks (PKCS#7 with block size 32, not 16)', () => {
		// 16 + 4 + 12 = 32 → a whole extra block of 32 padding bytes
		expect(Buffer.from(wecomEncrypt('abcdefghijkl', KEY), 'base64')).toHaveLength(64);
		// 16 + 4 + 13 = 33 → 64
		expect(Buffer.from(wecomEncrypt('abcdefghijklm', KEY), 'base64')).toHaveLength(64);
	});
});

describe('WeCom-style crypto: bad input', () => {
	it('refuses EncodingAESKeys that are not 43 base64 characters', () => {
		expect(() => wecomAesKey('short')).toThrow(WecomCryptoError);
		expect(() => wecomAesKey(`${KEY}A`)).toThrow(/43 characters/);
		expect(() => wecomAesKey(KEY.replace('a', '-'))).toThrow(/43 characters/);
		expect(wecomAesKey(KEY)).toHaveLength(32);
	});

	it('refuses ciphertexts that are not whole blocks, or whose padding or length is wrong', () => {
		expect(() => wecomDecrypt('', KEY)).toThrow(WecomCryptoError);
		expect(() => wecomDecrypt(Buffer.alloc(20).toString('base64'), KEY)).toThrow(/whole number of AES blocks/);
		// decrypting with another key gives garbage: padding or length must not pass silently
		const encrypt = simEncrypt('{"dataType":"X"}', TOKEN, KEY, '1', '2').encrypt;
		const otherKey = 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut';
		let outcome: string;
		try {
			outcome = wecomDecrypt(encrypt, otherKey).message;
		} catch (error) {
			outcome = (error as Error).name;
		}
		expect(outcome).not.toBe('{"dataType":"X"}');
	});

	it('never puts the key into error messages', () => {
		try {
			wecomAesKey(`${KEY.slice(0, 40)}!!!`);
			throw new Error('expected a failure');
		} catch (error) {
			expect((error as Error).message).not.toContain(KEY.slice(0, 40));
		}
	});
});
