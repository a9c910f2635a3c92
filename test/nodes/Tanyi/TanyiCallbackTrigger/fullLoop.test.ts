/**
 * The Tanyi Callback Trigger through n8n-core's WebhookContext: answers, secrets, WeCom-style
 * encryption, de-duplication and the loop with the emulator.
 */
import { wecomEncrypt } from '../../../emulators/tanyi';
import { AES_KEY, createJob, encryptedParams, SECRET, sim, startLoop, TOKEN, useEmulator } from './support';

useEmulator();

describe('Tanyi Callback Trigger: full loop with the emulator', () => {
	it('each call record starts one run and the emulator stops at the first "success"', async () => {
		const loop = await startLoop({ simplify: true });
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			const records = sim.addCallRecords(jobId, [{ calledPhoneNumber: '13900000001' }, { calledPhoneNumber: '13900000002' }]);
			await sim.flushCallbacks();
			expect(sim.callbackDeliveries).toHaveLength(2);
			for (const d of sim.callbackDeliveries) {
				expect(d.state).toBe('delivered');
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			// deliveries run concurrently: compare as sets
			expect(loop.runs.map((r) => r[0].callId).sort()).toEqual(records.map((r) => String(r.callRecordId)).sort());
			expect(loop.runs.find((r) => r[0].phone === '13900000001')?.[0]).toMatchObject({ jobId: String(jobId) });

			// a forged copy without the secret is refused and starts nothing
			const forged = await fetch(loop.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(sim.callbackDeliveries[0].payload),
			});
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(2);
		} finally {
			await loop.close();
		}
	});

	it('a lost acknowledgement makes the emulator retry, and the retry starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			sim.addCallRecords(jobId, [{}]);
			await sim.flushCallbacks();
			const [delivery] = sim.callbackDeliveries;
			expect(delivery.state).toBe('delivered');
			expect(delivery.attempts.map((a) => a.status)).toEqual([502, 200]);
			expect(loop.runs).toHaveLength(1);
			expect(loop.statuses).toEqual([200, 200]);
		} finally {
			await loop.close();
		}
	});

	it('encrypted mode: URL verification, then decrypted call records; forged copies refused', async () => {
		const loop = await startLoop(encryptedParams);
		try {
			const jobId = await createJob();
			sim.setCallbackUrl(loop.url, { encrypted: { token: TOKEN, encodingAesKey: AES_KEY } });
			const check = await sim.verifyCallbackUrl();
			expect(check).toMatchObject({ ok: true, status: 200 });
			expect(check.body).toBe(check.expected);

			const [created] = sim.addCallRecords(jobId, [{ customerPersonName: '王五' }]);
			await sim.flushCallbacks();
			const [delivery] = sim.callbackDeliveries;
			expect(delivery).toMatchObject({ encrypted: true, state: 'delivered' });
			expect(delivery.attempts).toHaveLength(1);
			expect(loop.runs).toHaveLength(1);
			expect(loop.runs[0][0]).toMatchObject({ dataType: 'ROBOT_CALL_RECORD', data: { callRecordId: created.callRecordId, customerPersonName: '王五' } });

			// the same plaintext signed with another token
			const timestamp = String(Math.floor(Date.now() / 1000));
			const { encrypt, msgSignature } = wecomEncrypt(JSON.stringify(delivery.payload), 'attacker', AES_KEY, timestamp, 'n');
			const forged = await fetch(`${loop.url}?msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=n`, {
				method: 'POST',
				headers: { 'content-type': 'application/xml' },
				body: `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
			});
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});
