/**
 * The Byrobot Callback Trigger through n8n-core's WebhookContext: envelopes, events, secrets,
 * de-duplication and the loop with the emulator.
 */
import { createTask, SECRET, sim, startLoop, useEmulator } from './support';

useEmulator();

describe('Byrobot Callback Trigger: full loop with the emulator (text/plain callbacks)', () => {
	it('finished calls and a manual edit each start one run; the emulator sees "success" once each', async () => {
		const loop = await startLoop({ simplify: true });
		try {
			const taskId = await createTask();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`, { textPlain: true });
			const calls = sim.addCallRecords(taskId, [
				{ customerTelephone: '13900000001', finishStatus: 0, intent: 'A级(较强)' },
				{ customerTelephone: '13900000002', finishStatus: 8, intent: '' },
			]);
			sim.sendManualIntentEdit(calls[0].callInstanceId, 'D级(很少)');
			await sim.flushCallbacks({ skipDelays: true });
			const mine = sim.callbackDeliveries.filter((d) => d.dataType === 'CALL_INSTANCE_RESULT');
			expect(mine).toHaveLength(3);
			for (const d of mine) {
				expect(d.contentType).toMatch(/^text\/plain/);
				expect(d.state).toBe('delivered');
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			const items = loop.runs.map((r) => r[0]);
			expect(items).toHaveLength(3);
			// deliveries run concurrently: match by content, not arrival order
			expect(items.find((i) => i.phone === '13900000001')).toMatchObject({
				callId: String(calls[0].callInstanceId),
				status: 'answered',
				intentLevel: 'A',
			});
			expect(items.find((i) => i.phone === '13900000002')).toMatchObject({ callId: String(calls[1].callInstanceId), status: 'no_answer' });
			expect(items.find((i) => i.phone === null)).toMatchObject({ callId: String(calls[0].callInstanceId), intentLevel: 'D', status: 'unknown' });

			const forged = await fetch(loop.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(mine[0].payload) });
			expect(forged.status).toBe(401);
			expect(loop.runs).toHaveLength(3);
		} finally {
			await loop.close();
		}
	});

	it('a lost acknowledgement is retried by the emulator and starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const taskId = await createTask();
			sim.setCallbackUrl(`${loop.url}?token=${SECRET}`);
			sim.addCallRecords(taskId, [{ customerTelephone: '13900000003' }]);
			await sim.flushCallbacks({ skipDelays: true });
			const [delivery] = sim.callbackDeliveries.filter((d) => d.dataType === 'CALL_INSTANCE_RESULT');
			expect(delivery.state).toBe('delivered');
			expect(delivery.attempts.map((a) => a.status)).toEqual([504, 200]);
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});
