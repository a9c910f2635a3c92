/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import { api, LINE_RESIDUE_1, useEmulator } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('GET /v1/task/create (meta)', () => {
		it('has the exact seed shape', async () => {
			const res = await api('GET', '/v1/task/create');
			expect(res.status).toBe(200);
			expect(Object.keys(res.json)).toEqual(['meta']);
			const meta = res.json.meta;
			expect(Object.keys(meta)).toEqual([
				'enum_disable_dial_timegroup',
				'caller_line_list',
				'max_recycle_limit',
				'auto_recycle_rules',
				'customer_service',
				'outbound_group',
			]);
			expect(meta.enum_disable_dial_timegroup).toContainEqual({
				uuid: '146979fe-3864-4817-ad76-13b37f43bb1c',
				name: '休息时间',
			});
			for (const g of meta.enum_disable_dial_timegroup) expect(Object.keys(g).sort()).toEqual(['name', 'uuid']);
			for (const line of meta.caller_line_list) {
				expect(Object.keys(line)).toEqual(['name', 'value', 'residue', 'call_line', 'available_at', 'call_number']);
				expect(line.available_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			}
			expect(meta.caller_line_list.map((l: any) => l.residue)).toEqual([0, 1, 5, 30]);
			expect(meta.caller_line_list[1]).toMatchObject({ value: LINE_RESIDUE_1, call_number: '13530525008' });
			expect(meta.max_recycle_limit).toBe('50');
			for (const rule of meta.auto_recycle_rules) {
				expect(Object.keys(rule)).toEqual(['id', 'name', 'remark', 'status']);
			}
			expect(meta.customer_service.map((c: any) => [c.caller_line_id === null, c.status])).toEqual([
				[false, 1],
				[true, 1],
				[false, 0],
			]);
			for (const c of meta.customer_service) {
				expect(Object.keys(c)).toEqual(['id', 'user_id', 'name', 'created_at', 'updated_at', 'caller_line_id', 'status']);
			}
			for (const g of meta.outbound_group) {
				expect(Object.keys(g)).toEqual([
					'id',
					'name',
					'user_id',
					'debug',
					'deleted_at',
					'created_at',
					'updated_at',
					'link_word_group_id',
					'tag_scene_id',
					'default',
				]);
			}
			expect(meta.outbound_group.map((g: any) => g.id)).toEqual([390, 1197, 447]);
		});

		it('rejects other methods with 405', async () => {
			const res = await api('POST', '/v1/task/create', {});
			expect(res.status).toBe(405);
			expect(res.json.message).toMatch(/POST method is not supported/);
		});
	});
});
