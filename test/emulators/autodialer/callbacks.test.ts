/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, client, createTask, sim, useEmulator, validTask, withSim } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('hang-up callbacks', () => {
		let receiver: http.Server;
		let receiverUrl: string;
		let received: Array<{ contentType: string; body: string; at: number }>;
		let answers: Array<{ status: number; body: string }>;

		beforeAll(async () => {
			receiver = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c) => chunks.push(c));
				req.on('end', () => {
					received.push({
						contentType: String(req.headers['content-type']),
						body: Buffer.concat(chunks).toString('utf8'),
						at: Date.now(),
					});
					const answer = answers.shift() ?? { status: 200, body: 'success' };
					res.writeHead(answer.status, { 'content-type': 'text/plain' });
					res.end(answer.body);
				});
			});
			await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		});
		afterAll(async () => {
			await new Promise<void>((r) => receiver.close(() => r()));
		});
		beforeEach(() => {
			received = [];
			answers = [];
		});

		it('POSTs JSON for each finished call and retries until 200 success', async () => {
			const task = await createTask();
			await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
				numbers: [{ number: '13800000000', name: '张三', variables: { k: 'v' } }],
			});
			sim.setCallbackUrl(receiverUrl, { retryDelaysMs: [20, 20, 20] });
			answers = [
				{ status: 500, body: 'oops' },
				{ status: 200, body: 'fail' },
			];
			const [call] = sim.completeCalls(task.uuid, 1, 1);
			const deliveries = await sim.flushCallbacks();
			expect(deliveries).toHaveLength(1);
			const d = deliveries[0];
			expect(d.delivered).toBe(true);
			expect(d.done).toBe(true);
			expect(d.attempts.map((a) => a.status)).toEqual([500, 200, 200]);
			expect(d.attempts.map((a) => a.body)).toEqual(['oops', 'fail', 'success']);
			expect(received).toHaveLength(3);
			expect(received[0].contentType).toBe('application/json');
			const payload = JSON.parse(received[2].body);
			expect(payload).toEqual({
				call_id: call.call_id,
				task_uuid: task.uuid,
				number: '13800000000',
				name: '张三',
				variables: { k: 'v' },
				status: 1,
				status_label: 'success',
				duration: call.duration,
				answered_at: call.answered_at,
				hangup_at: call.hangup_at,
				record_url: call.record_url,
			});
			expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(15);
		});

		it('gives up after the configured retries', async () => {
			const task = await createTask();
			await api('POST', `/v1/task/import_task_customer/${task.uuid}`, { numbers: [{ number: '13800000000' }] });
			sim.setCallbackUrl(receiverUrl, { retryDelaysMs: [10, 10] });
			answers = Array.from({ length: 5 }, () => ({ status: 503, body: 'busy' }));
			sim.completeCalls(task.uuid, 1, 4);
			const [d] = await sim.flushCallbacks();
			expect(d.delivered).toBe(false);
			expect(d.done).toBe(true);
			expect(d.attempts).toHaveLength(3);
			expect(received).toHaveLength(3);
		});

		it('records connection errors as failed attempts', async () => {
			const call = { ...(await (async () => {
				const task = await createTask();
				await api('POST', `/v1/task/import_task_customer/${task.uuid}`, { numbers: [{ number: '13800000000' }] });
				return sim.completeCalls(task.uuid, 1, 3)[0];
			})()) };
			const d = await sim.sendHangupCallback('http://127.0.0.1:1/closed', call, { retryDelaysMs: [5] });
			expect(d.delivered).toBe(false);
			expect(d.attempts).toHaveLength(2);
			expect(d.attempts[0].error).toBeTruthy();
		});

		it('form mode sends application/x-www-form-urlencoded', async () => {
			const task = await createTask();
			await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
				numbers: [{ number: '13800000000', variables: { city: '上海' } }],
			});
			sim.setCallbackUrl(receiverUrl, { form: true });
			const [call] = sim.completeCalls(task.uuid, 1, 5);
			await sim.flushCallbacks();
			expect(received).toHaveLength(1);
			expect(received[0].contentType).toBe('application/x-www-form-urlencoded');
			const form = new URLSearchParams(received[0].body);
			expect(form.get('task_uuid')).toBe(task.uuid);
			expect(form.get('number')).toBe('13800000000');
			expect(form.get('status')).toBe('5');
			expect(form.get('call_id')).toBe(call.call_id);
			expect(form.get('record_url')).toBe('');
			expect(form.get('variables[city]')).toBe('上海');
		});

		it('lazy dialing also triggers callbacks', async () => {
			let now = Date.now();
			await withSim({ callsPerSecond: 1, now: () => now }, async (s) => {
				const c = client(s);
				const task = (await c('POST', '/v1/task', validTask())).json;
				await c('POST', `/v1/task/import_task_customer/${task.uuid}`, {
					numbers: [{ number: '13800000000' }, { number: '13800000001' }],
				});
				s.setCallbackUrl(receiverUrl);
				await c('GET', `/v1/task/start/${task.uuid}`);
				now += 5_000;
				await c('GET', '/v1/task');
				const deliveries = await s.flushCallbacks();
				expect(deliveries.map((d) => d.delivered)).toEqual([true, true]);
				expect(received.map((r) => JSON.parse(r.body).number)).toEqual(['13800000000', '13800000001']);
			});
		});
	});
});
