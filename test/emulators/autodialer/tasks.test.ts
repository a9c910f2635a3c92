/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import {
	api,
	client,
	createTask,
	LINE_RESIDUE_0,
	LINE_RESIDUE_1,
	LINE_RESIDUE_30,
	LINE_RESIDUE_5,
	sim,
	useEmulator,
	validTask,
	withSim,
} from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	describe('create validation', () => {
		it('creates a task with the seed entity shape', async () => {
			const task = await createTask({ customer_service_id: 21, remark: '第一个任务' });
			expect(task).toMatchObject({
				start: 0,
				start_str: '暂停',
				name: '测试任务',
				remark: '第一个任务',
				maximumcall: 3,
				recycle_limit: 0,
				random_assignment_number: 0,
				destination_extension: 1197,
				caller_line_id: LINE_RESIDUE_5,
				customer_service_id: 21,
				auto_recycle_rule_id: 103,
				_origination_caller_id_number: '17361984317',
				destination_dialplan: 'XML',
				destination_context: 'default',
				dial_format: 'user/admin',
				call_notify_type: 2,
				group_str: '测试',
				progress_bar: { total: 0, progress: 0, percent: 0 },
			});
			expect(task.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			expect(task.create_datetime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			expect(task.group).toMatchObject({ id: 1197, name: '测试', default: true });
			expect(Object.keys(task)).toEqual([
				'start', 'alter_datetime', 'destination_dialplan', 'destination_context', 'originate_variables',
				'maximumcall', 'recycle_limit', 'name', 'remark', 'destination_extension', 'disable_dial_timegroup',
				'random_assignment_number', 'caller_line_id', 'call_pause_second', '_originate_timeout',
				'customer_service_id', 'auto_recycle_rule_id', '_origination_caller_id_number', 'dial_format',
				'call_notify_url', 'call_notify_type', 'uuid', 'user_id', 'create_datetime', 'start_str', 'group_str',
				'progress_bar', 'group',
			]);
		});

		it('accepts integer strings (Laravel integer rule)', async () => {
			const task = await createTask({ maximumcall: '2', destination_extension: '447', auto_recycle_rule_id: '1' });
			expect(task.maximumcall).toBe(2);
			expect(task.destination_extension).toBe(447);
		});

		it('rejects maximumcall above the line residue with 422 {message, errors}', async () => {
			const res = await api('POST', '/v1/task', validTask({ maximumcall: 6 }));
			expect(res.status).toBe(422);
			expect(Object.keys(res.json.errors)).toEqual(['maximumcall']);
			expect(res.json.errors.maximumcall[0]).toMatch(/may not be greater than 5/);
			expect(res.json.message).toBe(res.json.errors.maximumcall[0]);
			expect(sim.state.tasks).toHaveLength(0);
			// 30 is fine on the big line, 31 is not
			expect((await api('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_30, maximumcall: 30 }))).status).toBe(200);
			expect((await api('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_30, maximumcall: 31 }))).status).toBe(422);
		});

		it('takes the seed example\'s residue-1 line by default and refuses residue 0; the literal "> 1" is configurable', async () => {
			const ok = await api('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_1, maximumcall: 1 }));
			expect(ok.status).toBe(200);
			const full = await api('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_0, maximumcall: 1 }));
			expect(full.status).toBe(422);
			expect(full.json.errors.caller_line_id[0]).toMatch(/no free concurrency/);
			await withSim({ minLineResidue: 2 }, async (strict) => {
				for (const line of [LINE_RESIDUE_0, LINE_RESIDUE_1]) {
					const res = await client(strict)('POST', '/v1/task', validTask({ caller_line_id: line, maximumcall: 1 }));
					expect(res.status).toBe(422);
					expect(res.json.errors.caller_line_id[0]).toMatch(/at least 2/);
				}
			});
		});

		it('rejects random_assignment_number and recycle_limit other than 0', async () => {
			const res = await api('POST', '/v1/task', validTask({ random_assignment_number: 1, recycle_limit: 2 }));
			expect(res.status).toBe(422);
			expect(res.json.errors.random_assignment_number[0]).toMatch(/must be 0/);
			expect(res.json.errors.recycle_limit[0]).toMatch(/must be 0/);
			expect(res.json.message).toMatch(/\(and 1 more error\)$/);
		});

		it('rejects a missing name and every other missing required field', async () => {
			const noName = validTask();
			delete noName.name;
			const res = await api('POST', '/v1/task', noName);
			expect(res.status).toBe(422);
			expect(res.json).toEqual({
				message: 'The name field is required.',
				errors: { name: ['The name field is required.'] },
			});
			const blank = await api('POST', '/v1/task', validTask({ name: '  ' }));
			expect(blank.json.errors.name).toEqual(['The name field is required.']);

			const empty = await api('POST', '/v1/task', {});
			expect(empty.status).toBe(422);
			expect(Object.keys(empty.json.errors).sort()).toEqual(
				[
					'caller_line_id',
					'destination_extension',
					'disable_dial_timegroup',
					'maximumcall',
					'name',
					'random_assignment_number',
					'recycle_limit',
					'_originate_timeout',
					'call_pause_second',
					'auto_recycle_rule_id',
				].sort(),
			);
			expect(empty.json.errors._originate_timeout).toEqual(['The originate timeout field is required.']);
			// malformed JSON is treated as empty input (Laravel)
			const garbage = await api('POST', '/v1/task', '{not json');
			expect(garbage.status).toBe(422);
			expect(garbage.json.errors.name).toBeDefined();
		});

		it('rejects unknown references and unusable customer-service groups', async () => {
			const res = await api(
				'POST',
				'/v1/task',
				validTask({
					caller_line_id: 'nope',
					destination_extension: 1,
					disable_dial_timegroup: 'nope',
					auto_recycle_rule_id: 999,
					customer_service_id: 22,
				}),
			);
			expect(res.status).toBe(422);
			expect(Object.keys(res.json.errors).sort()).toEqual(
				['auto_recycle_rule_id', 'caller_line_id', 'customer_service_id', 'destination_extension', 'disable_dial_timegroup'].sort(),
			);
			expect(res.json.errors.customer_service_id[0]).toMatch(/no transfer line/);
			const disabled = await api('POST', '/v1/task', validTask({ customer_service_id: 23 }));
			expect(disabled.json.errors.customer_service_id[0]).toMatch(/disabled/);
			const wrongType = await api('POST', '/v1/task', validTask({ maximumcall: 'two', name: 5 }));
			expect(wrongType.json.errors.maximumcall).toEqual(['The maximumcall must be an integer.']);
			expect(wrongType.json.errors.name).toEqual(['The name must be a string.']);
		});
	});

	describe('CRUD and start/stop', () => {
		it('lists, updates, starts, stops and destroys', async () => {
			const a = await createTask({ name: 'A' });
			const b = await createTask({ name: 'B', caller_line_id: LINE_RESIDUE_30, maximumcall: 20 });

			let list = await api('GET', '/v1/task');
			expect(list.status).toBe(200);
			expect(Object.keys(list.json)).toEqual(['data']);
			expect(list.json.data.map((t: any) => t.name)).toEqual(['A', 'B']);
			const listed = list.json.data[0];
			expect(listed).toMatchObject({
				uuid: a.uuid,
				start: 0,
				call_per_second: 10,
				sort: 1,
				scheduling_policy_ratio: null,
				domain: null,
				caller_line: { id: LINE_RESIDUE_5, call_line: 10, call_line_used: 5, call_number_prefix: '17361984317' },
				auto_recycle_rule: { id: 103, name: '默认', is_default: true },
				disable_time_group: { uuid: '146979fe-3864-4817-ad76-13b37f43bb1c', name: '休息时间', domain: '' },
				group: { id: 1197 },
				progress_bar: { total: 0, progress: 0, percent: 0 },
			});

			// update: all create fields required by default ("参数同创建任务")
			const partial = await api('PUT', `/v1/task/${a.uuid}`, { name: 'A2' });
			expect(partial.status).toBe(422);
			expect(partial.json.errors.caller_line_id).toBeDefined();
			const updated = await api('PUT', `/v1/task/${a.uuid}`, validTask({ name: 'A2', maximumcall: 5 }));
			expect(updated.status).toBe(200);
			expect(updated.json).toMatchObject({ uuid: a.uuid, name: 'A2', maximumcall: 5 });
			const tooMany = await api('PUT', `/v1/task/${a.uuid}`, validTask({ maximumcall: 6 }));
			expect(tooMany.status).toBe(422);
			expect(sim.task(a.uuid)!.maximumcall).toBe(5);

			const started = await api('GET', `/v1/task/start/${a.uuid}`);
			expect(started.status).toBe(200);
			expect(started.json).toMatchObject({ uuid: a.uuid, start: 1, start_str: '开启' });
			list = await api('GET', '/v1/task');
			expect(list.json.data.map((t: any) => t.start)).toEqual([1, 0]);

			const stopped = await api('GET', `/v1/task/stop/${a.uuid}`);
			expect(stopped.json).toMatchObject({ start: 0, start_str: '暂停' });
			expect(sim.task(a.uuid)!.start).toBe(0);

			const destroyed = await api('GET', `/v1/task/destroy/${b.uuid}`);
			expect(destroyed.status).toBe(200);
			expect(destroyed.json).toEqual({ message: 'ok' });
			list = await api('GET', '/v1/task');
			expect(list.json.data.map((t: any) => t.uuid)).toEqual([a.uuid]);
		});

		it('answers 404 {message} for unknown ids and unknown routes', async () => {
			for (const [method, path] of [
				['GET', '/v1/task/start/nope'],
				['GET', '/v1/task/stop/nope'],
				['GET', '/v1/task/destroy/nope'],
				['PUT', '/v1/task/nope'],
				['POST', '/v1/task/import_task_customer/nope'],
			]) {
				const res = await api(method, path, method === 'GET' ? undefined : validTask());
				expect(res.status).toBe(404);
				expect(res.json.message).toMatch(/not found: nope/i);
			}
			const route = await api('GET', '/v1/tasks');
			expect(route.status).toBe(404);
			expect(typeof route.json.message).toBe('string');
		});

		it('paginates only when asked', async () => {
			for (const name of ['t1', 't2', 't3']) await createTask({ name });
			const all = await api('GET', '/v1/task');
			expect(all.json.data).toHaveLength(3);
			expect(all.json.total).toBeUndefined();
			const page2 = await api('GET', '/v1/task?page=2&per_page=2');
			expect(page2.json).toMatchObject({ current_page: 2, per_page: 2, total: 3, last_page: 2, from: 3, to: 3 });
			expect(page2.json.data.map((t: any) => t.name)).toEqual(['t3']);
		});

		it('actionReply option changes what start/stop/destroy answer', async () => {
			await withSim({ actionReply: 'empty' }, async (s) => {
				const c = client(s);
				const task = (await c('POST', '/v1/task', validTask())).json;
				const res = await c('GET', `/v1/task/start/${task.uuid}`);
				expect(res.status).toBe(200);
				expect(res.text).toBe('');
				expect(s.task(task.uuid)!.start).toBe(1);
			});
			await withSim({ actionReply: 'message' }, async (s) => {
				const c = client(s);
				const task = (await c('POST', '/v1/task', validTask())).json;
				expect((await c('GET', `/v1/task/stop/${task.uuid}`)).json).toEqual({ message: 'ok' });
			});
		});

		it('injectFault makes an endpoint answer non-JSON garbage (once)', async () => {
			sim.server.injectFault({
				path: '/v1/task/create',
				response: { status: 200, raw: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } },
			});
			const bad = await api('GET', '/v1/task/create');
			expect(bad.status).toBe(200);
			expect(bad.json).toBeUndefined();
			expect(bad.text).toContain('Bad Gateway');
			const good = await api('GET', '/v1/task/create');
			expect(good.json.meta).toBeDefined();
			expect(sim.server.requests('/v1/task/create')).toHaveLength(2);
		});
	});
});
