/**
 * Autodialer emulator: the white-label FreeSWITCH AI dialer SaaS with the `/v1/task` API
 * (seed 004, VENDORS.md §3).
 *
 * Documented by the seed (reproduced faithfully): the `GET /v1/task/create` meta shape, the
 * create/update fields and their rules (`maximumcall` ≤ the line's `residue`, only lines with
 * `residue` > 1, `random_assignment_number` = 0, `recycle_limit` = 0, usable customer-service
 * groups have a transfer line and `status` 1), the task entity keys, `{data: [...]}` lists,
 * `start` 1 running / 0 paused, and state changes over `GET`.
 *
 * Not documented, hence options (see `AutodialerSimOptions`): the auth scheme (Bearer token by
 * default, header name/prefix configurable), how an unauthenticated request is answered (JSON
 * 401 or an HTML login page), the import body (`{numbers: [{number, name?, variables?}]}` with
 * configurable keys, at most `importMax` per request), validation error format (Laravel-style
 * HTTP 422 `{message, errors}`), what start/stop/destroy answer, list pagination, and the
 * hang-up callback (shape, encoding, retries).
 */
import {
	formatCst,
	PARSE_ERROR,
	SimServer,
	type SimRequest,
	type SimResponse,
	type SimServerOptions,
} from './http';

// ---------------------------------------------------------------------------------------------
// Types

/** Number / call status [public, same software family] (VENDORS.md §3) */
export const AUTODIALER_CALL_STATUS: Readonly<Record<number, string>> = Object.freeze({
	0: 'waiting',
	1: 'success',
	2: 'line fault',
	3: 'refused',
	4: 'no answer',
	5: 'vacant number',
	6: 'powered off',
	7: 'out of service',
	8: 'busy',
	9: 'inbound restricted',
	10: 'arrears',
	11: 'blacklisted',
	12: 'call loss',
});

export interface AutodialerSimOptions extends SimServerOptions {
	/** the token the emulator accepts; default `sim-autodialer-token` */
	apiToken?: string;
	/** [inferred] auth header name (matched case-insensitively); default `Authorization` */
	headerName?: string;
	/** [inferred] prefix before the token (matched case-insensitively); default `Bearer ` */
	headerPrefix?: string;
	/** [inferred, third-party report] most numbers per import request; default 100 */
	importMax?: number;
	/**
	 * how a missing/wrong token is answered: `json401` = HTTP 401 `{message: 'Unauthenticated.'}`;
	 * `html-login` = HTTP 200 `text/html` login page (deployments behind a web login do this).
	 * Default `json401`.
	 */
	unauthenticatedMode?: 'json401' | 'html-login';
	/** automatic dialing speed of a started task (lazy, on each request); 0 = never; default 1 */
	callsPerSecond?: number;
	/** PRNG seed for uuids and call outcomes; default 1 */
	seed?: number;
	/** [inferred] import body: key holding the list; default `numbers` */
	importListKey?: string;
	/** [inferred] import body: key of the phone number inside each entry; default `number` */
	importNumberKey?: string;
	/**
	 * a caller line is usable only when `residue >= minLineResidue`. Default 2, the seed's literal
	 * rule ("剩余并发,只能选大于1的": only residue greater than 1); set 1 to accept residue 1.
	 */
	minLineResidue?: number;
	/** [inferred] PUT accepts a subset of the fields; default false (seed: "参数同创建任务") */
	partialUpdate?: boolean;
	/**
	 * [inferred] what start/stop/destroy answer: `entity` (start/stop: the task entity, destroy:
	 * `{message: 'ok'}`), `message` (all `{message: 'ok'}`), `empty` (HTTP 200, empty body).
	 * Default `entity`.
	 */
	actionReply?: 'entity' | 'message' | 'empty';
	/** force the outcome of a call (return a status 1–12, or undefined for the random pick) */
	outcome?: (entry: TaskNumber, task: AutodialerTask) => number | undefined;
}

export interface DisableTimeGroup {
	uuid: string;
	name: string;
}

export interface CallerLine {
	/** the `value` in `caller_line_list`, the `caller_line_id` of a task */
	id: string;
	name: string;
	/** free concurrency */
	residue: number;
	/** total concurrency */
	call_line: number;
	available_at: string;
	/** caller number shown to the callee */
	call_number: string;
	deadline_at: string;
	begin_at: string;
	created_at: string;
	updated_at: string;
}

export interface AutoRecycleRule {
	id: number;
	name: string;
	remark: string;
	status: boolean;
	is_default: boolean;
	created_at: string;
	updated_at: string;
}

export interface CustomerService {
	id: number;
	user_id: string;
	name: string;
	created_at: string;
	updated_at: string;
	/** transfer line; a group with null cannot be used */
	caller_line_id: string | null;
	/** 1 usable, 0 not */
	status: number;
}

export interface OutboundGroup {
	id: number;
	name: string;
	user_id: string;
	debug: boolean;
	deleted_at: string | null;
	created_at: string;
	updated_at: string;
	link_word_group_id: number | null;
	tag_scene_id: number | null;
	default: boolean;
}

export interface TaskNumber {
	/** position inside the task (0-based, import order) */
	index: number;
	number: string;
	name?: string;
	variables?: Record<string, unknown>;
	/** any other fields the import entry carried (kept verbatim) */
	extra: Record<string, unknown>;
	/** 0 waiting, else a final call status (AUTODIALER_CALL_STATUS) */
	status: number;
	imported_at: string;
	call?: CallResult;
}

export interface AutodialerTask {
	uuid: string;
	name: string;
	remark: string | null;
	start: 0 | 1;
	maximumcall: number;
	recycle_limit: number;
	random_assignment_number: number;
	disable_dial_timegroup: string;
	destination_extension: number;
	caller_line_id: string;
	customer_service_id: number | null;
	auto_recycle_rule_id: number;
	call_pause_second: number;
	_originate_timeout: number;
	create_datetime: string;
	alter_datetime: string;
	sort: number;
	numbers: TaskNumber[];
	/** emulator clock (ms) up to which automatic dialing has been accounted for */
	dialClock?: number;
}

export interface CallResult {
	call_id: string;
	task_uuid: string;
	number: string;
	name: string | null;
	variables: Record<string, unknown> | null;
	status: number;
	status_label: string;
	/** seconds talked (0 unless answered) */
	duration: number;
	answered_at: string | null;
	hangup_at: string;
	record_url: string | null;
}

export interface CallbackAttempt {
	at: number;
	status?: number;
	body?: string;
	error?: string;
}

export interface CallbackDelivery {
	id: number;
	url: string;
	form: boolean;
	payload: Record<string, unknown>;
	attempts: CallbackAttempt[];
	delivered: boolean;
	/** true once delivered or out of retries */
	done: boolean;
}

export interface CallbackOptions {
	/** send `application/x-www-form-urlencoded` instead of JSON */
	form?: boolean;
	/** wait before each retry; its length is the number of retries. Default [50, 100, 200] */
	retryDelaysMs?: number[];
	/** extra request headers (e.g. a shared secret) */
	headers?: Record<string, string>;
}

export interface AutodialerState {
	disableTimeGroups: DisableTimeGroup[];
	callerLines: CallerLine[];
	/** `max_recycle_limit` of the meta (deprecated by the vendor; kept as the seed shows) */
	maxRecycleLimit: string;
	autoRecycleRules: AutoRecycleRule[];
	customerServices: CustomerService[];
	outboundGroups: OutboundGroup[];
	tasks: AutodialerTask[];
	/** every finished call, in order */
	calls: CallResult[];
}

// ---------------------------------------------------------------------------------------------
// Constants from the seed

const USER_ID = '4d99d91c-f5d9-49da-88da-758977cc58a9';
const CALL_NOTIFY_URL = 'http://127.0.0.1:81/api/hangup_notify';
const START_STR: Record<0 | 1, string> = { 0: '暂停', 1: '开启' };
const OUTCOME_WEIGHTS: Array<[number, number]> = [
	[1, 45],
	[4, 15],
	[8, 8],
	[3, 8],
	[6, 6],
	[5, 5],
	[7, 4],
	[2, 3],
	[12, 3],
	[9, 1],
	[10, 1],
	[11, 1],
];
const REQUIRED_TASK_FIELDS = new Set<string>([
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
]);
const PHONE_PATTERN = /^\+?\d+$/;

function seedState(): AutodialerState {
	const lineDates = {
		available_at: '2030-12-31 00:00:00',
		deadline_at: '2030-12-31 00:00:00',
		begin_at: '2024-01-01 09:00:00',
		created_at: '2024-01-01 09:00:00',
		updated_at: '2024-01-01 09:00:00',
	};
	return {
		disableTimeGroups: [
			{ uuid: '146979fe-3864-4817-ad76-13b37f43bb1c', name: '休息时间' },
			{ uuid: 'cf44b8fc-a60f-499e-a5c8-5340963a56a3', name: '午休时间' },
			{ uuid: 'a6c20127-1199-4b87-bffa-75ed3e368fd0', name: '早会时间' },
		],
		callerLines: [
			{
				id: '5b1c0e2a-0d4f-4b8e-9a51-000000000000',
				name: '线路-满载',
				residue: 0,
				call_line: 2,
				call_number: '02150000000',
				...lineDates,
			},
			{
				id: '37d73edf-4628-4cf1-8beb-758433fd0aab',
				name: '尊享ai.zxycall.com一',
				residue: 1,
				call_line: 1,
				call_number: '13530525008',
				...lineDates,
				available_at: '2019-12-18 00:00:00',
			},
			{
				id: '83f180c4-00f3-4aaa-bc41-6cba4493e892',
				name: '南京-线路-17361984317',
				residue: 5,
				call_line: 10,
				call_number: '17361984317',
				...lineDates,
			},
			{
				id: 'af69c544-a170-4a2d-b740-20bf66cc7ff4',
				name: '上海-大并发线路',
				residue: 30,
				call_line: 30,
				call_number: '02161234567',
				...lineDates,
			},
		],
		maxRecycleLimit: '50',
		autoRecycleRules: [
			{
				id: 103,
				name: '默认',
				remark: '默认',
				status: true,
				is_default: true,
				created_at: '2020-02-13 10:35:05',
				updated_at: '2020-02-13 10:35:05',
			},
			{
				id: 1,
				name: '测试重呼规则',
				remark: 'test',
				status: true,
				is_default: false,
				created_at: '2020-02-14 10:00:00',
				updated_at: '2020-02-14 10:00:00',
			},
		],
		customerServices: [
			{
				id: 21,
				user_id: USER_ID,
				name: '组2',
				created_at: '2019-05-10 16:03:09',
				updated_at: '2019-05-15 18:01:40',
				caller_line_id: '83f180c4-00f3-4aaa-bc41-6cba4493e892',
				status: 1,
			},
			{
				id: 22,
				user_id: USER_ID,
				name: '组3-无转接线路',
				created_at: '2019-05-11 10:00:00',
				updated_at: '2019-05-11 10:00:00',
				caller_line_id: null,
				status: 1,
			},
			{
				id: 23,
				user_id: USER_ID,
				name: '组4-停用',
				created_at: '2019-05-12 10:00:00',
				updated_at: '2019-05-12 10:00:00',
				caller_line_id: '83f180c4-00f3-4aaa-bc41-6cba4493e892',
				status: 0,
			},
		],
		outboundGroups: [
			{
				id: 390,
				name: '测试话术【复制】',
				user_id: USER_ID,
				debug: true,
				deleted_at: null,
				created_at: '2019-02-24 14:24:23',
				updated_at: '2019-02-24 14:24:23',
				link_word_group_id: null,
				tag_scene_id: null,
				default: false,
			},
			{
				id: 1197,
				name: '测试',
				user_id: USER_ID,
				debug: true,
				deleted_at: null,
				created_at: '2020-03-06 15:17:41',
				updated_at: '2020-03-06 15:17:41',
				link_word_group_id: null,
				tag_scene_id: null,
				default: true,
			},
			{
				id: 447,
				name: 'test',
				user_id: USER_ID,
				debug: true,
				deleted_at: null,
				created_at: '2019-03-17 13:14:55',
				updated_at: '2019-03-17 13:14:55',
				link_word_group_id: null,
				tag_scene_id: null,
				default: false,
			},
		],
		tasks: [],
		calls: [],
	};
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** mulberry32: a tiny deterministic PRNG */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Laravel's attribute name in messages: `_originate_timeout` → `originate timeout` */
function attr(field: string): string {
	return field.replace(/_/g, ' ').trim();
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Laravel `integer` rule: integers and integer strings */
function toInt(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

type Errors = Record<string, string[]>;

/** [inferred] Laravel validation failure: HTTP 422 `{message, errors}` */
function validationFailed(errors: Errors): SimResponse {
	const messages = Object.values(errors).flat();
	const more = messages.length - 1;
	const message =
		more > 0
			? `${messages[0]} (and ${more} more error${more > 1 ? 's' : ''})`
			: (messages[0] ?? 'The given data was invalid.');
	return { status: 422, body: { message, errors } };
}

function loginPage(): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="zh-CN">',
		'<head><meta charset="utf-8"><title>登录 - 智能外呼平台</title></head>',
		'<body>',
		'<form method="POST" action="/login">',
		'<input type="hidden" name="_token" value="sim-csrf-token">',
		'<label>账号 <input name="email" type="text"></label>',
		'<label>密码 <input name="password" type="password"></label>',
		'<button type="submit">登录</button>',
		'</form>',
		'</body>',
		'</html>',
	].join('\n');
}

function formEncode(payload: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(payload)) {
		if (isObject(value)) {
			for (const [k, v] of Object.entries(value)) {
				params.append(`${key}[${k}]`, v === null || v === undefined ? '' : String(v));
			}
		} else {
			params.append(key, value === null || value === undefined ? '' : String(value));
		}
	}
	return params.toString();
}

// ---------------------------------------------------------------------------------------------
// The emulator

export class AutodialerSimulator {
	readonly server: SimServer;
	url = '';
	state: AutodialerState = seedState();
	/** every hang-up callback delivery (one per finished call while a callback URL is set) */
	readonly callbackDeliveries: CallbackDelivery[] = [];

	private readonly apiToken: string;
	private readonly headerName: string;
	private readonly headerPrefix: string;
	private readonly importMax: number;
	private readonly importListKey: string;
	private readonly importNumberKey: string;
	private readonly minLineResidue: number;
	private readonly callsPerSecond: number;
	private random: () => number;
	private callbackUrl?: string;
	private callbackOptions: CallbackOptions = {};
	private readonly pending = new Set<Promise<void>>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private deliverySeq = 0;
	private closed = false;

	constructor(private readonly options: AutodialerSimOptions = {}) {
		this.apiToken = options.apiToken ?? 'sim-autodialer-token';
		this.headerName = options.headerName ?? 'Authorization';
		this.headerPrefix = options.headerPrefix ?? 'Bearer ';
		this.importMax = options.importMax ?? 100;
		this.importListKey = options.importListKey ?? 'numbers';
		this.importNumberKey = options.importNumberKey ?? 'number';
		this.minLineResidue = options.minLineResidue ?? 2;
		this.callsPerSecond = options.callsPerSecond ?? 1;
		this.random = prng(options.seed ?? 1);
		this.server = new SimServer(
			(req) => this.handle(req),
			options,
			() => this.snapshot(),
			() => this.reset(),
		);
	}

	/** what the AutodialerApi credential needs to reach this emulator */
	get credentials(): { baseUrl: string; apiToken: string; headerName: string; headerPrefix: string } {
		return {
			baseUrl: this.url,
			apiToken: this.apiToken,
			headerName: this.headerName,
			headerPrefix: this.headerPrefix,
		};
	}

	async start(): Promise<string> {
		this.closed = false;
		this.url = await this.server.start();
		return this.url;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		await this.server.close();
	}

	/** back to the seeded state (tasks, calls, deliveries, callback URL, PRNG) */
	reset(): void {
		this.state = seedState();
		this.callbackDeliveries.length = 0;
		this.callbackUrl = undefined;
		this.callbackOptions = {};
		this.random = prng(this.options.seed ?? 1);
	}

	task(uuid: string): AutodialerTask | undefined {
		return this.state.tasks.find((t) => t.uuid === uuid);
	}

	/** [inferred] every finished call is POSTed here; `undefined` turns callbacks off */
	setCallbackUrl(url: string | undefined, opts: CallbackOptions = {}): void {
		this.callbackUrl = url;
		this.callbackOptions = opts;
	}

	/**
	 * Finish the next `n` waiting numbers of a task now (whether started or not), deterministic
	 * for a given seed. `status` forces the outcome (a number, or one per call).
	 */
	completeCalls(taskUuid: string, n = 1, status?: number | number[]): CallResult[] {
		const task = this.task(taskUuid);
		if (!task) throw new Error(`autodialer emulator: no task ${taskUuid}`);
		const results: CallResult[] = [];
		for (let i = 0; i < n; i++) {
			const forced = Array.isArray(status) ? status[i] : status;
			const result = this.dialNext(task, forced);
			if (!result) break;
			results.push(result);
		}
		return results;
	}

	/**
	 * POST one hang-up callback to `url`, retrying per `opts.retryDelaysMs` until the receiver
	 * answers HTTP 200 with body `success`. Resolves when delivered or out of retries.
	 */
	sendHangupCallback(url: string, call: CallResult, opts: CallbackOptions = {}): Promise<CallbackDelivery> {
		const delivery: CallbackDelivery = {
			id: ++this.deliverySeq,
			url,
			form: opts.form ?? false,
			payload: { ...call },
			attempts: [],
			delivered: false,
			done: false,
		};
		this.callbackDeliveries.push(delivery);
		const run = this.deliver(delivery, opts).then(() => delivery);
		const tracked = run.then(
			() => undefined,
			() => undefined,
		);
		this.pending.add(tracked);
		void tracked.finally(() => this.pending.delete(tracked));
		return run;
	}

	/** wait until every callback delivery started so far is delivered or out of retries */
	async flushCallbacks(): Promise<CallbackDelivery[]> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
		return this.callbackDeliveries;
	}

	// --- dialing ---------------------------------------------------------------------------

	/** lazy automatic dialing: account for the time passed since the last request */
	private advance(): void {
		if (this.callsPerSecond <= 0) return;
		const now = this.server.now();
		const interval = 1000 / this.callsPerSecond;
		for (const task of this.state.tasks) {
			if (task.start !== 1) continue;
			task.dialClock ??= now;
			while (now - task.dialClock >= interval) {
				task.dialClock += interval;
				if (!this.dialNext(task)) {
					task.dialClock = now;
					break;
				}
			}
		}
	}

	private pickOutcome(): number {
		let roll = this.random() * 100;
		for (const [status, weight] of OUTCOME_WEIGHTS) {
			roll -= weight;
			if (roll < 0) return status;
		}
		return 1;
	}

	private uuid(): string {
		const hex = () =>
			Math.floor(this.random() * 16)
				.toString(16)
				.toLowerCase();
		const part = (n: number) => Array.from({ length: n }, hex).join('');
		const variant = '89ab'[Math.floor(this.random() * 4)];
		return `${part(8)}-${part(4)}-4${part(3)}-${variant}${part(3)}-${part(12)}`;
	}

	private dialNext(task: AutodialerTask, forced?: number): CallResult | undefined {
		const entry = task.numbers.find((e) => e.status === 0);
		if (!entry) return undefined;
		const now = this.server.now();
		let status = forced ?? this.options.outcome?.(entry, task) ?? this.pickOutcome();
		if (!Number.isInteger(status) || status < 1 || status > 12) status = 1;
		const duration = status === 1 ? 5 + Math.floor(this.random() * 116) : 0;
		const callId = this.uuid();
		const call: CallResult = {
			call_id: callId,
			task_uuid: task.uuid,
			number: entry.number,
			name: entry.name ?? null,
			variables: entry.variables ?? null,
			status,
			status_label: AUTODIALER_CALL_STATUS[status],
			duration,
			answered_at: status === 1 ? formatCst(now - duration * 1000) : null,
			hangup_at: formatCst(now),
			record_url: status === 1 ? `${this.url}/recordings/${callId}.wav` : null,
		};
		entry.status = status;
		entry.call = call;
		this.state.calls.push(call);
		if (this.callbackUrl) void this.sendHangupCallback(this.callbackUrl, call, this.callbackOptions);
		return call;
	}

	private async deliver(delivery: CallbackDelivery, opts: CallbackOptions): Promise<void> {
		const delays = opts.retryDelaysMs ?? [50, 100, 200];
		for (let attempt = 0; attempt <= delays.length; attempt++) {
			if (attempt > 0) {
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => {
						this.timers.delete(timer);
						resolve();
					}, delays[attempt - 1]);
					this.timers.add(timer);
				});
			}
			if (this.closed) break;
			const record: CallbackAttempt = { at: this.server.now() };
			delivery.attempts.push(record);
			try {
				const response = await fetch(delivery.url, {
					method: 'POST',
					headers: {
						'content-type': delivery.form
							? 'application/x-www-form-urlencoded'
							: 'application/json',
						...(opts.headers ?? {}),
					},
					body: delivery.form ? formEncode(delivery.payload) : JSON.stringify(delivery.payload),
					signal: AbortSignal.timeout(5000),
				});
				record.status = response.status;
				record.body = await response.text();
				if (response.status === 200 && record.body.trim().toLowerCase() === 'success') {
					delivery.delivered = true;
					break;
				}
			} catch (error) {
				record.error = (error as Error).message;
			}
		}
		delivery.done = true;
	}

	// --- HTTP ------------------------------------------------------------------------------

	private authorized(req: SimRequest): boolean {
		const raw = req.headers[this.headerName.toLowerCase()];
		const value = Array.isArray(raw) ? raw[0] : raw;
		if (typeof value !== 'string') return false;
		const prefix = this.headerPrefix;
		if (value.length !== prefix.length + this.apiToken.length) return false;
		return (
			value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase() &&
			value.slice(prefix.length) === this.apiToken
		);
	}

	private unauthenticated(): SimResponse {
		if (this.options.unauthenticatedMode === 'html-login') {
			return {
				status: 200,
				raw: loginPage(),
				headers: { 'content-type': 'text/html; charset=UTF-8' },
			};
		}
		return { status: 401, body: { message: 'Unauthenticated.' } };
	}

	private handle(req: SimRequest): SimResponse {
		const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
		if (req.method === 'GET' && path === '/login') {
			return { status: 200, raw: loginPage(), headers: { 'content-type': 'text/html; charset=UTF-8' } };
		}
		const recording = /^\/recordings\/([\w-]+)\.wav$/.exec(path);
		if (req.method === 'GET' && recording) {
			if (!this.state.calls.some((c) => c.call_id === recording[1])) return notFound(path);
			return { status: 200, raw: 'RIFF\u0000\u0000\u0000\u0000WAVEfmt ', headers: { 'content-type': 'audio/wav' } };
		}
		if (path.startsWith('/__autodialer/')) return this.devEndpoint(req, path);
		if (!this.authorized(req)) return this.unauthenticated();
		this.advance();

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
			const task = this.task(decodeURIComponent(id));
			if (!task) return taskNotFound(id);
			if (verb === 'import_task_customer') return this.importNumbers(task, req);
			return this.changeState(task, verb as 'destroy' | 'start' | 'stop');
		}
		const single = /^\/v1\/task\/([^/]+)$/.exec(path);
		if (single) {
			if (req.method !== 'PUT') return methodNotAllowed(req.method, 'PUT');
			const task = this.task(decodeURIComponent(single[1]));
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
				if (typeof uuid !== 'string' || !this.task(uuid)) {
					return { status: 400, body: { error: 'taskUuid must name an existing task' } };
				}
				const n = toInt(body.n) ?? 1;
				const status = Array.isArray(body.status)
					? body.status.map((v) => toInt(v) ?? 0)
					: toInt(body.status);
				this.advance();
				return { status: 200, body: { calls: this.completeCalls(uuid, n, status) } };
			}
			case 'POST /__autodialer/callback-url': {
				const delays = Array.isArray(body.retryDelaysMs)
					? body.retryDelaysMs.map((v) => toInt(v) ?? 0)
					: undefined;
				this.setCallbackUrl(typeof body.url === 'string' && body.url ? body.url : undefined, {
					form: body.form === true,
					retryDelaysMs: delays,
				});
				return { status: 200, body: { ok: true } };
			}
			case 'GET /__autodialer/callbacks':
				return { status: 200, body: this.callbackDeliveries };
			default:
				return { status: 404, body: { error: 'unknown dev endpoint' } };
		}
	}

	private meta(): SimResponse {
		const s = this.state;
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
			line = this.state.callerLines.find((l) => l.id === lineId);
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
			if (!this.state.outboundGroups.some((g) => g.id === group && g.deleted_at === null)) {
				fail('destination_extension', 'The selected destination extension is invalid.');
			} else fields.destination_extension = group;
		}

		const timegroup = str('disable_dial_timegroup');
		if (timegroup !== undefined) {
			if (!this.state.disableTimeGroups.some((g) => g.uuid === timegroup)) {
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
			if (!this.state.autoRecycleRules.some((r) => r.id === rule)) {
				fail('auto_recycle_rule_id', 'The selected auto recycle rule id is invalid.');
			} else fields.auto_recycle_rule_id = rule;
		}

		if ('customer_service_id' in input) {
			if (isBlank(input.customer_service_id)) fields.customer_service_id = null;
			else {
				const id = int('customer_service_id');
				if (id !== undefined) {
					const service = this.state.customerServices.find((c) => c.id === id);
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
		const now = formatCst(this.server.now());
		const task: AutodialerTask = {
			uuid: this.uuid(),
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
		this.state.tasks.push(task);
		return { status: 200, body: this.createEntity(task) };
	}

	private update(task: AutodialerTask, req: SimRequest): SimResponse {
		const input = this.input(req);
		const partial = this.options.partialUpdate ?? false;
		// with a partial update the maximumcall check needs the task's own line
		const merged = partial && !('caller_line_id' in input) && 'maximumcall' in input
			? { ...input, caller_line_id: task.caller_line_id }
			: input;
		const { fields, errors } = this.validateTask(merged, partial);
		if (Object.keys(errors).length > 0) return validationFailed(errors);
		Object.assign(task, fields);
		task.alter_datetime = formatCst(this.server.now());
		return { status: 200, body: this.createEntity(task) };
	}

	private list(req: SimRequest): SimResponse {
		const all = this.state.tasks.map((t) => this.listEntity(t));
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
		const now = this.server.now();
		if (verb === 'destroy') {
			this.state.tasks = this.state.tasks.filter((t) => t !== task);
		} else if (verb === 'start') {
			if (task.start !== 1) task.dialClock = now;
			task.start = 1;
			task.alter_datetime = formatCst(now);
		} else {
			task.start = 0;
			task.dialClock = undefined;
			task.alter_datetime = formatCst(now);
		}
		const reply = this.options.actionReply ?? 'entity';
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
		const now = formatCst(this.server.now());
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

	private progressBar(task: AutodialerTask): { total: number; progress: number; percent: number } {
		const total = task.numbers.length;
		const progress = task.numbers.filter((n) => n.status !== 0).length;
		return { total, progress, percent: total === 0 ? 0 : Math.floor((progress / total) * 100) };
	}

	private groupOf(task: AutodialerTask): OutboundGroup | null {
		const group = this.state.outboundGroups.find((g) => g.id === task.destination_extension);
		return group ? { ...group } : null;
	}

	/** the entity as the create response of seed 004 shows it (also update/start/stop) */
	private createEntity(task: AutodialerTask): Record<string, unknown> {
		const line = this.state.callerLines.find((l) => l.id === task.caller_line_id);
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
		const line = this.state.callerLines.find((l) => l.id === task.caller_line_id);
		const rule = this.state.autoRecycleRules.find((r) => r.id === task.auto_recycle_rule_id);
		const timegroup = this.state.disableTimeGroups.find((g) => g.uuid === task.disable_dial_timegroup);
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

	/** JSON view for `/__sim/state` */
	private snapshot(): unknown {
		this.advance();
		return {
			...this.state,
			tasks: this.state.tasks.map((t) => ({ ...t, progress_bar: this.progressBar(t) })),
			callbackUrl: this.callbackUrl ?? null,
			callbackDeliveries: this.callbackDeliveries,
		};
	}
}

function taskNotFound(id: string): SimResponse {
	return { status: 404, body: { message: `Task not found: ${decodeURIComponent(id)}` } };
}

function notFound(path: string): SimResponse {
	return { status: 404, body: { message: `The route ${path.replace(/^\//, '')} could not be found.` } };
}

function methodNotAllowed(method: string, allowed: string): SimResponse {
	return {
		status: 405,
		body: { message: `The ${method} method is not supported for this route. Supported methods: ${allowed}.` },
		headers: { allow: allowed },
	};
}

export async function startAutodialerSimulator(opts: AutodialerSimOptions = {}): Promise<AutodialerSimulator> {
	const sim = new AutodialerSimulator(opts);
	await sim.start();
	return sim;
}
