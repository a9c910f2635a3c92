/**
 * The emulators' recording file host: a real WAV file behind an OSS-style pre-signed link that
 * expires ([inferred] lifetime, recordingTtlSeconds) and is checked like OSS checks it.
 */
import { SimServer } from './http';
import { toneWav } from './recordings';

let now = Date.UTC(2024, 4, 1, 2, 0, 0);
let server: SimServer;

beforeAll(async () => {
	server = new SimServer(() => ({ status: 404, body: {} }), { now: () => now, recordingTtlSeconds: 60 });
	await server.start();
});
afterAll(() => server.close());

describe('recording file host', () => {
	it('toneWav is a valid RIFF/WAVE file: 8 kHz, mono, 16-bit PCM, 0.5 s', () => {
		const wav = toneWav();
		expect(wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
		expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
		expect(wav.subarray(8, 16).toString('ascii')).toBe('WAVEfmt ');
		expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 8000, 16]);
		expect(wav.subarray(36, 40).toString('ascii')).toBe('data');
		expect(wav.readUInt32LE(40)).toBe(8000);
		expect(wav.length).toBe(8044);
		// a tone, not silence
		expect(Math.max(...Array.from({ length: 100 }, (_, i) => Math.abs(wav.readInt16LE(44 + i * 2))))).toBeGreaterThan(1000);
	});

	it('serves the file while the link is valid, 403 AccessDenied once Expires has passed', async () => {
		const url = server.recordings.url('RobotPhoneCommunicate/1/a.wav')!;
		expect(url).toMatch(new RegExp(`^${server.url}/oss/RobotPhoneCommunicate/1/a\\.wav\\?OSSAccessKeyId=\\w+&Expires=${now / 1000 + 60}&Signature=`));
		const ok = await fetch(url);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toBe('audio/wav');
		expect(Buffer.from(await ok.arrayBuffer()).equals(toneWav())).toBe(true);
		now += 59_000;
		expect((await fetch(url)).status).toBe(200);
		now += 1_000;
		const expired = await fetch(url);
		expect(expired.status).toBe(403);
		expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
	});

	it('403 SignatureDoesNotMatch for a changed link or none; no link without a key', async () => {
		const url = new URL(server.recordings.url('k/b.wav')!);
		url.searchParams.set('Expires', String(Number(url.searchParams.get('Expires')) + 3600));
		const forged = await fetch(url);
		expect(forged.status).toBe(403);
		expect(await forged.text()).toContain('SignatureDoesNotMatch');
		expect((await fetch(`${server.url}/oss/k/b.wav`)).status).toBe(403);
		expect(server.recordings.url(null)).toBeNull();
	});

	it('a lifetime of 0 hands out links that are already expired', async () => {
		server.recordings.ttlSeconds = 0;
		try {
			expect((await fetch(server.recordings.url('k/c.wav')!)).status).toBe(403);
		} finally {
			server.recordings.ttlSeconds = 60;
		}
	});
});
