import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	AUTODIALER_CALL_STATUS,
	AutodialerSimulator,
	startAutodialerSimulator,
	type AutodialerSimOptions,
} from '.';

const TOKEN = 'sim-autodialer-token';
const LINE_RESIDUE_0 = '5b1c0e2a-0d4f-4b8e-9a51-000000000000';
const LINE_RESIDUE_1 = '37d73edf-4628-4cf1-8beb-758433fd0aab';
const LINE_RESIDUE_5 = '83f180c4-00f3-4aaa-bc41-6cba4493e892';
const LINE_RESIDUE_30 = 'af69c544-a170-4a2d-b740-20bf66cc7ff4';

function validTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		caller_line_id: LINE_RESIDUE_5,
		destination_extension: 1197,
		disable_dial_timegroup: '146979fe-3864-4817-ad76-13b37f43bb1c',
		maximumcall: 3,
		name: '测试任务',
		random_assignment_number: 0,
		recycle_limit: 0,
		_originate_timeout: 60,
		call_pause_second: 10,
		auto_recycle_rule_id: 103,
		...overrides,
	};
}

interface Api {
	(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{
		status: number;
		json: any;
		text: string;
		contentType: string;
	}>;
}

function client(sim: AutodialerSimulator, auth: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }): Api {
	return async (method, path, body, headers = {}) => {
		const response = await fetch(sim.url + path, {
			method,
			headers: {
				...auth,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text, contentType: response.headers.get('content-type') ?? '' };
	};
}

async function withSim(
	opts: AutodialerSimOptions,
	fn: (sim: AutodialerSimulator) => Promise<void>,
): Promise<void> {
	const sim = await startAutodialerSimulator(opts);
	try {
		await fn(sim);
	} finally {
		await sim.close();
	}
}

describe('Autodialer emulator', () => {
	let sim: AutodialerSimulator;
	let api: Api;

	beforeAll(async () => {
		sim = await startAutodialerSimulator({ callsPerSecond: 0 });
		api = client(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
		sim.server.clearFaults();
	});

	async function createTask(overrides: Record<string, unknown> = {}): Promise<any> {
		const res = await api('POST', '/v1/task', validTask(overrides));
		expect(res.status).toBe(200);
		return res.json;
	}

	describe('authentication', () => {
		it('accepts the Bearer token and exposes matching credentials', async () => {
			expect(sim.credentials).toEqual({
				baseUrl: sim.url,
				apiToken: TOKEN,
				headerName: 'Authorization',
				headerPrefix: 'Bearer ',
			});
			const res = await api('GET', '/v1/task');
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ data: [] });
		});

		it('matches the header name case-insensitively', async () => {
			const res = await client(sim, { AUTHORIZATION: `Bearer ${TOKEN}` })('GET', '/v1/task');
			expect(res.status).toBe(200);
		});

		it('answers 401 {message} without a token', async () => {
			const res = await client(sim, {})('GET', '/v1/task');
			expect(res.status).toBe(401);
			expect(res.json).toEqual({ message: 'Unauthenticated.' });
		});

		it('answers 401 for a wrong token, a missing prefix, or the token in another header', async () => {
			const attempts: Array<Record<string, string>> = [
				{ Authorization: 'Bearer wrong-token' },
				{ Authorization: TOKEN },
				{ 'X-Api-Token': `Bearer ${TOKEN}` },
				{ Authorization: `Bearer ${TOKEN}x` },
			];
			for (const auth of attempts) {
				const res = await client(sim, auth)('GET', '/v1/task/create');
				expect(res.status).toBe(401);
				expect(res.json.message).toBe('Unauthenticated.');
			}
			// no state change happened for an unauthenticated create
			const res = await client(sim, {})('POST', '/v1/task', validTask());
			expect(res.status).toBe(401);
			expect(sim.state.tasks).toHaveLength(0);
		});

		it('supports a custom header name and prefix', async () => {
			await withSim({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123' }, async (custom) => {
				expect(custom.credentials).toMatchObject({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123' });
				expect((await client(custom, { 'x-api-key': 'k-123' })('GET', '/v1/task')).status).toBe(200);
				expect((await client(custom, { Authorization: 'Bearer k-123' })('GET', '/v1/task')).status).toBe(401);
				expect((await client(custom, { 'X-Api-Key': 'Bearer k-123' })('GET', '/v1/task')).status).toBe(401);
			});
			await withSim({ headerName: 'token', headerPrefix: 'Token ', apiToken: 'abc' }, async (custom) => {
				expect((await client(custom, { token: 'Token abc' })('GET', '/v1/task')).status).toBe(200);
				expect((await client(custom, { token: 'abc' })('GET', '/v1/task')).status).toBe(401);
			});
		});

		it('html-login mode answers HTTP 200 with an HTML login page', async () => {
			await withSim({ unauthenticatedMode: 'html-login' }, async (html) => {
				const res = await client(html, { Authorization: 'Bearer nope' })('GET', '/v1/task');
				expect(res.status).toBe(200);
				expect(res.contentType).toMatch(/^text\/html/);
				expect(res.json).toBeUndefined();
				expect(res.text).toMatch(/<form[^>]+action="\/login"/);
				expect(res.text).toContain('type="password"');
				// with the right token the same server answers JSON
				const ok = await client(html)('GET', '/v1/task');
				expect(ok.status).toBe(200);
				expect(ok.json).toEqual({ data: [] });
			});
		});
	});

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

		it('rejects lines with residue 0 or 1 by default (seed: only residue > 1), configurable', async () => {
			for (const line of [LINE_RESIDUE_0, LINE_RESIDUE_1]) {
				const res = await api('POST', '/v1/task', validTask({ caller_line_id: line, maximumcall: 1 }));
				expect(res.status).toBe(422);
				expect(res.json.errors.caller_line_id[0]).toMatch(/no free concurrency/);
			}
			await withSim({ minLineResidue: 1 }, async (lenient) => {
				const ok = await client(lenient)('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_1, maximumcall: 1 }));
				expect(ok.status).toBe(200);
				const full = await client(lenient)('POST', '/v1/task', validTask({ caller_line_id: LINE_RESIDUE_0, maximumcall: 1 }));
				expect(full.status).toBe(422);
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
					expect(r.record_url).toMatch(/\/recordings\/.+\.wav$/);
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

	it('dev endpoints drive calls and callbacks from another process', async () => {
		const task = await createTask();
		await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
			numbers: [{ number: '13800000000' }, { number: '13800000001' }],
		});
		const post = (path: string, body: unknown) =>
			fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const res = await post('/__autodialer/complete-calls', { taskUuid: task.uuid, n: 5, status: [8, 3] });
		expect(res.status).toBe(200);
		const { calls } = (await res.json()) as any;
		expect(calls.map((c: any) => [c.number, c.status])).toEqual([
			['13800000000', 8],
			['13800000001', 3],
		]);
		expect((await post('/__autodialer/complete-calls', { taskUuid: 'nope' })).status).toBe(400);
		expect((await post('/__autodialer/callback-url', { url: 'http://127.0.0.1:1/x', retryDelaysMs: [] })).status).toBe(200);
		expect((await fetch(`${sim.url}/__autodialer/callbacks`)).status).toBe(200);
	});

	it('exposes state over /__sim/state and resets over /__sim/reset', async () => {
		const task = await createTask();
		const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as any;
		expect(state.tasks.map((t: any) => t.uuid)).toEqual([task.uuid]);
		expect(state.callerLines).toHaveLength(4);
		await fetch(`${sim.url}/__sim/reset`);
		expect(sim.state.tasks).toHaveLength(0);
	});
});
