/**
 * Faithful emulator of the Byrobot (百应 / BYAI) open API (`/openapi/v1/...`).
 *
 * Sources: seeds 001/002 (primary), VENDORS.md §2, the vendor's public docs (company lookups,
 * callbacks, getSceneVariables, v2 import). Where the vendor is silent, behaviour is an inference
 * and is listed in the report; every rule here rejects what the real platform would reject, so a
 * request that passes against this emulator is shaped right.
 *
 * Wire facts reproduced:
 * - Auth headers `appkey`, `datetime` (RFC 1123 GMT), `sign` = Base64(HMAC-SHA1(appSecret,
 *   appKey + "\n" + datetime)). Failures answer HTTP 200 with envelope code 401 / 408.
 * - Envelope `{code, data, resultMsg, errorStackTrace, requestId}`; 412 bad parameter (the message
 *   names the field), 404 unknown task/company, 403 company not bound to this key.
 * - Page objects in PageHelper shape `{pageNum, pageSize, size, orderBy, startRow, endRow, total,
 *   pages, list}`.
 * - queryDoneTaskPhones lists newest first (as the seed example) with `duration` as text ("27秒"),
 *   phoneLogInfo / callbacks carry `duration` as an integer; `callIndex` starts at 0 per task.
 */
import * as crypto from 'node:crypto';
import { formatCst, requestId, PARSE_ERROR, SimServer } from './http';
import type { SimRequest, SimResponse, SimServerOptions } from './http';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface ByrobotSimOptions extends SimServerOptions {
	appKey?: string;
	appSecret?: string;
	/** how many customers per second a running task turns into finished calls; 0 = only via completeCalls() */
	callsPerSecond?: number;
	/** seed for the deterministic outcome generator */
	seed?: number;
	/** delay before each retry of a callback (length = number of retries); default: vendor schedule / 10000 */
	callbackRetryDelaysMs?: number[];
	/** v1 import per-request maximum (v2 docs say 10,000; v1 unknown) */
	importMax?: number;
	/** seed 001 marks sceneDefId/sceneRecordId (and sceneId on single calls) required; newer docs drop them. Default true. */
	requireSceneIds?: boolean;
	/** allowed clock skew of the `datetime` header; default 3 minutes */
	maxSkewMs?: number;
}

export interface ByCompany {
	companyId: number;
	companyName: string;
	/** whether the emulator's app key may operate this company */
	owned: boolean;
	/** total AI seats (concurrencyQuota cannot exceed it) */
	seats: number;
}

export interface ByPhone {
	userPhoneId: number;
	companyId: number;
	phone: string;
	phoneName: string;
	/** 0 mobile/SIM, 1 landline, 2 no caller id */
	phoneType: number;
	available: boolean;
	totalConcurrencyQuota: number | null;
}

export interface ByRobot {
	robotDefId: number;
	companyId: number;
	robotName: string;
	sceneDefId: number;
	sceneDefName: string;
	sceneRecords: Array<{ sceneRecordId: number; sceneRecordName: string }>;
	/** variable names used by the script; customers must carry them in `properties` */
	variables: string[];
	industryOneName: string;
	industryTwoName: string;
	/** 1 online; getRobots?robotStatus=1 lists only online robots */
	online: boolean;
}

export interface ByRepeatRule {
	phoneStatus: number;
	times: number;
	interval: number;
}

export interface ByTask {
	callJobId: number;
	companyId: number;
	jobName: string;
	jobType: number;
	startDate: string | null;
	workingStartTime: string;
	workingEndTime: string;
	breakStartTime: string | null;
	breakEndTime: string | null;
	userPhoneIds: number[];
	callType: number;
	concurrencyQuota: number;
	robotDefId: number;
	sceneDefId: number;
	sceneRecordId: number;
	remark: string;
	smsType: number;
	repeatCall: boolean;
	repeatCallRule: ByRepeatRule[];
	/** 0 not started,1 running,2 completed,3 scheduling,4 paused by user,5 paused by system,6 terminated,7 queued,8 AI expired,9 arrears,10 SMS arrears */
	status: number;
	deleted: boolean;
	createdAt: number;
	gmtCreate: string;
	gmtModified: string;
	/** next callIndex to hand out (per task, starts at 0) */
	nextCallIndex: number;
	/** lazily progressed: time from which calls are due */
	progressAnchor?: number;
	/** the last raw body of createTask / update, for assertions */
	lastRequest: Record<string, unknown>;
	/** jobPhoneId per userPhoneId, for callPhones */
	jobPhoneIds: Record<number, number>;
}

export interface ByTaskResult {
	name: string;
	value: string;
	desc?: string | null;
	analyzeType?: string | null;
}

export interface ByPhoneLogEntry {
	sceneInstanceLogId: number;
	speaker: 'AI' | 'ME';
	content: string;
	userMean: string | null;
	aiUnknown: number;
	startTime: number;
	endTime: number;
	decisionId: number;
}

/** one customer in a task (or one single call); `status` 0 until dialed */
export interface CallInstance {
	callInstanceId: number;
	companyId: number;
	/** null for single calls (task/call, task/singleCallByMobile) */
	callJobId: number | null;
	customerId: number;
	customerName: string;
	customerTelephone: string;
	properties: Record<string, unknown>;
	/** 0 not started, 1 in progress, 2 done, 3 redial scheduled */
	status: number;
	finishStatus: number | null;
	duration: number;
	chatRound: number;
	startTime: string | null;
	endTime: string | null;
	callerPhone: string;
	callIndex: number | null;
	luyinOssUrl: string | null;
	userLuyinOssUrl: string | null;
	hangUp: number | null;
	secondaryCallTime: string;
	secondaryCallTimes: number;
	calledTimes: number;
	robotDefId: number;
	sceneDefId: number;
	sceneRecordId: number;
	callType: number;
	jobName: string;
	results: ByTaskResult[];
	phoneLogs: ByPhoneLogEntry[];
	importedAt: number;
	gmtCreate: string;
	gmtModified: string;
	/** when status 3: not redialed before this time */
	redialAt?: number;
	/** single calls: what the client sent */
	received?: { variables?: unknown; variable?: unknown; hadVariablesKey: boolean; hadVariableKey: boolean };
}

export interface CallbackAttempt {
	at: number;
	status: number;
	body: string;
	error?: string;
}

export interface CallbackDelivery {
	id: number;
	url: string;
	dataType: string;
	contentType: string;
	payload: unknown;
	attempts: CallbackAttempt[];
	state: 'pending' | 'delivered' | 'failed';
	/** set while a retry is scheduled */
	nextAttemptAt?: number;
}

export interface ByrobotState {
	companies: ByCompany[];
	phones: ByPhone[];
	robots: ByRobot[];
	tasks: ByTask[];
	calls: CallInstance[];
}

export interface CallRecordInit {
	customerName?: string;
	customerTelephone?: string;
	properties?: Record<string, unknown>;
	finishStatus?: number;
	duration?: number;
	chatRound?: number;
	/** e.g. 'A级(较强)'; '' = no intent row */
	intent?: string;
	/** extra result rows besides the intent */
	results?: ByTaskResult[];
	hangUp?: number;
	/** end time in ms (default server.now()) */
	endAt?: number;
	phoneLogs?: Array<{ speaker: 'AI' | 'ME'; content: string }>;
}

/** the vendor's documented retry schedule (27 retries over ~26h46m) */
export const BYROBOT_VENDOR_RETRY_SCHEDULE_MS: number[] = (() => {
	const s = 1000;
	const m = 60 * s;
	const h = 60 * m;
	const first = [10 * s, 30 * s, m, 2 * m, 3 * m, 4 * m, 5 * m, 6 * m, 7 * m, 8 * m, 9 * m, 10 * m, 20 * m, 30 * m, h, 2 * h];
	return [...first, ...Array.from({ length: 11 }, () => 2 * h)];
})();

export const BYROBOT_INTENT_NAME = '客户意向等级';

/** Base64(HMAC-SHA1(key = appSecret, message = appKey + "\n" + datetime)) */
export function byrobotSign(appKey: string, appSecret: string, datetime: string): string {
	return crypto.createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`, 'utf8').digest('base64');
}

// ---------------------------------------------------------------------------------------------
// Internals
// ---------------------------------------------------------------------------------------------

class ApiError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

const bad = (field: string, reason: string) => new ApiError(412, `${field}: ${reason}`);

type Body = Record<string, unknown>;

interface IntOpts {
	required?: boolean;
	min?: number;
	max?: number;
	allowed?: number[];
}

/** integers as Jackson reads them: a JSON number or a numeric string */
function readInt(src: Body, field: string, opts: IntOpts = {}): number | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null || raw === '') {
		if (opts.required) throw bad(field, 'is required');
		return undefined;
	}
	let n: number;
	if (typeof raw === 'number') n = raw;
	else if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) n = Number(raw.trim());
	else throw bad(field, `must be an integer, got ${JSON.stringify(raw)}`);
	if (!Number.isInteger(n)) throw bad(field, `must be an integer, got ${JSON.stringify(raw)}`);
	if (opts.allowed && !opts.allowed.includes(n)) throw bad(field, `must be one of ${opts.allowed.join('/')}, got ${n}`);
	if (opts.min !== undefined && n < opts.min) throw bad(field, `must be >= ${opts.min}, got ${n}`);
	if (opts.max !== undefined && n > opts.max) throw bad(field, `must be <= ${opts.max}, got ${n}`);
	return n;
}

function readString(src: Body, field: string, required = false): string | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null) {
		if (required) throw bad(field, 'is required');
		return undefined;
	}
	if (typeof raw !== 'string' && typeof raw !== 'number') throw bad(field, `must be a string, got ${JSON.stringify(raw)}`);
	const s = String(raw);
	if (required && s.trim() === '') throw bad(field, 'must not be empty');
	return s;
}

function readBool(src: Body, field: string): boolean | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'boolean') return raw;
	if (raw === 'true' || raw === 'false') return raw === 'true';
	throw bad(field, `must be a boolean, got ${JSON.stringify(raw)}`);
}

/** HH:mm (HH:mm:ss tolerated) → minutes since midnight */
function readClock(src: Body, field: string): number | undefined {
	const s = readString(src, field);
	if (s === undefined || s === '') return undefined;
	const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(s.trim());
	if (!m) throw bad(field, `must be HH:mm, got ${JSON.stringify(s)}`);
	return Number(m[1]) * 60 + Number(m[2]);
}

function readDate(src: Body, field: string, required: boolean): string | undefined {
	const s = readString(src, field, required);
	if (s === undefined || s === '') {
		if (required) throw bad(field, 'is required');
		return undefined;
	}
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
	if (!m) throw bad(field, `must be yyyy-MM-dd, got ${JSON.stringify(s)}`);
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw bad(field, `is not a valid date: ${s}`);
	return s.trim();
}

const clockText = (minutes: number) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
const clockMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseRfc1123(text: string): number | undefined {
	const m = RFC1123.exec(text);
	if (!m) return undefined;
	const ms = Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
	return Number.isNaN(ms) ? undefined : ms;
}

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** intent wordings as they appear in the wild: match on the leading letter, not the text */
const INTENT_WORDINGS: Record<string, string[]> = {
	A: ['A级(较强)', 'A级(有明确意向)', 'A级（较强）'],
	B: ['B级(一般)', 'B级(可能有意向)', 'B级'],
	C: ['C级(很少)', 'C级', 'C级(明确拒绝)'],
	D: ['D级(需再次跟进)', 'D级(拒绝)'],
	E: ['E级(无需再跟进)', 'E级'],
	F: ['F级(无效客户)', 'F级'],
};

const TRANSCRIPT_AI = [
	'喂，您好，这里是百应智能客服，请问是{name}吗？',
	'我们这边有一个新的优惠活动，想跟您简单介绍一下，您看方便吗？',
	'好的，那我稍后把详细资料发到您的手机上，您留意一下。',
	'感谢您的接听，祝您生活愉快，再见。',
];
const TRANSCRIPT_ME = ['喂，你好', '嗯，你说吧', '有什么优惠？', '现在不太方便', '好的，发过来看看', '不需要了，谢谢'];

const FINISH_POOL = [0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 5, 6, 7, 8, 8];

const OSS = 'https://byrobot-sim.oss-cn-hangzhou.aliyuncs.com/RobotPhoneCommunicate';

interface Route {
	method: 'GET' | 'POST';
	handle: (req: SimRequest, body: Body) => unknown;
	msg?: string;
	/** notDialedCustomerList: the vendor demo also sends it as GET with query params */
	alsoGet?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Simulator
// ---------------------------------------------------------------------------------------------

export class ByrobotSimulator {
	readonly server: SimServer;
	url = '';
	credentials: { baseUrl: string; appKey: string; appSecret: string; companyId: number };
	readonly appKey: string;
	readonly appSecret: string;
	callsPerSecond: number;
	readonly callbackDeliveries: CallbackDelivery[] = [];

	private st!: ByrobotState;
	private rand!: () => number;
	private ids!: { task: number; call: number; customer: number; log: number; result: number; jobPhone: number; delivery: number };
	private callbackUrl?: string;
	private jobCallbackUrl?: string;
	private textPlain = false;
	private readonly retryDelays: number[];
	private readonly importMax: number;
	private readonly requireSceneIds: boolean;
	private readonly maxSkewMs: number;
	private readonly timers = new Map<number, NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<void>>();
	private ticker?: NodeJS.Timeout;
	private readonly routes: Record<string, Route>;

	constructor(private readonly options: ByrobotSimOptions = {}) {
		this.appKey = options.appKey ?? 'simByAppKey';
		this.appSecret = options.appSecret ?? 'simByAppSecret';
		this.callsPerSecond = options.callsPerSecond ?? 20;
		this.retryDelays =
			options.callbackRetryDelaysMs ?? BYROBOT_VENDOR_RETRY_SCHEDULE_MS.map((d) => Math.max(5, Math.round(d / 10000)));
		this.importMax = options.importMax ?? 10000;
		this.requireSceneIds = options.requireSceneIds ?? true;
		this.maxSkewMs = options.maxSkewMs ?? 3 * 60_000;
		this.server = new SimServer(
			(req) => this.handle(req),
			options,
			() => this.describe(),
			() => this.reset(),
		);
		this.reset();
		this.credentials = { baseUrl: '', appKey: this.appKey, appSecret: this.appSecret, companyId: this.st.companies[0].companyId };
		this.routes = {
			'/openapi/v1/company/getCompanys': { method: 'GET', handle: () => this.getCompanys(), msg: '获取成功' },
			'/openapi/v1/company/getPhones': { method: 'GET', handle: (r) => this.getPhones(r), msg: '获取成功' },
			'/openapi/v1/company/getRobots': { method: 'GET', handle: (r) => this.getRobots(r), msg: '获取成功' },
			'/openapi/v1/task/getSceneVariables': { method: 'GET', handle: (r) => this.getSceneVariables(r), msg: '获取成功' },
			'/openapi/v1/task/createTask': { method: 'POST', handle: (_r, b) => this.createTask(b) },
			'/openapi/v1/task/start': { method: 'POST', handle: (_r, b) => this.changeStatus(b, 'start'), msg: '启动成功' },
			'/openapi/v1/task/pause': { method: 'POST', handle: (_r, b) => this.changeStatus(b, 'pause'), msg: '执行成功' },
			'/openapi/v1/task/stop': { method: 'POST', handle: (_r, b) => this.changeStatus(b, 'stop'), msg: '执行成功' },
			'/openapi/v1/task/delete': { method: 'POST', handle: (_r, b) => this.deleteTask(b), msg: '删除成功' },
			'/openapi/v1/task/update': { method: 'POST', handle: (_r, b) => this.updateTask(b), msg: '修改成功' },
			'/openapi/v1/task/getTasks': { method: 'GET', handle: (r) => this.getTasks(r) },
			'/openapi/v1/task/getTaskDetail': { method: 'GET', handle: (r) => this.getTaskDetail(r) },
			'/openapi/v1/task/importTaskCustomer': { method: 'POST', handle: (_r, b) => this.importCustomers(b, 1) },
			'/openapi/v2/task/importTaskCustomer': { method: 'POST', handle: (_r, b) => this.importCustomers(b, 2) },
			'/openapi/v1/task/notDialedCustomerList': {
				method: 'POST',
				alsoGet: true,
				handle: (r, b) => this.notDialed(r.method === 'GET' ? Object.fromEntries(r.query) : b),
			},
			'/openapi/v1/task/call': { method: 'POST', handle: (_r, b) => this.singleCall(b, true), msg: '外呼成功' },
			'/openapi/v1/task/singleCallByMobile': { method: 'POST', handle: (_r, b) => this.singleCall(b, false), msg: '外呼成功' },
			'/openapi/v1/task/queryDoneTaskPhones': { method: 'POST', handle: (_r, b) => this.queryDone(b) },
			'/openapi/v1/task/phoneLogInfo': { method: 'GET', handle: (r) => this.phoneLogInfo(r), msg: '获取成功' },
		};
	}

	get state(): ByrobotState {
		return this.st;
	}

	async start(): Promise<string> {
		this.url = await this.server.start();
		this.credentials.baseUrl = this.url;
		this.ticker = setInterval(() => this.advance(), 50);
		this.ticker.unref();
		return this.url;
	}

	async close(): Promise<void> {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		for (const d of this.callbackDeliveries) if (d.state === 'pending' && d.nextAttemptAt !== undefined) d.state = 'failed';
		await this.server.close();
	}

	/** back to the seeded state (companies, phones, robots; no tasks, no deliveries) */
	reset(): void {
		this.rand = mulberry32(this.options.seed ?? 20240601);
		this.ids = { task: 6001, call: 100001, customer: 70001, log: 900001, result: 500001, jobPhone: 26, delivery: 1 };
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		this.callbackDeliveries.length = 0;
		const robot = (r: Omit<ByRobot, 'industryOneName' | 'industryTwoName' | 'online'> & Partial<ByRobot>): ByRobot => ({
			industryOneName: '房产类',
			industryTwoName: '高端住宅',
			online: true,
			...r,
		});
		this.st = {
			companies: [
				{ companyId: 1001, companyName: '杭州模拟科技有限公司', owned: true, seats: 20 },
				{ companyId: 1002, companyName: '上海演示贸易有限公司', owned: true, seats: 5 },
				{ companyId: 1099, companyName: '无权限的外部公司', owned: false, seats: 5 },
			],
			phones: [
				{ userPhoneId: 201, companyId: 1001, phone: '057126880001', phoneName: '固话线路1', phoneType: 1, available: true, totalConcurrencyQuota: null },
				{ userPhoneId: 202, companyId: 1001, phone: '057126880002', phoneName: '固话线路2', phoneType: 1, available: true, totalConcurrencyQuota: null },
				{ userPhoneId: 203, companyId: 1001, phone: '13800000003', phoneName: 'SIM卡1', phoneType: 0, available: true, totalConcurrencyQuota: 5 },
				{ userPhoneId: 204, companyId: 1001, phone: '1400000004', phoneName: '无主叫线路', phoneType: 2, available: true, totalConcurrencyQuota: null },
				{ userPhoneId: 205, companyId: 1001, phone: '057126880005', phoneName: '已停用线路', phoneType: 1, available: false, totalConcurrencyQuota: null },
				{ userPhoneId: 211, companyId: 1002, phone: '02166880011', phoneName: '上海固话', phoneType: 1, available: true, totalConcurrencyQuota: null },
				{ userPhoneId: 291, companyId: 1099, phone: '01066880091', phoneName: '外部线路', phoneType: 1, available: true, totalConcurrencyQuota: null },
			],
			robots: [
				robot({
					robotDefId: 301, companyId: 1001, robotName: '房产电销', sceneDefId: 401, sceneDefName: '房产电销场景',
					sceneRecords: [{ sceneRecordId: 501, sceneRecordName: '女声-小美' }, { sceneRecordId: 502, sceneRecordName: '男声-张飞' }],
					variables: [],
				}),
				robot({
					robotDefId: 302, companyId: 1001, robotName: '贷款回访', sceneDefId: 402, sceneDefName: '金融回访',
					sceneRecords: [{ sceneRecordId: 503, sceneRecordName: '回访录音' }],
					variables: ['客户姓名', '金额'], industryOneName: '金融类', industryTwoName: '贷款',
				}),
				robot({
					robotDefId: 303, companyId: 1001, robotName: '未上线话术', sceneDefId: 403, sceneDefName: '草稿',
					sceneRecords: [{ sceneRecordId: 504, sceneRecordName: '草稿录音' }], variables: [], online: false,
				}),
				robot({
					robotDefId: 311, companyId: 1002, robotName: '上海回访', sceneDefId: 411, sceneDefName: '回访场景',
					sceneRecords: [{ sceneRecordId: 511, sceneRecordName: '标准录音' }], variables: [],
				}),
				robot({
					robotDefId: 391, companyId: 1099, robotName: '外部话术', sceneDefId: 491, sceneDefName: '外部场景',
					sceneRecords: [{ sceneRecordId: 591, sceneRecordName: '外部录音' }], variables: [],
				}),
			],
			tasks: [],
			calls: [],
		};
		// a task of the company this key does NOT own (for 403 tests): id 6000
		const now = this.now();
		this.st.tasks.push({
			callJobId: 6000, companyId: 1099, jobName: '外部公司的任务', jobType: 2, startDate: null,
			workingStartTime: '09:00:00', workingEndTime: '20:00:00', breakStartTime: null, breakEndTime: null,
			userPhoneIds: [291], callType: 1, concurrencyQuota: 1, robotDefId: 391, sceneDefId: 491, sceneRecordId: 591,
			remark: '', smsType: 0, repeatCall: false, repeatCallRule: [], status: 0, deleted: false, createdAt: now,
			gmtCreate: formatCst(now), gmtModified: formatCst(now), nextCallIndex: 0, lastRequest: {}, jobPhoneIds: { 291: 25 },
		});
	}

	// -------------------------------------------------------------------------------------------
	// Test controls
	// -------------------------------------------------------------------------------------------

	/**
	 * Dial now, regardless of callsPerSecond: the next `n` (default all) waiting customers of the task
	 * (`taskId` null = pending single calls). Works in any task status; a running task whose customers
	 * are all done becomes completed (2).
	 */
	completeCalls(taskId: number | null, n = Number.POSITIVE_INFINITY): CallInstance[] {
		const now = this.now();
		const pending = this.st.calls.filter((c) => c.callJobId === taskId && (c.status === 0 || c.status === 3));
		const done = pending.slice(0, n).map((c) => this.finishCall(c, now));
		if (taskId !== null) {
			const task = this.findTask(taskId);
			if (task) this.checkCompletion(task);
		}
		return done;
	}

	/** add finished call records (new customers) to a task, e.g. for polling-trigger tests */
	addCallRecords(taskId: number, records: CallRecordInit[]): CallInstance[] {
		const task = this.findTask(taskId);
		if (!task) throw new Error(`no task ${taskId}`);
		return records.map((r, i) => {
			const call = this.newCustomer(task, r.customerName ?? `模拟客户${this.ids.customer}`, r.customerTelephone ?? `139${String(this.ids.call).padStart(8, '0')}`, r.properties ?? {});
			return this.finishCall(call, r.endAt ?? this.now() + i, r);
		});
	}

	/** set the task status as the platform would (e.g. 5 system pause, 9 arrears); posts JOB_INFO_RESULT */
	setTaskStatus(taskId: number, status: number): void {
		const task = this.findTask(taskId);
		if (!task) throw new Error(`no task ${taskId}`);
		this.setStatus(task, status);
	}

	/**
	 * Where the platform posts callbacks (the vendor console setting). `jobUrl`: the separate address for
	 * JOB_INFO_RESULT (default: the same url). `textPlain`: private-deployment style text/plain body.
	 */
	setCallbackUrl(url: string | undefined, opts: { textPlain?: boolean; jobUrl?: string } = {}): void {
		this.callbackUrl = url;
		this.jobCallbackUrl = opts.jobUrl ?? url;
		this.textPlain = opts.textPlain ?? false;
	}

	/**
	 * Post an arbitrary callback now (through the same delivery/retry machinery). Give a complete
	 * envelope, or `{dataType, data}` which is wrapped as `{code:200, data:{dataType, data}, resultMsg:'成功', errorStackTrace:null}`.
	 */
	sendCallback(payload: unknown, opts: { url?: string } = {}): CallbackDelivery | undefined {
		let envelope = payload as Record<string, unknown>;
		if (envelope && typeof envelope === 'object' && 'dataType' in envelope && !('code' in envelope)) {
			envelope = { code: 200, data: { dataType: envelope.dataType, data: envelope.data }, resultMsg: '成功', errorStackTrace: null };
		}
		const dataType = String(((envelope?.data as Body | undefined)?.dataType as string | undefined) ?? 'UNKNOWN');
		const url = opts.url ?? (dataType === 'JOB_INFO_RESULT' ? this.jobCallbackUrl : this.callbackUrl);
		if (!url) return undefined;
		return this.deliver(url, dataType, envelope);
	}

	/** a manual intent edit in the CRM: CALL_INSTANCE_RESULT with only taskResult (no sceneInstance) */
	sendManualIntentEdit(callInstanceId: number, value: string): CallbackDelivery | undefined {
		const call = this.st.calls.find((c) => c.callInstanceId === callInstanceId);
		if (!call) throw new Error(`no call ${callInstanceId}`);
		const row = call.results.find((r) => r.name === BYROBOT_INTENT_NAME);
		if (row) row.value = value;
		else call.results.unshift({ name: BYROBOT_INTENT_NAME, value });
		return this.sendCallback({
			dataType: 'CALL_INSTANCE_RESULT',
			data: { taskResult: [{ companyId: call.companyId, sceneInstanceId: call.callInstanceId, resultName: BYROBOT_INTENT_NAME, resultValue: value }] },
		});
	}

	/**
	 * Resolve when no callback is in flight or waiting for a retry. `skipDelays` runs scheduled
	 * retries at once instead of waiting. Rejects after `timeoutMs` (default 30 s).
	 */
	async flushCallbacks(opts: { skipDelays?: boolean; timeoutMs?: number } = {}): Promise<void> {
		const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
		for (;;) {
			if (opts.skipDelays) {
				for (const [id, timer] of this.timers) {
					clearTimeout(timer);
					this.timers.delete(id);
					const d = this.callbackDeliveries.find((x) => x.id === id);
					if (d) this.attempt(d);
				}
			}
			if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
			else if (this.timers.size === 0) return;
			else await new Promise((r) => setTimeout(r, 5));
			if (Date.now() > deadline) throw new Error('flushCallbacks: timed out with callbacks still pending');
		}
	}

	// -------------------------------------------------------------------------------------------
	// HTTP
	// -------------------------------------------------------------------------------------------

	private now(): number {
		return this.server ? this.server.now() : Date.now();
	}

	private envelope(code: number, data: unknown, resultMsg: string): SimResponse {
		return { status: 200, body: { code, data, resultMsg, errorStackTrace: null, requestId: requestId() } };
	}

	private handle(req: SimRequest): SimResponse {
		if (req.path.startsWith('/__byrobot/')) return this.devEndpoint(req);
		const route = this.routes[req.path];
		if (!route) {
			return { status: 404, body: { timestamp: this.now(), status: 404, error: 'Not Found', message: 'No message available', path: req.path } };
		}
		if (req.method !== route.method && !(route.alsoGet && req.method === 'GET')) {
			return {
				status: 405,
				body: { timestamp: this.now(), status: 405, error: 'Method Not Allowed', message: `Request method '${req.method}' not supported`, path: req.path },
			};
		}
		const auth = this.checkAuth(req);
		if (auth) return auth;
		let body: Body = {};
		if (req.method === 'POST') {
			const ct = String(req.headers['content-type'] ?? '');
			if (!/application\/json/i.test(ct)) {
				return {
					status: 415,
					body: { timestamp: this.now(), status: 415, error: 'Unsupported Media Type', message: `Content type '${ct}' not supported`, path: req.path },
				};
			}
			if (req.json === PARSE_ERROR || req.json === undefined || typeof req.json !== 'object' || req.json === null || Array.isArray(req.json)) {
				return this.envelope(412, null, 'request body: must be a JSON object');
			}
			body = req.json as Body;
		}
		this.advance();
		try {
			const data = route.handle(req, body);
			return this.envelope(200, data === undefined ? null : data, route.msg ?? '操作成功');
		} catch (error) {
			if (error instanceof ApiError) return this.envelope(error.code, null, error.message);
			throw error;
		}
	}

	/**
	 * Unsigned dev endpoints for a separate process (demo, e2e):
	 * `POST /__byrobot/complete-calls {taskId, n?}` (taskId null = single calls),
	 * `POST /__byrobot/add-call-records {taskId, records[]}`, `POST /__byrobot/task-status {taskId, status}`,
	 * `POST /__byrobot/callback-url {url?, jobUrl?, textPlain?}`, `POST /__byrobot/send-callback {payload}`,
	 * `GET /__byrobot/callbacks`.
	 */
	private devEndpoint(req: SimRequest): SimResponse {
		const body = (req.json && req.json !== PARSE_ERROR && typeof req.json === 'object' ? req.json : {}) as Body;
		try {
			switch (`${req.method} ${req.path}`) {
				case 'POST /__byrobot/complete-calls': {
					const taskId = body.taskId === null ? null : readInt(body, 'taskId', { required: true })!;
					const n = readInt(body, 'n', { min: 0 });
					return { status: 200, body: { records: this.completeCalls(taskId, n) } };
				}
				case 'POST /__byrobot/add-call-records': {
					const taskId = readInt(body, 'taskId', { required: true })!;
					const records = Array.isArray(body.records) ? (body.records as CallRecordInit[]) : [{}];
					return { status: 200, body: { records: this.addCallRecords(taskId, records) } };
				}
				case 'POST /__byrobot/task-status':
					this.setTaskStatus(readInt(body, 'taskId', { required: true })!, readInt(body, 'status', { required: true, min: 0, max: 10 })!);
					return { status: 200, body: { ok: true } };
				case 'POST /__byrobot/callback-url':
					this.setCallbackUrl(typeof body.url === 'string' && body.url ? body.url : undefined, {
						jobUrl: typeof body.jobUrl === 'string' && body.jobUrl ? body.jobUrl : undefined,
						textPlain: body.textPlain === true,
					});
					return { status: 200, body: { ok: true } };
				case 'POST /__byrobot/send-callback':
					return { status: 200, body: { delivery: this.sendCallback(body.payload) ?? null } };
				case 'GET /__byrobot/callbacks':
					return { status: 200, body: this.callbackDeliveries };
				default:
					return { status: 404, body: { error: 'unknown dev endpoint' } };
			}
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
	}

	private checkAuth(req: SimRequest): SimResponse | undefined {
		const header = (name: string) => {
			const v = req.headers[name];
			return Array.isArray(v) ? v[0] : v;
		};
		const appkey = header('appkey');
		const datetime = header('datetime');
		const sign = header('sign');
		if (!appkey || !sign) return this.envelope(401, null, 'sign check failed: appkey and sign headers are required');
		if (appkey !== this.appKey) return this.envelope(401, null, 'sign check failed: unknown appkey');
		if (!datetime) return this.envelope(408, null, 'datetime header is required');
		const at = parseRfc1123(datetime);
		if (at === undefined) return this.envelope(408, null, `datetime must be RFC 1123 GMT (EEE, dd MMM yyyy HH:mm:ss GMT), got ${JSON.stringify(datetime)}`);
		if (Math.abs(this.now() - at) > this.maxSkewMs) return this.envelope(408, null, 'request expired: datetime differs from server time by more than 3 minutes');
		if (sign !== byrobotSign(this.appKey, this.appSecret, datetime)) return this.envelope(401, null, 'sign check failed: signature mismatch');
		return undefined;
	}

	// -------------------------------------------------------------------------------------------
	// Lookups
	// -------------------------------------------------------------------------------------------

	/** owned company or 404/403 */
	private company(src: Body, field = 'companyId'): ByCompany {
		const id = readInt(src, field, { required: true })!;
		const company = this.st.companies.find((c) => c.companyId === id);
		if (!company) throw new ApiError(404, `${field}: company ${id} not found`);
		if (!company.owned) throw new ApiError(403, `${field}: no permission for company ${id}`);
		return company;
	}

	private getCompanys() {
		return this.st.companies.filter((c) => c.owned).map((c) => ({ companyName: c.companyName, companyId: c.companyId }));
	}

	private getPhones(req: SimRequest) {
		const company = this.company(Object.fromEntries(req.query));
		return this.st.phones
			.filter((p) => p.companyId === company.companyId)
			.map((p) => ({
				userPhoneId: p.userPhoneId,
				callerAccountId: null,
				phone: p.phone,
				account: null,
				phoneName: p.phoneName,
				phoneType: p.phoneType,
				available: p.available,
				useAvailable: p.available,
				totalConcurrencyQuota: p.totalConcurrencyQuota,
				usedConcurrencyQuota: this.usedQuota(p.userPhoneId),
				billPeriod: 60,
				validityBegin: '2024-01-01 00:00:00',
				validityEnd: '2099-12-31 00:00:00',
				sceneType: 2,
			}));
	}

	private usedQuota(userPhoneId: number): number {
		return this.st.tasks.filter((t) => !t.deleted && t.status === 1 && t.userPhoneIds.includes(userPhoneId)).reduce((s, t) => s + t.concurrencyQuota, 0);
	}

	private getRobots(req: SimRequest) {
		const q = Object.fromEntries(req.query);
		const company = this.company(q);
		const robotStatus = readInt(q, 'robotStatus', { allowed: [0, 1] }) ?? 0;
		return this.st.robots
			.filter((r) => r.companyId === company.companyId && (robotStatus === 0 || r.online))
			.map((r) => ({
				robotDefId: r.robotDefId,
				robotName: r.robotName,
				sceneDefId: r.sceneDefId,
				sceneRecords: r.sceneRecords.map((s) => ({ ...s })),
				industryOneName: r.industryOneName,
				industryTwoName: r.industryTwoName,
				gmtModify: '2024-01-01 10:00:00',
			}));
	}

	private getSceneVariables(req: SimRequest) {
		const q = Object.fromEntries(req.query);
		const company = this.company(q);
		const sceneDefId = readInt(q, 'sceneDefId', { required: true })!;
		const robot = this.st.robots.find((r) => r.companyId === company.companyId && r.sceneDefId === sceneDefId);
		if (!robot) throw new ApiError(404, `sceneDefId: scene ${sceneDefId} not found in company ${company.companyId}`);
		return [...robot.variables];
	}

	// -------------------------------------------------------------------------------------------
	// Tasks
	// -------------------------------------------------------------------------------------------

	private findTask(id: number): ByTask | undefined {
		return this.st.tasks.find((t) => t.callJobId === id && !t.deleted);
	}

	/** a live task the key may operate; companyId (when given) must be its company */
	private task(src: Body, field = 'taskId', company?: ByCompany): ByTask {
		const id = readInt(src, field, { required: true })!;
		const task = this.findTask(id);
		if (!task) throw new ApiError(404, `${field}: task ${id} not found`);
		const owner = this.st.companies.find((c) => c.companyId === task.companyId);
		if (!owner?.owned) throw new ApiError(403, `${field}: no permission for task ${id}`);
		if (company && company.companyId !== task.companyId) throw new ApiError(404, `${field}: task ${id} not found in company ${company.companyId}`);
		return task;
	}

	/** shared create/update validation of the calling setup */
	private validateSetup(
		b: Body,
		company: ByCompany,
		userPhoneIds: number[],
		prev?: ByTask,
	): Pick<ByTask, 'jobType' | 'startDate' | 'workingStartTime' | 'workingEndTime' | 'breakStartTime' | 'breakEndTime' | 'callType' | 'concurrencyQuota' | 'repeatCall' | 'repeatCallRule'> {
		const jobType = readInt(b, 'taskType', { required: true, allowed: [1, 2] })!;
		const startDate = readDate(b, 'startDate', jobType === 1 && !prev?.startDate) ?? prev?.startDate ?? null;
		const ws = readClock(b, 'workingStartTime') ?? (prev ? clockMinutes(prev.workingStartTime) : 9 * 60);
		const we = readClock(b, 'workingEndTime') ?? (prev ? clockMinutes(prev.workingEndTime) : 20 * 60);
		if (ws < 9 * 60 || ws > 20 * 60) throw bad('workingStartTime', 'must be within 09:00-20:00');
		if (we < 9 * 60 || we > 20 * 60) throw bad('workingEndTime', 'must be within 09:00-20:00');
		if (ws >= we) throw bad('workingStartTime', 'must be earlier than workingEndTime');
		let bs = readClock(b, 'breakStartTime');
		let be = readClock(b, 'breakEndTime');
		const closeBreak = readBool(b, 'breakStartClose') === true;
		if (bs === undefined && be === undefined && prev && !closeBreak && prev.breakStartTime && prev.breakEndTime) {
			bs = clockMinutes(prev.breakStartTime);
			be = clockMinutes(prev.breakEndTime);
		}
		if ((bs === undefined) !== (be === undefined)) throw bad(bs === undefined ? 'breakStartTime' : 'breakEndTime', 'breakStartTime and breakEndTime must be given together');
		if (bs !== undefined && be !== undefined) {
			if (bs >= be) throw bad('breakStartTime', 'must be earlier than breakEndTime');
			if (bs < ws || be > we) throw bad('breakStartTime', 'the break window must lie inside the working window');
		}
		const callType = readInt(b, 'callType', { required: !!prev, allowed: [0, 1, 2] }) ?? 1;
		const concurrencyQuota = readInt(b, 'concurrencyQuota', { required: !!prev, min: 1 }) ?? 1;
		if (concurrencyQuota > company.seats) throw bad('concurrencyQuota', `exceeds the company's ${company.seats} AI seats`);
		if (userPhoneIds.length === 0) throw bad('userPhoneIds', 'must list at least one caller phone');
		for (const id of userPhoneIds) {
			const phone = this.st.phones.find((p) => p.userPhoneId === id);
			if (!phone || phone.companyId !== company.companyId) throw bad('userPhoneIds', `phone ${id} does not belong to company ${company.companyId}`);
			if (!phone.available) throw bad('userPhoneIds', `phone ${id} is not available`);
			if (phone.phoneType !== callType) throw bad('callType', `${callType} does not match phoneType ${phone.phoneType} of userPhoneId ${id}`);
		}
		const repeatCall = readBool(b, 'repeatCall') ?? prev?.repeatCall ?? false;
		let repeatCallRule = prev?.repeatCallRule ?? [];
		if (b.repeatCallRule !== undefined && b.repeatCallRule !== null) {
			if (!Array.isArray(b.repeatCallRule)) throw bad('repeatCallRule', 'must be a list');
			repeatCallRule = b.repeatCallRule.map((raw, i) => {
				if (!raw || typeof raw !== 'object') throw bad(`repeatCallRule[${i}]`, 'must be an object');
				const r = raw as Body;
				return {
					phoneStatus: readInt(r, 'phoneStatus', { required: true, allowed: [2, 3, 5, 6, 7, 9, 10] })!,
					times: readInt(r, 'times', { required: true, min: 1 })!,
					interval: readInt(r, 'interval', { required: true, min: 1 })!,
				};
			});
		}
		if (repeatCall && repeatCallRule.length === 0) throw bad('repeatCallRule', 'is required when repeatCall is true');
		return {
			jobType,
			startDate,
			workingStartTime: clockText(ws),
			workingEndTime: clockText(we),
			breakStartTime: bs === undefined ? null : clockText(bs),
			breakEndTime: be === undefined ? null : clockText(be),
			callType,
			concurrencyQuota,
			repeatCall,
			repeatCallRule,
		};
	}

	/** robot / scene / recording must belong together and to the company */
	private validateRobot(b: Body, company: ByCompany, sceneField: 'sceneDefId' | 'sceneId'): ByRobot & { sceneRecordId: number } {
		const robotDefId = readInt(b, 'robotDefId', { required: true })!;
		const robot = this.st.robots.find((r) => r.robotDefId === robotDefId && r.companyId === company.companyId);
		if (!robot) throw bad('robotDefId', `robot ${robotDefId} not found in company ${company.companyId}`);
		if (!robot.online) throw bad('robotDefId', `robot ${robotDefId} is not online`);
		const sceneDefId = readInt(b, sceneField, { required: this.requireSceneIds });
		if (sceneDefId !== undefined && sceneDefId !== robot.sceneDefId) throw bad(sceneField, `scene ${sceneDefId} does not belong to robot ${robotDefId}`);
		const sceneRecordId = readInt(b, 'sceneRecordId', { required: this.requireSceneIds });
		if (sceneRecordId !== undefined && !robot.sceneRecords.some((s) => s.sceneRecordId === sceneRecordId)) {
			throw bad('sceneRecordId', `recording ${sceneRecordId} does not belong to scene ${robot.sceneDefId}`);
		}
		return { ...robot, sceneRecordId: sceneRecordId ?? robot.sceneRecords[0].sceneRecordId };
	}

	private createTask(b: Body): number {
		const company = this.company(b);
		const jobName = readString(b, 'taskName', true)!;
		if (!Array.isArray(b.userPhoneIds)) {
			throw bad('userPhoneIds', b.userPhoneIds === undefined ? 'is required' : 'must be a JSON list of integers, e.g. [1,2]');
		}
		const userPhoneIds = (b.userPhoneIds as unknown[]).map((v, i) => readInt({ [`userPhoneIds[${i}]`]: v }, `userPhoneIds[${i}]`, { required: true })!);
		const setup = this.validateSetup(b, company, userPhoneIds);
		const robot = this.validateRobot(b, company, 'sceneDefId');
		const smsType = readInt(b, 'smsType', { allowed: [0, 1] }) ?? 0;
		const remark = readString(b, 'remark') ?? '';
		const now = this.now();
		const task: ByTask = {
			callJobId: this.ids.task++,
			companyId: company.companyId,
			jobName,
			...setup,
			userPhoneIds,
			robotDefId: robot.robotDefId,
			sceneDefId: robot.sceneDefId,
			sceneRecordId: robot.sceneRecordId,
			remark,
			smsType,
			status: 0,
			deleted: false,
			createdAt: now,
			gmtCreate: formatCst(now),
			gmtModified: formatCst(now),
			nextCallIndex: 0,
			lastRequest: { ...b },
			jobPhoneIds: Object.fromEntries(userPhoneIds.map((id) => [id, this.ids.jobPhone++])),
		};
		this.st.tasks.push(task);
		return task.callJobId;
	}

	private updateTask(b: Body): null {
		for (const f of ['companyId', 'taskId', 'taskName', 'taskType', 'userPhoneIds', 'callType', 'concurrencyQuota']) {
			if (b[f] === undefined || b[f] === null || b[f] === '') throw bad(f, 'is required');
		}
		const company = this.company(b);
		const task = this.task(b, 'taskId', company);
		const jobName = readString(b, 'taskName', true)!;
		// the update API takes userPhoneIds as a String: "255,244" (a bare number also works)
		const raw = b.userPhoneIds;
		if (typeof raw !== 'string' && typeof raw !== 'number') throw bad('userPhoneIds', 'must be a comma-separated string such as "255,244"');
		const parts = String(raw).split(',').map((s) => s.trim());
		if (parts.some((s) => !/^\d+$/.test(s))) throw bad('userPhoneIds', `must be a comma-separated string of ids, got ${JSON.stringify(raw)}`);
		const userPhoneIds = parts.map(Number);
		if (task.status === 2 || task.status === 6) throw bad('taskId', `task ${task.callJobId} is ${task.status === 2 ? 'completed' : 'terminated'} and cannot be modified`);
		const setup = this.validateSetup(b, company, userPhoneIds, task);
		Object.assign(task, setup, { jobName, userPhoneIds, lastRequest: { ...b }, gmtModified: formatCst(this.now()) });
		for (const id of userPhoneIds) task.jobPhoneIds[id] ??= this.ids.jobPhone++;
		return null;
	}

	private changeStatus(b: Body, op: 'start' | 'pause' | 'stop'): null {
		const task = this.task(b);
		const s = task.status;
		if (op === 'start') {
			if (s === 1) return null;
			if (s === 2 || s === 6) throw bad('taskId', `task ${task.callJobId} is ${s === 2 ? 'completed' : 'terminated'} and cannot be started`);
			if (s === 8 || s === 9 || s === 10) throw new ApiError(500, `task ${task.callJobId} cannot be started (status ${s}: account problem)`);
			task.progressAnchor = this.now();
			this.setStatus(task, 1);
		} else if (op === 'pause') {
			if (s === 4) return null;
			if (s !== 1 && s !== 3 && s !== 7) throw bad('taskId', `task ${task.callJobId} is not running (status ${s}) and cannot be paused`);
			this.setStatus(task, 4);
		} else {
			if (s === 6) return null;
			if (s === 2) throw bad('taskId', `task ${task.callJobId} is already completed`);
			this.setStatus(task, 6);
		}
		return null;
	}

	private deleteTask(b: Body): null {
		const task = this.task(b);
		if (task.status === 1) throw bad('taskId', `task ${task.callJobId} is running; pause or stop it before deleting`);
		task.deleted = true;
		return null;
	}

	private counts(task: ByTask) {
		const calls = this.st.calls.filter((c) => c.callJobId === task.callJobId);
		const done = calls.filter((c) => c.status === 2 || c.status === 3);
		const fs = (list: number[]) => done.filter((c) => list.includes(c.finishStatus ?? -1)).length;
		return {
			totalCount: calls.length,
			doneCount: done.length,
			calledCount: fs([0]),
			rejectedCount: fs([1]),
			unavailableCount: fs([2, 4, 5, 6, 7, 8, 10, 11, 22]),
			fromUnavailableCount: fs([3, 9]),
			done,
		};
	}

	private taskSummary(task: ByTask) {
		return {
			callJobId: task.callJobId,
			jobName: task.jobName,
			jobType: task.jobType,
			startDate: task.startDate,
			workingStartTime: task.workingStartTime,
			workingEndTime: task.workingEndTime,
			breakStartTime: task.breakStartTime,
			breakEndTime: task.breakEndTime,
			status: task.status,
			sceneDefId: task.sceneDefId,
			remark: task.remark,
			// the list endpoint leaves the counters empty (seed example); use getTaskDetail for them
			totalCount: null,
			doneCount: null,
			calledCount: null,
			rejectedCount: null,
			unavailableCount: null,
			fromUnavailableCount: null,
			sceneDefName: null,
			callPhones: null,
		};
	}

	private page<T>(items: T[], pageNum: number, pageSize: number) {
		const total = items.length;
		const offset = (pageNum - 1) * pageSize;
		const list = items.slice(offset, offset + pageSize);
		return {
			pageNum,
			pageSize,
			size: list.length,
			orderBy: null,
			startRow: list.length ? offset + 1 : 0,
			endRow: list.length ? offset + list.length : 0,
			total,
			pages: Math.ceil(total / pageSize),
			list,
		};
	}

	private getTasks(req: SimRequest) {
		const q: Body = Object.fromEntries(req.query);
		const company = this.company(q);
		const taskName = readString(q, 'taskName');
		const createDate = readDate(q, 'createDate', false);
		const status = readInt(q, 'status', { min: 0, max: 10 });
		const pageNum = readInt(q, 'pageNum', { min: 1 }) ?? 1;
		const pageSize = readInt(q, 'pageSize', { min: 1, max: 100 }) ?? 10;
		const tasks = this.st.tasks
			.filter((t) => !t.deleted && t.companyId === company.companyId)
			.filter((t) => !taskName || t.jobName.includes(taskName))
			.filter((t) => !createDate || t.gmtCreate.startsWith(createDate))
			.filter((t) => status === undefined || t.status === status)
			.sort((a, b) => b.callJobId - a.callJobId);
		return this.page(tasks.map((t) => this.taskSummary(t)), pageNum, pageSize);
	}

	private callPhones(task: ByTask) {
		return task.userPhoneIds.map((id) => {
			const p = this.st.phones.find((x) => x.userPhoneId === id)!;
			return { jobPhoneId: task.jobPhoneIds[id], userPhoneId: id, callJobId: task.callJobId, phone: p.phone, phoneName: p.phoneName, gmtCreate: task.gmtCreate, gmtModified: task.gmtModified };
		});
	}

	private getTaskDetail(req: SimRequest) {
		const q: Body = Object.fromEntries(req.query);
		const company = this.company(q);
		const task = this.task(q, 'taskId', company);
		const robot = this.st.robots.find((r) => r.robotDefId === task.robotDefId)!;
		const c = this.counts(task);
		const answered = c.done.filter((x) => x.finishStatus === 0);
		const bucket = <T>(items: T[], key: (x: T) => string) => {
			const m = new Map<string, number>();
			for (const x of items) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
			return [...m].map(([name, value]) => ({ name, value }));
		};
		const intents = c.done.map((x) => x.results.find((r) => r.name === BYROBOT_INTENT_NAME)?.value).filter((v): v is string => !!v);
		const { done: _done, ...counters } = c;
		void _done;
		return {
			...this.taskSummary(task),
			...counters,
			robotDefName: robot.robotName,
			sceneDefName: robot.sceneDefName,
			sceneRecordName: robot.sceneRecords.find((s) => s.sceneRecordId === task.sceneRecordId)?.sceneRecordName ?? null,
			durationStat: bucket(answered, (x) => (x.duration < 10 ? '<10s' : x.duration < 60 ? '10-59s' : '>=60s')),
			chatRoundStat: bucket(answered, (x) => (x.chatRound < 10 ? '0-9次' : '>=10次')),
			resultDefs: [{ name: BYROBOT_INTENT_NAME, values: ['A级', 'B级', 'C级', 'D级', 'E级', 'F级'] }],
			callPhones: this.callPhones(task),
			extraStat: { [BYROBOT_INTENT_NAME]: bucket(intents, (v) => /\(([^)]*)\)|（([^）]*)）/.exec(v)?.slice(1).find(Boolean) ?? v) },
		};
	}

	// -------------------------------------------------------------------------------------------
	// Customers
	// -------------------------------------------------------------------------------------------

	private newCustomer(task: ByTask, name: string, phone: string, properties: Record<string, unknown>): CallInstance {
		const now = this.now();
		const caller = this.st.phones.find((p) => p.userPhoneId === task.userPhoneIds[0]);
		const call: CallInstance = {
			callInstanceId: this.ids.call++,
			companyId: task.companyId,
			callJobId: task.callJobId,
			customerId: this.ids.customer++,
			customerName: name,
			customerTelephone: phone,
			properties,
			status: 0,
			finishStatus: null,
			duration: 0,
			chatRound: 0,
			startTime: null,
			endTime: null,
			callerPhone: caller?.phone ?? '',
			callIndex: null,
			luyinOssUrl: null,
			userLuyinOssUrl: null,
			hangUp: null,
			secondaryCallTime: '1970-01-01 08:00:00',
			secondaryCallTimes: 0,
			calledTimes: 0,
			robotDefId: task.robotDefId,
			sceneDefId: task.sceneDefId,
			sceneRecordId: task.sceneRecordId,
			callType: task.callType,
			jobName: task.jobName,
			results: [],
			phoneLogs: [],
			importedAt: now,
			gmtCreate: formatCst(now),
			gmtModified: formatCst(now),
		};
		this.st.calls.push(call);
		return call;
	}

	private importCustomers(b: Body, version: 1 | 2) {
		const company = this.company(b);
		const task = this.task(b, 'taskId', company);
		if (task.status === 2 || task.status === 6) throw bad('taskId', `task ${task.callJobId} is ${task.status === 2 ? 'completed' : 'terminated'}; customers cannot be imported`);
		const list = b.customerInfoList;
		if (!Array.isArray(list) || list.length === 0) throw bad('customerInfoList', 'must be a non-empty list');
		const max = version === 2 ? 10000 : this.importMax;
		if (list.length > max) throw bad('customerInfoList', `at most ${max} customers per request, got ${list.length}`);
		const robot = this.st.robots.find((r) => r.robotDefId === task.robotDefId)!;
		const parsed = list.map((raw, i) => {
			const f = `customerInfoList[${i}]`;
			if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad(f, 'must be an object');
			const item = raw as Body;
			const phoneRaw = item.phone;
			if (phoneRaw === undefined || phoneRaw === null || String(phoneRaw).trim() === '') throw bad(`${f}.phone`, 'is required');
			if (typeof phoneRaw !== 'string' && typeof phoneRaw !== 'number') throw bad(`${f}.phone`, 'must be a string');
			const phone = String(phoneRaw).trim();
			if (!/^\+?\d{3,20}$/.test(phone.replace(/-/g, ''))) throw bad(`${f}.phone`, `is not a phone number: ${JSON.stringify(phoneRaw)}`);
			const nameRaw = item.name;
			if (nameRaw === undefined || nameRaw === null || String(nameRaw).trim() === '') throw bad(`${f}.name`, 'is required');
			if (typeof nameRaw !== 'string' && typeof nameRaw !== 'number') throw bad(`${f}.name`, 'must be a string');
			const props = item.properties;
			if (props !== undefined && props !== null && (typeof props !== 'object' || Array.isArray(props))) throw bad(`${f}.properties`, 'must be a map of string to string');
			const properties = (props ?? {}) as Record<string, unknown>;
			for (const [k, v] of Object.entries(properties)) {
				if (v !== null && typeof v === 'object') throw bad(`${f}.properties.${k}`, 'values must be strings');
			}
			const missing = robot.variables.filter((v) => properties[v] === undefined || properties[v] === null || properties[v] === '');
			return { phone, name: String(nameRaw), properties, missing, f };
		});
		let successNum = 0;
		let repeatNum = 0;
		let placeFailNum = 0;
		if (version === 1) {
			const wrong = parsed.find((p) => p.missing.length > 0);
			if (wrong) throw bad(`${wrong.f}.properties.${wrong.missing[0]}`, 'is required by the script variables of this task');
		}
		const known = new Set(this.st.calls.filter((c) => c.callJobId === task.callJobId).map((c) => c.customerTelephone));
		for (const p of parsed) {
			if (known.has(p.phone)) {
				repeatNum++;
				continue;
			}
			if (p.missing.length > 0) {
				placeFailNum++;
				continue;
			}
			known.add(p.phone);
			this.newCustomer(task, p.name, p.phone, p.properties);
			successNum++;
		}
		if (version === 1) return null;
		return {
			msg: `本次导入：${list.length}个客户，预计导入成功：${successNum}个客户，成功导入：${successNum}个客户，重复：${repeatNum}个客户，话术变量错误：${placeFailNum}个客户`,
			successNum,
			repeatNum,
			placeFailNum,
		};
	}

	private notDialed(b: Body) {
		const task = this.task(b);
		const pageNum = readInt(b, 'pageNum', { min: 1 }) ?? 1;
		const pageSize = readInt(b, 'pageSize', { min: 1, max: 50 }) ?? 10;
		const company = this.st.companies.find((c) => c.companyId === task.companyId)!;
		const waiting = this.st.calls
			.filter((c) => c.callJobId === task.callJobId && (c.status === 0 || c.status === 1 || c.status === 3))
			.map((c) => ({
				callInstanceId: c.callInstanceId,
				customerName: c.customerName,
				customerTelephone: c.customerTelephone,
				status: c.status,
				startTime: c.gmtCreate,
				callerPhone: c.callerPhone,
				corpName: company.companyName,
				calledTimes: c.calledTimes,
			}));
		return this.page(waiting, pageNum, pageSize);
	}

	// -------------------------------------------------------------------------------------------
	// Calls
	// -------------------------------------------------------------------------------------------

	private singleCall(b: Body, withCustomer: boolean): number {
		const company = this.company(b);
		let existing: CallInstance | undefined;
		if (withCustomer) {
			const customerId = readInt(b, 'customerId', { required: true })!;
			existing = this.st.calls.find((c) => c.customerId === customerId && c.companyId === company.companyId);
			if (!existing) throw new ApiError(404, `customerId: customer ${customerId} not found in company ${company.companyId}`);
		}
		const mobileRaw = b.mobile;
		if (mobileRaw === undefined || mobileRaw === null || String(mobileRaw).trim() === '') throw bad('mobile', 'is required');
		if (typeof mobileRaw !== 'string' && typeof mobileRaw !== 'number') throw bad('mobile', 'must be a phone number');
		const mobile = String(mobileRaw).trim();
		if (!/^\+?\d{3,20}$/.test(mobile)) throw bad('mobile', `is not a phone number: ${JSON.stringify(mobileRaw)}`);
		const robot = this.validateRobot(b, company, 'sceneId');
		const variables = b.variables;
		if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) throw bad('variables', 'must be a map of string to string');
		const vars = (variables ?? {}) as Body;
		for (const v of robot.variables) {
			if (vars[v] === undefined || vars[v] === null || vars[v] === '') throw bad(`variables.${v}`, 'is required by the script (note: the field is `variables`, not `variable`)');
		}
		const userName = readString(b, 'userName');
		const now = this.now();
		const phone = this.st.phones.find((p) => p.companyId === company.companyId && p.available);
		const call: CallInstance = {
			callInstanceId: this.ids.call++,
			companyId: company.companyId,
			callJobId: null,
			customerId: existing?.customerId ?? this.ids.customer++,
			customerName: existing?.customerName ?? userName ?? mobile,
			customerTelephone: mobile,
			properties: { ...vars },
			status: 0,
			finishStatus: null,
			duration: 0,
			chatRound: 0,
			startTime: null,
			endTime: null,
			callerPhone: phone?.phone ?? '',
			callIndex: null,
			luyinOssUrl: null,
			userLuyinOssUrl: null,
			hangUp: null,
			secondaryCallTime: '1970-01-01 08:00:00',
			secondaryCallTimes: 0,
			calledTimes: 0,
			robotDefId: robot.robotDefId,
			sceneDefId: robot.sceneDefId,
			sceneRecordId: robot.sceneRecordId,
			callType: 2,
			jobName: '单次外呼',
			results: [],
			phoneLogs: [],
			importedAt: now,
			gmtCreate: formatCst(now),
			gmtModified: formatCst(now),
			received: { variables: b.variables, variable: b.variable, hadVariablesKey: 'variables' in b, hadVariableKey: 'variable' in b },
		};
		this.st.calls.push(call);
		return call.callInstanceId;
	}

	/** advance running tasks lazily: callsPerSecond customers per second each */
	private advance(): void {
		const now = this.now();
		if (this.callsPerSecond <= 0) return;
		for (const task of this.st.tasks) {
			if (task.deleted || task.status !== 1) continue;
			task.progressAnchor ??= now;
			const due = Math.floor(((now - task.progressAnchor) * this.callsPerSecond) / 1000);
			if (due <= 0) continue;
			const pending = this.st.calls.filter(
				(c) => c.callJobId === task.callJobId && (c.status === 0 || (c.status === 3 && (c.redialAt ?? 0) <= now)),
			);
			const n = Math.min(due, pending.length);
			for (let i = 0; i < n; i++) this.finishCall(pending[i], now - Math.round(((n - 1 - i) * 1000) / this.callsPerSecond));
			if (n < due) task.progressAnchor = now;
			else task.progressAnchor += (n * 1000) / this.callsPerSecond;
			this.checkCompletion(task);
		}
		for (const call of this.st.calls) {
			if (call.callJobId === null && call.status === 0 && now - call.importedAt >= 1000 / this.callsPerSecond) this.finishCall(call, now);
		}
	}

	/** a running task with customers, none of them waiting → completed */
	private checkCompletion(task: ByTask): void {
		if (task.status !== 1) return;
		const calls = this.st.calls.filter((c) => c.callJobId === task.callJobId);
		if (calls.length === 0 || calls.some((c) => c.status === 0 || c.status === 1 || c.status === 3)) return;
		this.setStatus(task, 2);
	}

	private setStatus(task: ByTask, status: number): void {
		if (task.status === status) return;
		task.status = status;
		task.gmtModified = formatCst(this.now());
		if (status === 1) task.progressAnchor = this.now();
		// the vendor reports: manual pause, system pause, arrears, SMS arrears, completion (and stop)
		if ([2, 4, 5, 6, 8, 9, 10].includes(status)) this.sendCallback({ dataType: 'JOB_INFO_RESULT', data: this.jobInfo(task) });
	}

	private jobInfo(task: ByTask) {
		return {
			callJobId: task.callJobId,
			companyId: task.companyId,
			jobName: task.jobName,
			jobType: task.jobType,
			startDate: task.startDate,
			endDate: task.status === 2 ? formatCst(this.now()).slice(0, 10) : null,
			workingStartTime: task.workingStartTime,
			workingEndTime: task.workingEndTime,
			breakStartTime: task.breakStartTime,
			breakEndTime: task.breakEndTime,
			status: task.status,
			callType: task.callType,
			robotDefId: task.robotDefId,
			sceneDefId: task.sceneDefId,
			sceneRecordId: task.sceneRecordId,
			remark: task.remark,
			smsType: task.smsType,
			smsCondition: null,
			smsTemplateId: null,
			userId: 241,
			userName: '模拟主账号',
		};
	}

	private pick<T>(list: T[]): T {
		return list[Math.floor(this.rand() * list.length)];
	}

	private finishCall(call: CallInstance, endAt: number, init: CallRecordInit = {}): CallInstance {
		const task = call.callJobId === null ? undefined : this.findTask(call.callJobId);
		const finishStatus = init.finishStatus ?? this.pick(FINISH_POOL);
		const answered = finishStatus === 0;
		const duration = init.duration ?? (answered ? 8 + Math.floor(this.rand() * 110) : 0);
		const chatRound = init.chatRound ?? (answered ? 2 + Math.floor(this.rand() * 10) : 0);
		const startAt = endAt - duration * 1000 - (answered ? 6000 : 30000);
		call.status = 2;
		call.finishStatus = finishStatus;
		call.duration = duration;
		call.chatRound = chatRound;
		call.startTime = formatCst(startAt);
		call.endTime = formatCst(endAt);
		call.calledTimes += 1;
		call.hangUp = init.hangUp ?? (answered ? (this.rand() < 0.6 ? 1 : 0) : null);
		call.luyinOssUrl = answered ? `${OSS}/${call.callInstanceId}/${formatCst(endAt).replace(/[-: ]/g, '')}_${call.customerTelephone}.wav` : null;
		call.userLuyinOssUrl = answered ? `${OSS}/${call.callInstanceId}_user.wav` : null;
		call.gmtModified = formatCst(endAt);
		if (task) call.callIndex = task.nextCallIndex++;
		// intent
		let intent = init.intent;
		if (intent === undefined) {
			const letter = answered ? this.pick(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'E']) : 'F';
			intent = this.pick(INTENT_WORDINGS[letter]);
		}
		const results: ByTaskResult[] = [];
		if (intent !== '') results.push({ name: BYROBOT_INTENT_NAME, value: intent, desc: answered ? '命中业务问题 >= 1 次' : '未接通', analyzeType: 'BY_ANALYZE_USER_LEVEL' });
		if (answered && init.results === undefined && this.rand() < 0.5) results.push({ name: '客户关注点', value: this.pick(['价格', '位置', '户型', '贷款']) });
		results.push(...(init.results ?? []));
		call.results = results;
		// transcript
		const script =
			init.phoneLogs ??
			(answered
				? Array.from({ length: Math.max(1, chatRound) * 2 }, (_, i) =>
						i % 2 === 0
							? { speaker: 'AI' as const, content: TRANSCRIPT_AI[Math.min(i / 2, TRANSCRIPT_AI.length - 1)].replace('{name}', call.customerName) }
							: { speaker: 'ME' as const, content: this.pick(TRANSCRIPT_ME) },
					).slice(0, Math.max(2, chatRound * 2))
				: []);
		let t = 0;
		call.phoneLogs = script.map((line) => {
			const len = 800 + Math.floor(this.rand() * 2500);
			const entry: ByPhoneLogEntry = {
				sceneInstanceLogId: this.ids.log++,
				speaker: line.speaker,
				content: line.content,
				userMean: line.speaker === 'ME' ? '~' : null,
				aiUnknown: 0,
				startTime: line.speaker === 'AI' ? 0 : t,
				endTime: line.speaker === 'AI' ? 0 : t + len,
				decisionId: 10000 + Math.floor(this.rand() * 1000),
			};
			t += len + 500;
			return entry;
		});
		// redial rules
		const rule = task?.repeatCall ? task.repeatCallRule.find((r) => r.phoneStatus === finishStatus) : undefined;
		if (task && rule && call.secondaryCallTimes < rule.times) {
			call.status = 3;
			call.secondaryCallTimes += 1;
			call.redialAt = endAt + rule.interval * 60_000;
			call.secondaryCallTime = formatCst(call.redialAt);
		}
		const jobFinished = !!task && !this.st.calls.some((c) => c.callJobId === task.callJobId && c !== call && (c.status === 0 || c.status === 3)) && call.status === 2;
		this.sendCallback({
			dataType: 'CALL_INSTANCE_RESULT',
			data: { ...this.callDetail(call), jobFinished, sign: null, dateTime: new Date(endAt).toUTCString() },
		});
		return call;
	}

	// -------------------------------------------------------------------------------------------
	// Call records out
	// -------------------------------------------------------------------------------------------

	private sceneInstance(call: CallInstance) {
		return {
			callInstanceId: call.callInstanceId,
			companyId: call.companyId,
			callUserId: 241,
			callJobId: call.callJobId,
			customerId: call.customerId,
			customerTelephone: call.customerTelephone,
			customerName: call.customerName,
			status: call.status,
			finishStatus: call.finishStatus,
			duration: call.duration,
			chatRound: call.chatRound,
			startTime: call.startTime,
			endTime: call.endTime,
			callerPhone: call.callerPhone,
			luyinOssUrl: call.luyinOssUrl,
			userLuyinOssUrl: call.userLuyinOssUrl,
			properties: JSON.stringify(call.properties),
			handlePerson: this.st.robots.find((r) => r.robotDefId === call.robotDefId)?.robotName ?? null,
			callType: call.callType,
			callIndex: call.callIndex,
			readStatus: 0,
			jobName: call.jobName,
			robotDefId: call.robotDefId,
			sceneDefId: call.sceneDefId,
			sceneRecordId: call.sceneRecordId,
			trackResult: null,
			hangUp: call.hangUp,
			secondaryCallTime: call.secondaryCallTime,
			secondaryCallTimes: call.secondaryCallTimes,
			cost: 0,
			callbacked: 0,
			gmtCreate: call.gmtCreate,
			gmtModified: call.gmtModified,
		};
	}

	private taskResult(call: CallInstance) {
		return call.results.map((r, i) => {
			const letter = r.name === BYROBOT_INTENT_NAME ? /^([A-F])/.exec(r.value)?.[1] ?? null : null;
			return {
				sceneInstanceResultId: this.ids.result + call.callInstanceId * 10 + i,
				companyId: call.companyId,
				callJobId: call.callJobId,
				sceneInstanceId: call.callInstanceId,
				resultName: r.name,
				resultValue: r.value,
				artificialResultValue: null,
				artificialChanged: null,
				resultDesc: r.desc ?? null,
				resultValueAlias: letter,
				resultLabels: null,
				resultValueNew: r.value,
				analyzeType: r.analyzeType ?? null,
				gmtCreate: call.gmtModified,
				gmtModified: call.gmtModified,
			};
		});
	}

	private phoneLog(call: CallInstance) {
		return {
			phoneLogs: call.phoneLogs.map((l) => ({
				sceneInstanceLogId: l.sceneInstanceLogId,
				sceneInstanceId: call.callInstanceId,
				companyId: call.companyId,
				robotDefId: call.robotDefId,
				decisionId: l.decisionId,
				speaker: l.speaker,
				content: l.content,
				userMean: l.userMean,
				userMeanDetail: null,
				aiUnknown: l.aiUnknown,
				answerStatus: null,
				studyStatus: null,
				startTime: l.startTime,
				endTime: l.endTime,
				knowledgeBaseId: null,
				correctionContent: null,
				gmtCreate: call.gmtModified,
				gmtModified: call.gmtModified,
			})),
			luyinOssUrl: call.luyinOssUrl,
		};
	}

	private callDetail(call: CallInstance) {
		return { sceneInstance: this.sceneInstance(call), taskResult: this.taskResult(call), phoneLog: this.phoneLog(call) };
	}

	private phoneLogInfo(req: SimRequest) {
		const q: Body = Object.fromEntries(req.query);
		const id = readInt(q, 'callInstanceId', { required: true })!;
		const call = this.st.calls.find((c) => c.callInstanceId === id);
		if (!call) throw new ApiError(404, `callInstanceId: call ${id} not found`);
		const owner = this.st.companies.find((c) => c.companyId === call.companyId);
		if (!owner?.owned) throw new ApiError(403, `callInstanceId: no permission for call ${id}`);
		const d = this.callDetail(call);
		return { phoneLog: d.phoneLog, sceneInstance: d.sceneInstance, taskResult: d.taskResult };
	}

	private queryDone(b: Body) {
		const task = this.task(b, 'callJobId');
		const durationLeft = readInt(b, 'durationLeft', { min: 0 });
		const durationRight = readInt(b, 'durationRight', { min: 0 });
		if (durationLeft !== undefined && durationRight !== undefined && durationLeft > durationRight) throw bad('durationLeft', 'must be <= durationRight');
		const chatRoundLeft = readInt(b, 'chatRoundLeft', { min: 0 });
		const chatRoundRight = readInt(b, 'chatRoundRight', { min: 0 });
		if (chatRoundLeft !== undefined && chatRoundRight !== undefined && chatRoundLeft > chatRoundRight) throw bad('chatRoundLeft', 'must be <= chatRoundRight');
		const finishStatus = readInt(b, 'finishStatus', { allowed: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 22] });
		const index = readInt(b, 'index', { min: -1 }) ?? -1;
		const pageNum = readInt(b, 'pageNum', { min: 1 }) ?? 1;
		const pageSize = readInt(b, 'pageSize', { min: 1, max: 50 }) ?? 10;
		let query: Array<{ name: string; value: string }> = [];
		if (b.resultQueryList !== undefined && b.resultQueryList !== null) {
			if (!Array.isArray(b.resultQueryList)) throw bad('resultQueryList', 'must be a list of {name, value}');
			query = b.resultQueryList.map((raw, i) => {
				if (!raw || typeof raw !== 'object') throw bad(`resultQueryList[${i}]`, 'must be {name, value}');
				const r = raw as Body;
				return { name: readString(r, 'name', true)!, value: readString(r, 'value', true)! };
			});
		}
		const calls = this.st.calls
			.filter((c) => c.callJobId === task.callJobId && (c.status === 2 || c.status === 3) && c.callIndex !== null && c.callIndex > index)
			.filter((c) => durationLeft === undefined || c.duration >= durationLeft)
			.filter((c) => durationRight === undefined || c.duration <= durationRight)
			.filter((c) => chatRoundLeft === undefined || c.chatRound >= chatRoundLeft)
			.filter((c) => chatRoundRight === undefined || c.chatRound <= chatRoundRight)
			.filter((c) => finishStatus === undefined || c.finishStatus === finishStatus)
			.filter((c) => query.every((q) => c.results.some((r) => r.name === q.name && r.value === q.value)))
			.sort((a, b2) => (b2.callIndex ?? 0) - (a.callIndex ?? 0));
		const list = calls.map((c) => ({
			callInstanceId: c.callInstanceId,
			sceneDefId: c.sceneDefId,
			callJobId: c.callJobId,
			customerTelephone: c.customerTelephone,
			customerName: c.customerName,
			status: c.status,
			finishStatus: c.finishStatus,
			duration: `${c.duration}秒`,
			chatRound: c.chatRound,
			startTime: c.startTime,
			endTime: c.endTime,
			callerPhone: c.callerPhone,
			callIndex: c.callIndex,
			luyinOssUrl: c.luyinOssUrl,
			secondaryCallTime: c.secondaryCallTime,
			secondaryCallTimes: c.secondaryCallTimes,
			gmtCreate: c.gmtCreate,
			gmtModified: c.gmtModified,
			jobName: c.jobName,
			resultList: c.results.map((r) => ({ name: r.name, value: r.value })),
		}));
		return this.page(list, pageNum, pageSize);
	}

	// -------------------------------------------------------------------------------------------
	// Callbacks
	// -------------------------------------------------------------------------------------------

	private deliver(url: string, dataType: string, payload: unknown): CallbackDelivery {
		const delivery: CallbackDelivery = {
			id: this.ids.delivery++,
			url,
			dataType,
			contentType: this.textPlain ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8',
			payload,
			attempts: [],
			state: 'pending',
		};
		this.callbackDeliveries.push(delivery);
		this.attempt(delivery);
		return delivery;
	}

	private attempt(d: CallbackDelivery): void {
		d.nextAttemptAt = undefined;
		const run = (async () => {
			const at = Date.now();
			let status = 0;
			let body = '';
			let error: string | undefined;
			try {
				const res = await fetch(d.url, {
					method: 'POST',
					headers: { 'content-type': d.contentType },
					body: JSON.stringify(d.payload),
					signal: AbortSignal.timeout(5000),
				});
				status = res.status;
				body = await res.text();
			} catch (e) {
				error = (e as Error).message;
			}
			d.attempts.push({ at, status, body, error });
			if (status === 200 && body.trim() === 'success') {
				d.state = 'delivered';
				return;
			}
			const retries = d.attempts.length - 1;
			if (retries >= this.retryDelays.length || d.state !== 'pending') {
				d.state = 'failed';
				return;
			}
			const delay = this.retryDelays[retries];
			d.nextAttemptAt = Date.now() + delay;
			const timer = setTimeout(() => {
				this.timers.delete(d.id);
				this.attempt(d);
			}, delay);
			this.timers.set(d.id, timer);
		})();
		this.inFlight.add(run);
		void run.finally(() => this.inFlight.delete(run));
	}

	private describe(): unknown {
		return {
			companies: this.st.companies,
			phones: this.st.phones,
			robots: this.st.robots,
			tasks: this.st.tasks,
			calls: this.st.calls,
			callbackUrl: this.callbackUrl ?? null,
			callbackDeliveries: this.callbackDeliveries,
		};
	}
}

export async function startByrobotSimulator(opts: ByrobotSimOptions = {}): Promise<ByrobotSimulator> {
	const sim = new ByrobotSimulator(opts);
	await sim.start();
	return sim;
}
