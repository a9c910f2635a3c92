/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import { AUTODIALER_CALL_STATUS, AutodialerSimulator } from '.';
import { api, client, createTask, sim, useEmulator, validTask, withSim } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('calls', () => {
		it('completeCalls finishes waiting numbers deterministically and updates progress_bar', async () => {
			const run = async () => {
				const s = new AutodialerSimulator({ seed: 42, callsPerSecond: 0 });
				await s.start();
				try {
					const c = client(s);
					const task = (await c('POST', '/v1/task', validTask())).json;
					const numbers = Array.from({ length: 10 }, (_, i) => ({ number: `1390000000${i}`, name: `n${i}` }));
					await c('POST', `/v1/task/import_task_customer/${task.uuid}`, { numbers });
					const first = s.completeCalls(task.uuid, 4);
					const bar = (await c('GET', '/v1/task')).json.data[0].progress_bar;
					return { first, bar, rest: s.completeCalls(task.uuid, 100) };
				} finally {
					await s.close();
				}
			};
			const one = await run();
			const two = await run();
			expect(one.first.map((r) => r.status)).toEqual(two.first.map((r) => r.status));
			expect(one.first.map((r) => r.duration)).toEqual(two.first.map((r) => r.duration));
			expect(one.first.map((r) => r.number)).toEqual(['13900000000', '13900000001', '13900000002', '13900000003']);
			expect(one.bar).toEqual({ total: 10, progress: 4, percent: 40 });
			expect(one.rest).toHaveLength(6);
			for (const r of [...one.first, ...one.rest]) {
				expect(r.status).toBeGreaterThanOrEqual(1);
				expect(r.status).toBeLessThanOrEqual(12);
				expect(r.status_label).toBe(AUTODIALER_CALL_STATUS[r.status]);
				if (r.status === 1) {
					expect(r.duration).toBeGreaterThan(0);
					expect(r.record_url).toMatch(/\/oss\/recordings\/.+\.wav\?OSSAccessKeyId=\w+&Expires=\d+&Signature=/);
					expect(r.answered_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
				} else {
					expect(r.duration).toBe(0);
					expect(r.record_url).toBeNull();
					expect(r.answered_at).toBeNull();
				}
			}
		});

		it('forced statuses and the recording URL', async () => {
			const task = await createTask();
			await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
				numbers: [{ number: '13800000000' }, { number: '13800000001' }, { number: '13800000002' }],
			});
			const results = sim.completeCalls(task.uuid, 5, [1, 8, 12]);
			expect(results.map((r) => r.status)).toEqual([1, 8, 12]);
			expect(results.map((r) => r.status_label)).toEqual(['success', 'busy', 'call loss']);
			const rec = await fetch(results[0].record_url!);
			expect(rec.status).toBe(200);
			expect(rec.headers.get('content-type')).toBe('audio/wav');
			expect((await api('GET', '/v1/task')).json.data[0].progress_bar).toEqual({ total: 3, progress: 3, percent: 100 });
		});

		it('a started task dials lazily at callsPerSecond; a stopped task does not', async () => {
			let now = Date.UTC(2024, 4, 1, 2, 0, 0);
			await withSim({ callsPerSecond: 2, now: () => now }, async (s) => {
				const c = client(s);
				const task = (await c('POST', '/v1/task', validTask())).json;
				const numbers = Array.from({ length: 6 }, (_, i) => ({ number: `1370000000${i}` }));
				await c('POST', `/v1/task/import_task_customer/${task.uuid}`, { numbers });
				now += 10_000; // not started: nothing happens
				expect((await c('GET', '/v1/task')).json.data[0].progress_bar.progress).toBe(0);
				await c('GET', `/v1/task/start/${task.uuid}`);
				now += 1_000;
				expect((await c('GET', '/v1/task')).json.data[0].progress_bar.progress).toBe(2);
				now += 500;
				await c('GET', `/v1/task/stop/${task.uuid}`);
				expect(s.task(task.uuid)!.numbers.filter((n) => n.status !== 0)).toHaveLength(3);
				now += 60_000;
				expect((await c('GET', '/v1/task')).json.data[0].progress_bar).toEqual({ total: 6, progress: 3, percent: 50 });
				await c('GET', `/v1/task/start/${task.uuid}`);
				now += 60_000;
				expect((await c('GET', '/v1/task')).json.data[0].progress_bar).toEqual({ total: 6, progress: 6, percent: 100 });
				expect(s.state.calls).toHaveLength(6);
				// the hang-up time follows the emulator clock (CST)
				expect(s.state.calls[0].hangup_at).toBe('2024-05-01 10:00:11');
			});
		});
	});
});
