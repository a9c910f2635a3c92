/**
 * The Autodialer Callback Trigger through n8n-core's WebhookContext: the inferred hang-up
 * notification (JSON or form), secrets, de-duplication, the loop.
 */
import { hangup, SECRET, sim, startLoop, useEmulator } from './support';

useEmulator();

describe('Autodialer Callback Trigger: full loop with the emulator', () => {
	it('JSON and form notifications each start one run; the emulator stops at "success"; forged copies fail', async () => {
		const loop = await startLoop({ authMode: 'header', headerName: 'X-Dialer-Secret', simplify: true });
		try {
			const opts = { headers: { 'X-Dialer-Secret': SECRET }, retryDelaysMs: [10, 10] };
			const a = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-a' }), opts);
			const b = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-b', status: 8, status_label: 'busy', duration: 0, answered_at: null }), {
				...opts,
				form: true,
			});
			for (const d of [a, b]) {
				expect(d.delivered).toBe(true);
				expect(d.attempts).toHaveLength(1);
				expect(d.attempts[0]).toMatchObject({ status: 200, body: 'success' });
			}
			expect(loop.runs.map((r) => r[0])).toMatchObject([
				{ callId: 'call-a', status: 'answered', durationSeconds: 37 },
				{ callId: 'call-b', status: 'busy', durationSeconds: 0, startTime: null },
			]);
			const forged = await sim.sendHangupCallback(loop.url, hangup({ call_id: 'call-c' }), { headers: { 'X-Dialer-Secret': 'guess' }, retryDelaysMs: [] });
			expect(forged.delivered).toBe(false);
			expect(forged.attempts[0].status).toBe(401);
			expect(loop.runs).toHaveLength(2);
		} finally {
			await loop.close();
		}
	});

	it('a dropped answer is retried by the emulator and starts no second run', async () => {
		const loop = await startLoop({}, { loseFirstAcks: 1 });
		try {
			const d = await sim.sendHangupCallback(`${loop.url}?token=${SECRET}`, hangup({ call_id: 'call-r' }), { form: true, retryDelaysMs: [10, 10] });
			expect(d.delivered).toBe(true);
			expect(d.attempts).toHaveLength(2);
			expect(d.attempts[0].error).toBeDefined();
			expect(loop.runs).toHaveLength(1);
		} finally {
			await loop.close();
		}
	});
});
