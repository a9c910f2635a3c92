/** What the Download Recording tests share: reading the binary data n8n stored and checking it is a WAV file. */
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import type { LoggedRequest } from '../emulators/shared/http';
import { RECORDING_PATH } from '../emulators/shared/recordings';

/** the file bytes behind binary data (the harness runs n8n's binary data service in its default, in-memory mode) */
export function bytesOf(binary: IBinaryData): Buffer {
	if (binary.id) throw new Error(`binary data stored by reference (${binary.id}); the harness expects in-memory data`);
	return Buffer.from(binary.data, 'base64');
}

/** asserts the item carries a valid 8 kHz mono 16-bit WAV in `property`, named `fileName` */
export function expectWav(item: INodeExecutionData, fileName: string | RegExp, property = 'data'): Buffer {
	const binary = item.binary?.[property];
	expect(binary).toBeDefined();
	expect(binary!.mimeType).toBe('audio/wav');
	if (typeof fileName === 'string') expect(binary!.fileName).toBe(fileName);
	else expect(binary!.fileName).toMatch(fileName);
	expect(binary!.fileExtension).toBe('wav');
	const bytes = bytesOf(binary!);
	expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
	expect(bytes.subarray(8, 12).toString('ascii')).toBe('WAVE');
	expect(bytes.readUInt32LE(24)).toBe(8000);
	expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
	// n8n reports the size as text ("8.04 kB")
	expect(binary!.fileSize).toMatch(/kB$/);
	return bytes;
}

/** the requests the emulator's recording file host received */
export function fileHostRequests(log: LoggedRequest[]): LoggedRequest[] {
	return log.filter((r) => r.path.startsWith(RECORDING_PATH));
}

/** asserts no credential material reached the file host: no signing headers, no secret in the URL */
export function expectNoCredentials(requests: LoggedRequest[], secrets: string[]): void {
	expect(requests.length).toBeGreaterThan(0);
	for (const r of requests) {
		for (const name of ['authorization', 'sign', 'appkey', 'appsecret', 'datetime', 'token']) expect(r.headers).not.toHaveProperty(name);
		const seen = `${r.path}?${JSON.stringify(r.query)} ${JSON.stringify(r.headers)}`;
		for (const secret of secrets) expect(seen).not.toContain(secret);
	}
}
