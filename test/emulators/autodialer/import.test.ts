/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import { api, client, createTask, sim, useEmulator, validTask, withSim } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('import numbers', () => {
		it('grows progress_bar.total by the accepted count', async () => {
			const task = await createTask();
			const res = await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
				numbers: [
					{ number: '13800000000', name: '张三', variables: { 公司: '示例' }, crm_id: 'L-1' },
					{ number: '+8613800000001' },
					{ number: 13800000002 },
				],
			});
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ message: 'ok', imported: 3 });
			const again = await api('POST', `/v1/task/import_task_customer/${task.uuid}`, { numbers: [{ number: '02112345' }] });
			expect(again.json.imported).toBe(1);
			const list = await api('GET', '/v1/task');
			expect(list.json.data[0].progress_bar).toEqual({ total: 4, progress: 0, percent: 0 });
			const stored = sim.task(task.uuid)!.numbers;
			expect(stored[0]).toMatchObject({ number: '13800000000', name: '张三', variables: { 公司: '示例' }, extra: { crm_id: 'L-1' }, status: 0 });
			expect(stored.map((n) => n.number)).toEqual(['13800000000', '+8613800000001', '13800000002', '02112345']);
		});

		it('rejects more than importMax, an empty list, a missing list, and bad numbers (whole request)', async () => {
			const task = await createTask();
			const path = `/v1/task/import_task_customer/${task.uuid}`;
			const many = Array.from({ length: 101 }, (_, i) => ({ number: `1380000${String(i).padStart(4, '0')}` }));
			const tooMany = await api('POST', path, { numbers: many });
			expect(tooMany.status).toBe(422);
			expect(tooMany.json.errors.numbers[0]).toMatch(/not have more than 100 items/);
			expect((await api('POST', path, { numbers: many.slice(0, 100) })).json.imported).toBe(100);

			const empty = await api('POST', path, { numbers: [] });
			expect(empty.status).toBe(422);
			expect(empty.json.errors.numbers).toBeDefined();
			const missing = await api('POST', path, { phones: [{ number: '13800000000' }] });
			expect(missing.status).toBe(422);
			expect(missing.json.errors.numbers[0]).toMatch(/required/);

			const bad = await api('POST', path, {
				numbers: [
					{ number: '13800000000' },
					{ number: '138-0000' },
					{ number: '1234' },
					{ number: '123456789012345678901' },
					{ name: 'no number' },
					'13800000000',
					{ number: '++12345' },
				],
			});
			expect(bad.status).toBe(422);
			expect(Object.keys(bad.json.errors)).toEqual([
				'numbers.1.number',
				'numbers.2.number',
				'numbers.3.number',
				'numbers.4.number',
				'numbers.5',
				'numbers.6.number',
			]);
			expect(bad.json.errors['numbers.1.number'][0]).toMatch(/numbers\.1\.number format is invalid/);
			expect(bad.json.message).toMatch(/\(and 5 more errors\)$/);
			expect(sim.task(task.uuid)!.numbers).toHaveLength(100);
		});

		it('honours importMax, importListKey and importNumberKey options', async () => {
			await withSim({ importMax: 2, importListKey: 'customers', importNumberKey: 'phone' }, async (s) => {
				const c = client(s);
				const task = (await c('POST', '/v1/task', validTask())).json;
				const path = `/v1/task/import_task_customer/${task.uuid}`;
				const ok = await c('POST', path, { customers: [{ phone: '13800000000' }, { phone: '13800000001' }] });
				expect(ok.json).toEqual({ message: 'ok', imported: 2 });
				const three = await c('POST', path, { customers: [{ phone: '13800000000' }, { phone: '13800000001' }, { phone: '13800000002' }] });
				expect(three.status).toBe(422);
				expect(three.json.errors.customers[0]).toMatch(/more than 2/);
				const oldShape = await c('POST', path, { numbers: [{ number: '13800000000' }] });
				expect(oldShape.status).toBe(422);
				const wrongField = await c('POST', path, { customers: [{ number: '13800000000' }] });
				expect(wrongField.json.errors['customers.0.phone']).toBeDefined();
				expect(s.task(task.uuid)!.numbers).toHaveLength(2);
			});
		});
	});
});
