/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import * as crypto from 'node:crypto';
import { wecomDecrypt, wecomEncrypt, wecomSignature } from '.';
import { call, createJob, customers, receiver, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('callbacks', () => {
		it('retries until the receiver answers exactly "success"', async () => {
			const hook = await receiver((n) => (n === 1 ? { status: 500, body: 'oops' } : n === 2 ? { status: 200, body: 'ok' } : { status: 200, body: 'success' }));
			try {
				const id = await createJob(sim);
				const isv = await call(sim, 'POST', '/isv/updateIsvInfo', { tenantSign: sim.credentials.tenantSign, callbackUrl: hook.url });
				expect(isv.json.code).toBe(200);
				expect((await call(sim, 'POST', '/isv/updateIsvInfo', { tenantSign: 'someoneelse', callbackUrl: hook.url })).json.code).toBe(403);
				await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(1) });
				await call(sim, 'POST', '/job/start', { robotCallJobId: id });
				const [record] = sim.completeCalls(id);
				await sim.flushCallbacks();
				const recordDelivery = sim.callbackDeliveries.find((d) => d.dataType === 'ROBOT_CALL_RECORD')!;
				expect(recordDelivery.state).toBe('delivered');
				const jobDelivery = sim.callbackDeliveries.find((d) => d.dataType === 'ROBOT_CALL_JOB')!;
				expect(jobDelivery.state).toBe('delivered');
				expect(recordDelivery.attempts.length + jobDelivery.attempts.length).toBe(4);
				const bodies = hook.received.map((r) => JSON.parse(r.body));
				const recordBodies = bodies.filter((b) => b.dataType === 'ROBOT_CALL_RECORD');
				expect(recordBodies[0].data).toMatchObject({
					callRecordId: record.callRecordId,
					robotCallJobId: id,
					properties: { 欠款金额: '10' },
					callDetailList: expect.any(Array),
				});
				expect(bodies.find((b) => b.dataType === 'ROBOT_CALL_JOB').data).toEqual({ robotCallJobId: id, tenantId: 1, status: 'COMPLETED' });
				expect(hook.received[0].headers['content-type']).toMatch(/application\/json/);
			} finally {
				await hook.close();
			}
		});

		it('gives up after 10 retries', async () => {
			const hook = await receiver(() => ({ status: 200, body: 'SUCCESS' }));
			try {
				const id = await createJob(sim);
				sim.setCallbackUrl(hook.url);
				sim.addCallRecords(id, [{}]);
				await sim.flushCallbacks();
				expect(sim.callbackDeliveries[0].state).toBe('failed');
				expect(sim.callbackDeliveries[0].attempts).toHaveLength(11);
				expect(hook.received).toHaveLength(11);
			} finally {
				await hook.close();
			}
		});

		it('encrypted mode posts WeCom-style XML that verifies and decrypts', async () => {
			const token = 'simToken123';
			const encodingAesKey = crypto.randomBytes(32).toString('base64').slice(0, 43);
			const decrypted: unknown[] = [];
			const hook = await receiver((_n, req) => {
				const q = new URL(req.url, 'http://x').searchParams;
				// as the vendor's demo receiver: URL-decode the XML before reading Encrypt
				const encrypt = decodeURIComponent(/<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(req.body)?.[1] ?? '');
				// the demo's timestamp is milliseconds (yiwise/callbackdemo TestDemo: "1678759048896")
				if (!/^\d{13}$/.test(q.get('timestamp') ?? '')) return { status: 400, body: 'timestamp is not milliseconds' };
				if (q.has('echostr')) return { status: 200, body: wecomDecrypt(q.get('echostr')!, encodingAesKey).message };
				if (wecomSignature(token, q.get('timestamp')!, q.get('nonce')!, encrypt) !== q.get('msg_signature')) return { status: 403, body: 'bad signature' };
				decrypted.push(JSON.parse(wecomDecrypt(encrypt, encodingAesKey).message));
				return { status: 200, body: 'success' };
			});
			try {
				const id = await createJob(sim);
				sim.setCallbackUrl(hook.url, { encrypted: { token, encodingAesKey } });
				expect((await sim.verifyCallbackUrl()).ok).toBe(true);
				const [rec] = sim.addCallRecords(id, [{ customerPersonName: '张三', intentLevel: 'B' }]);
				await sim.flushCallbacks();
				expect(sim.callbackDeliveries[0]).toMatchObject({ state: 'delivered', encrypted: true });
				expect(decrypted).toEqual([{ dataType: 'ROBOT_CALL_RECORD', data: expect.objectContaining({ callRecordId: rec.callRecordId, customerPersonName: '张三' }) }]);
				expect(hook.received[1].headers['content-type']).toMatch(/xml/);
				// the sender URL-encodes the Base64 inside the XML, as yiwise/callbackdemo TestDemo.testPost does
				expect(hook.received[1].body).toMatch(/<Encrypt><!\[CDATA\[[A-Za-z0-9%]+\]\]><\/Encrypt>/);
				expect(hook.received[1].body).toMatch(/<TimeStamp>\d{13}<\/TimeStamp>/);
			} finally {
				await hook.close();
			}
		});

		it('wecomEncrypt builds the documented layout (independent check)', () => {
			const key = crypto.randomBytes(32);
			const aesKey = key.toString('base64').slice(0, 43);
			const random = Buffer.alloc(16, 7);
			const json = JSON.stringify({ dataType: 'ROBOT_CALL_JOB', data: { 名: 1 } });
			const { encrypt, msgSignature } = wecomEncrypt(json, 'tok', aesKey, '1700000000', 'nonce1', { random });
			// decrypt by hand: AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32-byte blocks
			const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
			decipher.setAutoPadding(false);
			const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
			expect(plain.length % 32).toBe(0);
			const pad = plain[plain.length - 1];
			expect(plain.subarray(plain.length - pad).every((b) => b === pad)).toBe(true);
			expect(plain.subarray(0, 16).equals(random)).toBe(true);
			const len = plain.readUInt32BE(16);
			expect(len).toBe(Buffer.byteLength(json));
			expect(plain.subarray(20, 20 + len).toString('utf8')).toBe(json);
			expect(20 + len).toBe(plain.length - pad); // empty receiveId
			const expectedSig = crypto.createHash('sha1').update(['tok', '1700000000', 'nonce1', encrypt].sort().join('')).digest('hex');
			expect(msgSignature).toBe(expectedSig);
			expect(wecomDecrypt(encrypt, aesKey)).toEqual({ message: json, receiveId: '' });
		});
	});
});
