/**
 * The Autodialer emulator's data: the task, line, rule and group shapes of seed 004, the seeded
 * account, and the model that dials the waiting numbers of started tasks.
 */
import type { SimServerOptions } from '../shared/http';
import type { RecordingHost } from '../shared/recordings';
import { formatCst } from '../shared/http';
import { prng } from '../shared/validators';
import type { AutodialerCallbacks } from './callbacks';

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
	 * a caller line is usable only when `residue >= minLineResidue`. Default 1: the seed's own
	 * create example uses the line with residue 1 (maximumcall 1); 2 is the literal "只能选大于1的".
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
	/**
	 * [inferred] whether an import skips numbers the task already holds. Seed 004 says nothing;
	 * same-family docs (third party) refuse duplicates by default. Default false: kept.
	 */
	dedupNumbers?: boolean;
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
	/** how long one attempt waits for the answer (default 5 s, [inferred]) */
	timeoutMs?: number;
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

export const USER_ID = '4d99d91c-f5d9-49da-88da-758977cc58a9';
export const CALL_NOTIFY_URL = 'http://127.0.0.1:81/api/hangup_notify';
export const START_STR: Record<0 | 1, string> = { 0: '暂停', 1: '开启' };
export const OUTCOME_WEIGHTS: Array<[number, number]> = [
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
export const REQUIRED_TASK_FIELDS = new Set<string>([
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
export const PHONE_PATTERN = /^\+?\d+$/;

export function seedState(): AutodialerState {
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

/** The account's state and what happens to it over time, shared by the routes and the test controls. */
export class AutodialerModel {
	state: AutodialerState = seedState();
	random: () => number;
	readonly callsPerSecond: number;
	callbacks!: AutodialerCallbacks;
	/** the recording file host (set by the simulator) */
	recordings?: RecordingHost;

	constructor(
		readonly options: AutodialerSimOptions,
		readonly now: () => number,
		private readonly baseUrl: () => string,
	) {
		this.callsPerSecond = options.callsPerSecond ?? 1;
		this.random = prng(options.seed ?? 1);
	}

	/** back to the seeded state (tasks, calls, PRNG) */
	reset(): void {
		this.state = seedState();
		this.random = prng(this.options.seed ?? 1);
	}

	task(uuid: string): AutodialerTask | undefined {
		return this.state.tasks.find((t) => t.uuid === uuid);
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

	// --- dialing ---------------------------------------------------------------------------

	/** lazy automatic dialing: account for the time passed since the last request */
	advance(): void {
		if (this.callsPerSecond <= 0) return;
		const now = this.now();
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

	uuid(): string {
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
		const now = this.now();
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
			// [inferred] the link is signed when the call ends and lives recordingTtlSeconds (recordings.ts)
			record_url: status === 1 ? (this.recordings?.url(`recordings/${callId}.wav`) ?? `${this.baseUrl()}/oss/recordings/${callId}.wav`) : null,
		};
		entry.status = status;
		entry.call = call;
		this.state.calls.push(call);
		if (this.callbacks.callbackUrl) void this.callbacks.sendHangupCallback(this.callbacks.callbackUrl, call, this.callbacks.callbackOptions);
		return call;
	}
}
