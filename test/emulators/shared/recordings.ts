/**
 * The vendors' recording file host, as the emulators serve it: a small real WAV file behind a
 * pre-signed, expiring URL in the style of Aliyun OSS (the hosts in seed 002 / 003 examples are
 * `*.oss-cn-hangzhou.aliyuncs.com`): `/oss/<object key>?OSSAccessKeyId=…&Expires=<epoch s>&Signature=…`.
 *
 * [inferred] The vendors do not document how long their recording links live, nor that they are
 * signed at all; the emulators sign every link when a record is read (or, for Autodialer, when
 * the call ends) and answer 403 once `Expires` has passed, like OSS does. The lifetime is the
 * `recordingTtlSeconds` option (default 3600 s) and may be changed at run time (`ttlSeconds`).
 * The link carries only the host's own signature, never the API credential.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { SimRequest, SimResponse } from './http';

export const RECORDING_PATH = '/oss/';
export const DEFAULT_RECORDING_TTL_SECONDS = 3600;
const ACCESS_KEY_ID = 'SIMOSSACCESSKEY';

/** 8 kHz mono 16-bit PCM, a 440 Hz tone: a valid RIFF/WAVE file of 44 + 16 × durationMs bytes */
export function toneWav(durationMs = 500, hz = 440): Buffer {
	const rate = 8000;
	const samples = Math.round((rate * durationMs) / 1000);
	const data = samples * 2;
	const wav = Buffer.alloc(44 + data);
	wav.write('RIFF', 0, 'ascii');
	wav.writeUInt32LE(36 + data, 4);
	wav.write('WAVE', 8, 'ascii');
	wav.write('fmt ', 12, 'ascii');
	wav.writeUInt32LE(16, 16); // fmt chunk size
	wav.writeUInt16LE(1, 20); // PCM
	wav.writeUInt16LE(1, 22); // mono
	wav.writeUInt32LE(rate, 24);
	wav.writeUInt32LE(rate * 2, 28); // byte rate
	wav.writeUInt16LE(2, 32); // block align
	wav.writeUInt16LE(16, 34); // bits per sample
	wav.write('data', 36, 'ascii');
	wav.writeUInt32LE(data, 40);
	for (let i = 0; i < samples; i++) {
		wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
	}
	return wav;
}

const ossError = (status: number, code: string, message: string): SimResponse => ({
	status,
	raw: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(12).toString('hex').toUpperCase()}</RequestId></Error>`,
	headers: { 'content-type': 'application/xml' },
});

export class RecordingHost {
	/** link lifetime in seconds; 0 makes every new link expired at once */
	ttlSeconds: number;
	/** downloads served (200) */
	served = 0;
	private readonly secret = randomBytes(16).toString('hex');
	private readonly file = toneWav();

	constructor(
		private readonly now: () => number,
		private readonly root: () => string,
		ttlSeconds = DEFAULT_RECORDING_TTL_SECONDS,
	) {
		this.ttlSeconds = ttlSeconds;
	}

	private signature(key: string, expires: number): string {
		return createHmac('sha1', this.secret).update(`GET\n\n\n${expires}\n/${key}`).digest('base64');
	}

	/** a fresh pre-signed link to the object `key` (null stays null: no recording) */
	url(key: string | null | undefined): string | null {
		if (!key) return null;
		const expires = Math.floor(this.now() / 1000) + this.ttlSeconds;
		const qs = new URLSearchParams({ OSSAccessKeyId: ACCESS_KEY_ID, Expires: String(expires), Signature: this.signature(key, expires) });
		return `${this.root()}${RECORDING_PATH}${key.split('/').map(encodeURIComponent).join('/')}?${qs.toString()}`;
	}

	handles(req: SimRequest): boolean {
		return req.path.startsWith(RECORDING_PATH);
	}

	/** OSS's answers: 403 AccessDenied (expired), 403 SignatureDoesNotMatch, 200 with the file */
	handle(req: SimRequest): SimResponse {
		if (req.method !== 'GET' && req.method !== 'HEAD') return ossError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
		const key = decodeURIComponent(req.path.slice(RECORDING_PATH.length));
		const expires = Number(req.query.get('Expires'));
		const signature = req.query.get('Signature') ?? '';
		if (!key.endsWith('.wav')) return ossError(404, 'NoSuchKey', 'The specified key does not exist.');
		if (!Number.isInteger(expires) || signature !== this.signature(key, expires)) {
			return ossError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
		}
		if (Math.floor(this.now() / 1000) >= expires) return ossError(403, 'AccessDenied', 'Request has expired.');
		this.served += 1;
		return { status: 200, raw: this.file, headers: { 'content-type': 'audio/wav', 'content-length': String(this.file.length) } };
	}
}
