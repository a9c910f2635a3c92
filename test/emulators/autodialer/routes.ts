/**
 * The `/v1/task` API as the emulator answers it (seed 004): token check, meta, create / update
 * with the seed's rules, list, GET state changes, number import, and the development endpoints
 * under `/__autodialer/`.
 */
import { PARSE_ERROR, formatCst, type SimRequest, type SimResponse } from '../shared/http';
import { isObj as isObject, toInteger as toInt } from '../shared/validators';
import { loginPage, tokenAccepted, unauthenticated } from './auth';
import { attr, isBlank, methodNotAllowed, notFound, taskNotFound, validationFailed, type Errors } from './fields';
import {
	CALL_NOTIFY_URL,
	PHONE_PATTERN,
	REQUIRED_TASK_FIELDS,
	START_STR,
	USER_ID,
	type AutodialerModel,
	type AutodialerTask,
	type CallerLine,
	type OutboundGroup,
	type TaskNumber,
} from './state';

export class AutodialerRoutes {
	readonly apiToken: string;
	readonly headerName: string;
	readonly headerPrefix: string;
	private readonly importMax: number;
	private readonly importListKey: string;
	private readonly importNumberKey: string;
	private readonly minLineResidue: number;

	constructor(private readonly m: AutodialerModel) {
		const options = m.options;
		this.apiToken = options.apiToken ?? 'sim-autodialer-token';
		this.headerName = options.headerName ?? 'Authorization';
		this.headerPrefix = options.headerPrefix ?? 'Bearer ';
		this.importMax = options.importMax ?? 100;
		this.importListKey = options.importListKey ?? 'numbers';
		this.importNumberKey = options.importNumberKey ?? 'number';
		this.minLineResidue = options.minLineResidue ?? 1;
	}

	handle(req: SimRequest): SimResponse {
		const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
		if (req.method === 'GET' && path === '/login') {
			return { status: 200, raw: loginPage(), headers: { 'content-type': 'text/html; charset=UTF-8' } };
		}
		if (path.startsWith('/__autodialer/')) return this.devEndpoint(req, path);
		if (!tokenAccepted(req, this)) return unauthenticated(this.m.options.unauthenticatedMode);
		this.m.advance();

		if (path === '/v1/task/create') {
			return req.method === 'GET' ? this.meta() : methodNotAllowed(req.method, 'GET, HEAD');
		}
		if (path === '/v1/task') {
			if (req.method === 'GET') return this.list(req);
			if (req.method === 'POST') return this.create(req);
			return methodNotAllowed(req.method, 'GET, HEAD, POST');
		}
		const action = /^\/v1\/task\/(destroy|start|stop|import_task_customer)\/([^/]+)$/.exec(path);
		if (action) {
			const [, verb, id] = action;
			const wanted = verb === 'import_task_customer' ? 'POST' : 'GET';
			if (req.method !== wanted) return methodNotAllowed(req.method, wanted === 'GET' ? 'GET, HEAD' : wanted);
			const task = this.m.task(decodeURIComponent(id));
			if (!task) return taskNotFound(id);
			if (verb === 'import_task_customer') return this.importNumbers(task, req);
			return this.changeState(task, verb as 'destroy' | 'start' | 'stop');
		}
		const single = /^\/v1\/task\/([^/]+)$/.exec(path);
		if (single) {
			if (req.method !== 'PUT') return methodNotAllowed(req.method, 'PUT');
			const task = this.m.task(decodeURIComponent(single[1]));
			if (!task) return taskNotFound(single[1]);
			return this.update(task, req);
		}
		return notFound(path);
	}

	/**
	 * Emulator controls for out-of-process users (CLI, demo, e2e), no auth:
	 * `POST /__autodialer/complete-calls {taskUuid, n?, status?}` → `{calls}`,
	 * `POST /__autodialer/callback-url {url?, form?, retryDelaysMs?}` (no url = off),
	 * `POST /__autodialer/flush-callbacks` → deliveries, `GET /__autodialer/callbacks`.
	 */
	private devEndpoint(req: SimRequest, path: string): SimResponse {
		const body = isObject(req.json) ? req.json : {};
		switch (`${req.method} ${path}`) {
			case 'POST /__autodialer/complete-calls': {
				const uuid = body.taskUuid ?? body.task_uuid;
				if (typeof uuid !== 'string' || !this.m.task(uuid)) {
					return { status: 400, body: { error: 'taskUuid must name an existing task' } };
				}
				const n = toInt(body.n) ?? 1;
				const status = Array.isArray(body.status)
					? body.status.map((v) => toInt(v) ?? 0)
					: toInt(body.status);
				this.m.advance();
				return { status: 200, body: { calls: this.m.completeCalls(uuid, n, status) } };
			}
			case 'POST /__autodialer/callback-url': {
				const delays = Array.isArray(body.retryDelaysMs)
					? body.retryDelaysMs.map((v) => toInt(v) ?? 0)
					: undefined;
				this.m.callbacks.setCallbackUrl(typeof body.url === 'string' && body.url ? body.url : undefined, {
					form: body.form === true,
					retryDelaysMs: delays,
				});
				return { status: 200, body: { ok: true } };
			}
			case 'GET /__autodialer/callbacks':
				return { status: 200, body: this.m.callbacks.deliveries };
			default:
				return { status: 404, body: { error: 'unknown dev endpoint' } };
		}
	}

	private meta(): SimResponse {
		const s = this.m.state;
		return {
			status: 200,
			body: {
				meta: {
					enum_disable_dial_timegroup: s.disableTimeGroups.map((g) => ({ uuid: g.uuid, name: g.name })),
					caller_line_list: s.callerLines.map((l) => ({
						name: l.name,
						value: l.id,
						residue: l.residue,
						call_line: l.call_line,
						available_at: l.available_at,
						call_number: l.call_number,
					})),
					max_recycle_limit: s.maxRecycleLimit,
					auto_recycle_rules: s.autoRecycleRules.map((r) => ({
						id: r.id,
						name: r.name,
						remark: r.remark,
						status: r.status,
					})),
					customer_service: s.customerServices.map((c) => ({ ...c })),
					outbound_group: s.outboundGroups.filter((g) => g.deleted_at === null).map((g) => ({ ...g })),
				},
			},
		};
	}

	/** body of create/update: JSON, or a form (Laravel accepts both) */
	private input(req: SimRequest): Record<string, unknown> {
		const type = String(req.headers['content-type'] ?? '');
		if (type.includes('application/x-www-form-urlencoded')) {
			return Object.fromEntries(new URLSearchParams(req.rawBody));
		}
		// Laravel treats an unparsable JSON body as empty input (→ "required" errors)
		if (req.json === PARSE_ERROR || !isObject(req.json)) return {};
		return req.json;
	}

	/** validate create/update input; returns the normalised fields or the errors */
	private validateTask(
		input: Record<string, unknown>,
		partial: boolean,
	): { fields: Partial<AutodialerTask>; errors: Errors } {
		const errors: Errors = {};
		const fields: Partial<AutodialerTask> = {};
		const fail = (field: string, message: string) => (errors[field] ??= []).push(message);
		const present = (field: string) => !isBlank(input[field]);

		for (const field of REQUIRED_TASK_FIELDS) {
			if (!present(field) && !(partial && !(field in input))) fail(field, `The ${attr(field)} field is required.`);
		}
		const int = (field: string): number | undefined => {
			if (!present(field)) return undefined;
			const value = toInt(input[field]);
			if (value === undefined) fail(field, `The ${attr(field)} must be an integer.`);
			return value;
		};
		const str = (field: string): string | undefined => {
			if (!present(field)) return undefined;
			const value = input[field];
			if (typeof value !== 'string') {
				fail(field, `The ${attr(field)} must be a string.`);
				return undefined;
			}
			return value.trim();
		};

		const name = str('name');
		if (name !== undefined) {
			if (name.length > 255) fail('name', 'The name may not be greater than 255 characters.');
			else fields.name = name;
		}
		if ('remark' in input) {
			const remark = isBlank(input.remark) ? null : str('remark');
			if (remark !== undefined) fields.remark = remark;
		}

		const lineId = str('caller_line_id');
		let line: CallerLine | undefined;
		if (lineId !== undefined) {
			line = this.m.state.callerLines.find((l) => l.id === lineId);
			if (!line) fail('caller_line_id', 'The selected caller line id is invalid.');
			else if (line.residue < this.minLineResidue) {
				fail(
					'caller_line_id',
					`The selected caller line has no free concurrency (residue ${line.residue}; ` +
						`only lines with residue of at least ${this.minLineResidue} can be used).`,
				);
			} else fields.caller_line_id = line.id;
		}

		const maximumcall = int('maximumcall');
		if (maximumcall !== undefined) {
			if (maximumcall < 1) fail('maximumcall', 'The maximumcall must be at least 1.');
			else if (line && maximumcall > line.residue) {
				fail(
					'maximumcall',
					`The maximumcall may not be greater than ${line.residue} (the free concurrency of the selected caller line).`,
				);
			} else fields.maximumcall = maximumcall;
		}

		const group = int('destination_extension');
		if (group !== undefined) {
			if (!this.m.state.outboundGroups.some((g) => g.id === group && g.deleted_at === null)) {
				fail('destination_extension', 'The selected destination extension is invalid.');
			} else fields.destination_extension = group;
		}

		const timegroup = str('disable_dial_timegroup');
		if (timegroup !== undefined) {
			if (!this.m.state.disableTimeGroups.some((g) => g.uuid === timegroup)) {
				fail('disable_dial_timegroup', 'The selected disable dial timegroup is invalid.');
			} else fields.disable_dial_timegroup = timegroup;
		}

		for (const field of ['random_assignment_number', 'recycle_limit'] as const) {
			const value = int(field);
			if (value === undefined) continue;
			if (value !== 0) fail(field, `The selected ${attr(field)} is invalid (it must be 0).`);
			else fields[field] = 0;
		}

		const timeout = int('_originate_timeout');
		if (timeout !== undefined) {
			if (timeout < 1) fail('_originate_timeout', 'The originate timeout must be at least 1.');
			else fields._originate_timeout = timeout;
		}
		const pause = int('call_pause_second');
		if (pause !== undefined) {
			if (pause < 0) fail('call_pause_second', 'The call pause second must be at least 0.');
			else fields.call_pause_second = pause;
		}

		const rule = int('auto_recycle_rule_id');
		if (rule !== undefined) {
			if (!this.m.state.autoRecycleRules.some((r) => r.id === rule)) {
				fail('auto_recycle_rule_id', 'The selected auto recycle rule id is invalid.');
			} else fields.auto_recycle_rule_id = rule;
		}

		if ('customer_service_id' in input) {
			if (isBlank(input.customer_service_id)) fields.customer_service_id = null;
			else {
				const id = int('customer_service_id');
				if (id !== undefined) {
					const service = this.m.state.customerServices.find((c) => c.id === id);
					if (!service) fail('customer_service_id', 'The selected customer service id is invalid.');
					else if (service.caller_line_id === null) {
						fail('customer_service_id', 'The selected customer service group has no transfer line (caller_line_id is null).');
					} else if (service.status !== 1) {
						fail('customer_service_id', 'The selected customer service group is disabled (status must be 1).');
					} else fields.customer_service_id = id;
				}
			}
		}
		return { fields, errors };
	}

	private create(req: SimRequest): SimResponse {
		const { fields, errors } = this.validateTask(this.input(req), false);
		if (Object.keys(errors).length > 0) return validationFailed(errors);
		const now = formatCst(this.m.now());
		const task: AutodialerTask = {
			uuid: this.m.uuid(),
			name: fields.name!,
			remark: fields.remark ?? null,
			start: 0,
			maximumcall: fields.maximumcall!,
			recycle_limit: 0,
			random_assignment_number: 0,
			disable_dial_timegroup: fields.disable_dial_timegroup!,
			destination_extension: fields.destination_extension!,
			caller_line_id: fields.caller_line_id!,
			customer_service_id: fields.customer_service_id ?? null,
			auto_recycle_rule_id: fields.auto_recycle_rule_id!,
			call_pause_second: fields.call_pause_second!,
			_originate_timeout: fields._originate_timeout!,
			create_datetime: now,
			alter_datetime: now,
			sort: 1,
			numbers: [],
		};
		this.m.state.tasks.push(task);
		return { status: 200, body: this.createEntity(task) };
	}

	private update(task: AutodialerTask, req: SimRequest): SimResponse {
		const input = this.input(req);
		const partial = this.m.options.partialUpdate ?? false;
		// with a partial update the maximumcall check needs the task's own line
		const merged = partial && !('caller_line_id' in input) && 'maximumcall' in input
			? { ...input, caller_line_id: task.caller_line_id }
			: input;
		const { fields, errors } = this.validateTask(merged, partial);
		if (Object.keys(errors).length > 0) return validationFailed(errors);
		Object.assign(task, fields);
		task.alter_datetime = formatCst(this.m.now());
		return { status: 200, body: this.createEntity(task) };
	}

	private list(req: SimRequest): SimResponse {
		const all = this.m.state.tasks.map((t) => this.listEntity(t));
		// [inferred] pagination is not documented: everything by default; `page`/`per_page`
		// switch to a Laravel-paginator-like answer
		if (!req.query.has('page') && !req.query.has('per_page')) return { status: 200, body: { data: all } };
		const perPage = Math.max(1, toInt(req.query.get('per_page')) ?? 15);
		const page = Math.max(1, toInt(req.query.get('page')) ?? 1);
		const from = (page - 1) * perPage;
		const data = all.slice(from, from + perPage);
		return {
			status: 200,
			body: {
				data,
				current_page: page,
				per_page: perPage,
				total: all.length,
				last_page: Math.max(1, Math.ceil(all.length / perPage)),
				from: data.length ? from + 1 : null,
				to: data.length ? from + data.length : null,
			},
		};
	}

	private changeState(task: AutodialerTask, verb: 'destroy' | 'start' | 'stop'): SimResponse {
		const now = this.m.now();
		if (verb === 'destroy') {
			this.m.state.tasks = this.m.state.tasks.filter((t) => t !== task);
		} else if (verb === 'start') {
			if (task.start !== 1) task.dialClock = now;
			task.start = 1;
			task.alter_datetime = formatCst(now);
		} else {
			task.start = 0;
			task.dialClock = undefined;
			task.alter_datetime = formatCst(now);
		}
		const reply = this.m.options.actionReply ?? 'entity';
		if (reply === 'empty') return { status: 200, raw: '' };
		if (reply === 'message' || verb === 'destroy') return { status: 200, body: { message: 'ok' } };
		return { status: 200, body: this.createEntity(task) };
	}

	/** [inferred] body `{<importListKey>: [{<importNumberKey>, name?, variables?, ...}]}` */
	private importNumbers(task: AutodialerTask, req: SimRequest): SimResponse {
		const listKey = this.importListKey;
		const numberKey = this.importNumberKey;
		const body = req.json === PARSE_ERROR ? undefined : req.json;
		const list = isObject(body) ? body[listKey] : undefined;
		if (list === undefined || list === null) {
			return validationFailed({ [listKey]: [`The ${attr(listKey)} field is required.`] });
		}
		if (!Array.isArray(list)) return validationFailed({ [listKey]: [`The ${attr(listKey)} must be an array.`] });
		if (list.length === 0) return validationFailed({ [listKey]: [`The ${attr(listKey)} field is required (empty list).`] });
		if (list.length > this.importMax) {
			return validationFailed({
				[listKey]: [`The ${attr(listKey)} may not have more than ${this.importMax} items (got ${list.length}).`],
			});
		}
		const errors: Errors = {};
		const entries: TaskNumber[] = [];
		const held = new Set(this.m.options.dedupNumbers ? task.numbers.map((n) => n.number) : []);
		const now = formatCst(this.m.now());
		list.forEach((item: unknown, i: number) => {
			const at = `${listKey}.${i}`;
			if (!isObject(item)) {
				errors[at] = [`The ${at} must be an object with a ${numberKey} field.`];
				return;
			}
			const rawNumber = item[numberKey];
			const number =
				typeof rawNumber === 'string' ? rawNumber.trim() : typeof rawNumber === 'number' ? String(rawNumber) : undefined;
			if (number === undefined || number === '') {
				errors[`${at}.${numberKey}`] = [`The ${at}.${numberKey} field is required.`];
				return;
			}
			if (!PHONE_PATTERN.test(number) || number.length < 5 || number.length > 20) {
				errors[`${at}.${numberKey}`] = [
					`The ${at}.${numberKey} format is invalid (digits with an optional leading +, 5 to 20 characters): ${JSON.stringify(rawNumber)}.`,
				];
				return;
			}
			if (item.name !== undefined && item.name !== null && typeof item.name !== 'string') {
				errors[`${at}.name`] = [`The ${at}.name must be a string.`];
				return;
			}
			if (item.variables !== undefined && item.variables !== null && !isObject(item.variables)) {
				errors[`${at}.variables`] = [`The ${at}.variables must be an object.`];
				return;
			}
			if (held.has(number)) return;
			if (this.m.options.dedupNumbers) held.add(number);
			const extra: Record<string, unknown> = {};
			for (const [k, v] of Object.entries(item)) {
				if (k !== numberKey && k !== 'name' && k !== 'variables') extra[k] = v;
			}
			entries.push({
				index: task.numbers.length + entries.length,
				number,
				name: typeof item.name === 'string' ? item.name : undefined,
				variables: isObject(item.variables) ? item.variables : undefined,
				extra,
				status: 0,
				imported_at: now,
			});
		});
		if (Object.keys(errors).length > 0) return validationFailed(errors);
		task.numbers.push(...entries);
		return { status: 200, body: { message: 'ok', imported: entries.length } };
	}

	// --- entities --------------------------------------------------------------------------

	progressBar(task: AutodialerTask): { total: number; progress: number; percent: number } {
		const total = task.numbers.length;
		const progress = task.numbers.filter((n) => n.status !== 0).length;
		return { total, progress, percent: total === 0 ? 0 : Math.floor((progress / total) * 100) };
	}

	private groupOf(task: AutodialerTask): OutboundGroup | null {
		const group = this.m.state.outboundGroups.find((g) => g.id === task.destination_extension);
		return group ? { ...group } : null;
	}

	/** the entity as the create response of seed 004 shows it (also update/start/stop) */
	private createEntity(task: AutodialerTask): Record<string, unknown> {
		const line = this.m.state.callerLines.find((l) => l.id === task.caller_line_id);
		const group = this.groupOf(task);
		return {
			start: task.start,
			alter_datetime: task.alter_datetime,
			destination_dialplan: 'XML',
			destination_context: 'default',
			originate_variables: '{execute_on_media=start_da2}',
			maximumcall: task.maximumcall,
			recycle_limit: task.recycle_limit,
			name: task.name,
			remark: task.remark,
			destination_extension: task.destination_extension,
			disable_dial_timegroup: task.disable_dial_timegroup,
			random_assignment_number: task.random_assignment_number,
			caller_line_id: task.caller_line_id,
			call_pause_second: task.call_pause_second,
			_originate_timeout: task._originate_timeout,
			customer_service_id: task.customer_service_id,
			auto_recycle_rule_id: task.auto_recycle_rule_id,
			_origination_caller_id_number: line?.call_number ?? null,
			dial_format: 'user/admin',
			call_notify_url: CALL_NOTIFY_URL,
			call_notify_type: 2,
			uuid: task.uuid,
			user_id: USER_ID,
			create_datetime: task.create_datetime,
			start_str: START_STR[task.start],
			group_str: group?.name ?? null,
			progress_bar: this.progressBar(task),
			group,
		};
	}

	/** the entity as `GET /v1/task` of seed 004 shows it (with its relations) */
	private listEntity(task: AutodialerTask): Record<string, unknown> {
		const line = this.m.state.callerLines.find((l) => l.id === task.caller_line_id);
		const rule = this.m.state.autoRecycleRules.find((r) => r.id === task.auto_recycle_rule_id);
		const timegroup = this.m.state.disableTimeGroups.find((g) => g.uuid === task.disable_dial_timegroup);
		const group = this.groupOf(task);
		return {
			uuid: task.uuid,
			name: task.name,
			create_datetime: task.create_datetime,
			alter_datetime: task.alter_datetime,
			start: task.start,
			maximumcall: task.maximumcall,
			call_per_second: 10,
			recycle_limit: task.recycle_limit,
			random_assignment_number: task.random_assignment_number,
			disable_dial_timegroup: task.disable_dial_timegroup,
			destination_extension: task.destination_extension,
			destination_dialplan: 'XML',
			destination_context: 'default',
			scheduling_policy_ratio: null,
			scheduling_queue: null,
			dial_format: 'user/admin',
			domain: null,
			remark: task.remark,
			sort: task.sort,
			originate_variables: '{execute_on_media=start_da2}',
			_originate_timeout: task._originate_timeout,
			_origination_caller_id_number: line?.call_number ?? null,
			user_id: USER_ID,
			caller_line_id: task.caller_line_id,
			customer_service_id: task.customer_service_id,
			auto_recycle_rule_id: task.auto_recycle_rule_id,
			call_notify_url: CALL_NOTIFY_URL,
			call_notify_type: 2,
			call_pause_second: task.call_pause_second,
			start_str: START_STR[task.start],
			group_str: group?.name ?? null,
			progress_bar: this.progressBar(task),
			caller_line: line
				? {
						id: line.id,
						name: line.name,
						user_id: USER_ID,
						description: null,
						deadline_at: line.deadline_at,
						available_time: 31536000,
						begin_at: line.begin_at,
						call_line: line.call_line,
						call_line_used: line.call_line - line.residue,
						call_number_prefix: line.call_number,
						is_call_number_enable: 1,
						is_call_number_prefix_editable: 0,
						dial_string: 'user/admin',
						dial_string_mode: 1,
						db_public_id: null,
						db_private_id: null,
						node_ip: '127.0.0.1',
						node_status: '1',
						created_at: line.created_at,
						updated_at: line.updated_at,
						feature: 7,
					}
				: null,
			auto_recycle_rule: rule
				? {
						id: rule.id,
						user_id: USER_ID,
						name: rule.name,
						remark: rule.remark,
						status: rule.status,
						created_at: rule.created_at,
						updated_at: rule.updated_at,
						is_default: rule.is_default,
					}
				: null,
			disable_time_group: timegroup
				? {
						uuid: timegroup.uuid,
						name: timegroup.name,
						domain: '',
						user_id: USER_ID,
						created_at: null,
						updated_at: null,
					}
				: null,
			group,
		};
	}
}
