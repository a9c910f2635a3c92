/**
 * Faithful local emulator of the Tanyi (探意 / YiWise) open API, `/apiOpen/v1`.
 *
 * Spec: VENDORS.md §1 and seeds 000 (jobs) and 003 (call records / to-be-called customers).
 * "Faithful" means the emulator refuses what the vendor refuses: it recomputes the signature,
 * enforces the seed rules (412 naming the field), keeps job / customer / call-record state,
 * answers with the vendor envelope (HTTP 200 even on failure) and pushes callbacks that must
 * be acknowledged with exactly `success`.
 *
 * Behaviour the vendor does not document and that is inferred here (each is marked
 * "[inferred]" where it is implemented):
 * - timestamp window ±5 minutes (`maxClockSkewMs`);
 * - wrong HTTP method → HTTP 405 with envelope code 405; unknown path → HTTP 404 with code 404;
 *   POST/PATCH without `Content-Type: application/json` → HTTP 415 with code 415;
 * - referenced entities inside a create/modify body that do not exist (dialogFlowId,
 *   csStaffGroupId, phone ids) → 412; the target of an operation (robotCallJobId,
 *   robotCallTaskId, callRecordId, customerPersonIds) not found → 404;
 * - job state machine: start from NOT_STARTED / RUNNABLE / USER_PAUSE / SYSTEM_SUSPENDED /
 *   SYSTEM_HANG_UP; pause only IN_PROCESS / IN_QUEUE / WAITING_FOR_REDIAL; stop anything
 *   not COMPLETED / TERMINATE; modify refused while IN_PROCESS; import refused into a
 *   TERMINATE job; adding customers to a COMPLETED job makes it RUNNABLE (startable again);
 * - a running job that has no pending customer left becomes COMPLETED (after at least one
 *   call slot has elapsed, so "start, then import" does not race);
 * - duplicate phone numbers in a job are kept (two tasks) and counted in
 *   `state.duplicatePhoneImports`;
 * - each imported row creates its own customer person (customerPersonId);
 * - importCustomerAsync de-duplicates by `batchId` tenant-wide: a repeated batchId imports
 *   nothing and answers `{batchId, importedCount: 0, duplicate: true}`;
 * - call record lists are ordered by startTime descending, then callRecordId descending;
 *   `callDetail` prints startTime/endTime as `yyyy-MM-ddTHH:mm:ss` (as seed 003 shows),
 *   the list prints `yyyy-MM-dd HH:mm:ss`;
 * - auto-redial settings are validated and stored but no redial is performed; the daily
 *   calling window and the AUTO start time are not simulated (a started job calls at once).
 *
 * Lookup response shapes (not in the seeds; chosen here):
 * - GET /phone/getPhoneList → data: `[{tenantPhoneNumberId, phoneNumber, phoneName, phoneType,
 *   status, concurrency}]` (policy groups appear with phoneType CALL_POLICY_GROUP)
 * - GET /dialogFlow/getDialogFlowList → data: `[{dialogFlowId, name, status}]`
 * - GET /dialogFlow/getDialogFlowCallJobRelatedInfo?dialogFlowId → data: `{dialogFlowId, name,
 *   status, csStaffGroupRequired, transferPhoneNumberRequired, properties: string[]}`
 * - GET /csRobot/staffGroupList → data: `[{csStaffGroupId, name, staffCount}]`
 * - GET /job/getJobs → data: `{number, pageSize, totalElements, pages, content: [job summary]}`
 * - GET /job/getJobProperties?robotCallJobId → data: `string[]` (variable names of the job's script)
 * - GET /tenant/getTenant → data: `{tenantId, tenantSign, companyName, status}`
 * - POST /job/importCustomerAsync → data: `{batchId, importedCount, duplicate}`
 * - POST /isv/updateIsvInfo → data: null
 *
 * Development endpoints (no signature; for a separate process such as the demo):
 * `POST /__tanyi/complete-calls {robotCallJobId, n?}`, `POST /__tanyi/callback-url
 * {url, token?, encodingAesKey?}`, `GET /__tanyi/callbacks`.
 */
import * as crypto from 'node:crypto';
import {
	PARSE_ERROR,
	SimServer,
	formatCst,
	requestId,
	type SimRequest,
	type SimResponse,
	type SimServerOptions,
} from './http';

// ---------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------

export const JOB_STATUSES = [
	'NOT_STARTED',
	'IN_PROCESS',
	'COMPLETED',
	'RUNNABLE',
	'USER_PAUSE',
	'SYSTEM_SUSPENDED',
	'TERMINATE',
	'IN_QUEUE',
	'SYSTEM_HANG_UP',
	'WAITING_FOR_REDIAL',
	'ACCOUNT_DISABLE',
	'MAINTAIN',
] as const;
export type TanyiJobStatus = (typeof JOB_STATUSES)[number];

export const PHONE_TYPES = ['MOBILE', 'LANDLINE', 'UNFIXED_CALL', 'CALL_POLICY_GROUP'] as const;
export type TanyiPhoneType = (typeof PHONE_TYPES)[number];

export const TASK_STATUSES = ['NOT_STARTED', 'IN_PROCESS', 'COMPLETED', 'RETRY', 'AUTO_RETRY', 'IN_CACHE'] as const;
export type TanyiTaskStatus = (typeof TASK_STATUSES)[number];

export const RESULT_STATUSES = [
	'ANSWERED',
	'NO_ANSWER',
	'BUSY',
	'POWER_OFF',
	'OUT_OF_SERVICE',
	'REFUSED',
	'VACANT_NUMBER',
	'CAN_NOT_CONNECT',
	'FROM_PHONE_ERROR',
	'SYSTEM_ERROR',
	'CALL_LOSS',
	'TRANSFER_ARTIFICIAL',
] as const;
export type TanyiResultStatus = (typeof RESULT_STATUSES)[number];

export const INTENT_LEVELS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type TanyiIntentLevel = (typeof INTENT_LEVELS)[number];

export const REDIAL_CONDITIONS = [
	'CALL_LOSS',
	'NO_ANSWER',
	'BUSY',
	'REFUSED',
	'POWER_OFF',
	'OUT_OF_SERVICE',
	'CAN_NOT_CONNECT',
	'FROM_PHONE_ERROR',
	'SYSTEM_ERROR',
] as const;

export const WECHAT_SEND_METHODS = ['SENDTOALL', 'SENDTOONE', 'SENDTONONE'] as const;

const INTENT_NAMES: Record<TanyiIntentLevel, string> = {
	A: 'A级(较强)',
	B: 'B级(一般)',
	C: 'C级(无法判断)',
	D: 'D级(很少)',
	E: 'E级(需要再次跟进)',
	F: 'F级(无需再次跟进)',
};

export interface TimeWindow {
	startTime: string;
	endTime: string;
}

export interface SimJob {
	robotCallJobId: number;
	name: string;
	description: string | null;
	mode: 'AUTO' | 'MANUAL';
	status: TanyiJobStatus;
	startTime: string | null;
	dailyStartTime: string;
	dailyEndTime: string;
	inactiveTimeList: TimeWindow[];
	dialogFlowId: number;
	csStaffGroupId: number | null;
	robotCount: number;
	phoneType: TanyiPhoneType;
	concurrencyQuota: number | null;
	jobPhoneNumberIdList: number[];
	transferPhoneNumber: string[];
	redialCondition: string[] | null;
	redialInterval: number | null;
	redialTimes: number | null;
	wechatSendMethod: string | null;
	/** the `robotCallJob` object exactly as last received (create or modify) */
	robotCallJob: Record<string, unknown>;
	createTime: string;
	createdAtMs: number;
	createUserName: string;
	/** while IN_PROCESS: when the current run began (ms) and how many call slots it has used */
	runningSince: number | null;
	slotsUsed: number;
}

export interface SimCustomerPerson {
	customerPersonId: number;
	name: string;
	phoneNumber: string;
	properties: Record<string, string>;
	creationTime: string;
	customerGroupId: number;
	customerGroupName: string;
}

export interface SimTask {
	robotCallTaskId: number;
	robotCallJobId: number;
	customerPersonId: number;
	customerPersonName: string;
	calledPhoneNumber: string;
	properties: Record<string, string>;
	status: TanyiTaskStatus;
	createdAtMs: number;
	batchId: string | null;
}

export interface CallDetail {
	text: string;
	type: 'ROBOT' | 'PERSON';
	callDetailId: number;
}

export interface CallRecord {
	callRecordId: number;
	tenantId: number;
	robotCallJobId: number;
	dialogFlowId: number;
	robotCallTaskId: number;
	customerPersonId: number;
	customerPersonName: string;
	calledPhoneNumber: string;
	phoneNumberId: number;
	resultStatus: TanyiResultStatus;
	intentLevel: TanyiIntentLevel;
	intentLevelName: string;
	realIntentLevel: TanyiIntentLevel | null;
	realIntentLevelName: string | null;
	intentLevelTagId: number;
	customerConcern: string[];
	fullAudioUrl: string | null;
	customerAudioUrl: string | null;
	analysisBasis: string;
	/** CST `yyyy-MM-dd HH:mm:ss` */
	startTime: string;
	/** CST `yyyy-MM-dd HH:mm:ss` */
	endTime: string;
	/** seconds */
	chatDuration: number;
	chatRound: number;
	readStatus: 'NOT_READ' | 'HAS_READ';
	hangupBy: string;
	redialTimes: number;
	properties: Record<string, string>;
	callDetailList: CallDetail[];
}

export interface SimPhone {
	tenantPhoneNumberId: number;
	phoneNumber: string;
	phoneName: string;
	phoneType: TanyiPhoneType;
	status: 'ENABLED' | 'DISABLED';
	concurrency: number;
}

export interface SimDialogFlow {
	dialogFlowId: number;
	name: string;
	status: 'PUBLISHED' | 'UNPUBLISHED';
	/** the script has a human-intervention node: jobs must name a csStaffGroupId */
	csStaffGroupRequired: boolean;
	/** the script transfers to a human: jobs must give transferPhoneNumber */
	transferPhoneNumberRequired: boolean;
	/** variables the script uses (what `properties` of an import should carry) */
	properties: string[];
}

export interface SimStaffGroup {
	csStaffGroupId: number;
	name: string;
	staffCount: number;
}

export interface SimTenant {
	tenantId: number;
	tenantSign: string;
	companyName: string;
	status: string;
}

export interface TanyiState {
	tenant: SimTenant;
	jobs: SimJob[];
	customers: SimCustomerPerson[];
	tasks: SimTask[];
	callRecords: CallRecord[];
	phones: SimPhone[];
	dialogFlows: SimDialogFlow[];
	staffGroups: SimStaffGroup[];
	importBatches: Record<string, { robotCallJobId: number; importedCount: number; at: number }>;
	/** imported rows whose phone number already had a task in the same job */
	duplicatePhoneImports: number;
	deletedJobIds: number[];
	callbackUrl: string | null;
	callbackEncryption: { token: string; encodingAesKey: string } | null;
}

export interface CallbackAttempt {
	at: number;
	/** HTTP status; 0 when the connection failed */
	status: number;
	body: string;
	error?: string;
}

export interface CallbackDelivery {
	id: number;
	url: string;
	dataType: 'ROBOT_CALL_RECORD' | 'ROBOT_CALL_JOB';
	/** the plaintext `{dataType, data}` object */
	payload: { dataType: string; data: Record<string, unknown> };
	encrypted: boolean;
	attempts: CallbackAttempt[];
	state: 'pending' | 'delivered' | 'failed';
}

export interface TanyiSimOptions extends SimServerOptions {
	appKey?: string;
	appSecret?: string;
	tenantSign?: string;
	/** accepted |server clock − timestamp header|; vendor value undocumented [inferred]; 0 disables */
	maxClockSkewMs?: number;
	/** how fast a running job turns customers into call records; 0 = only via completeCalls() */
	callsPerSecond?: number;
	/** PRNG seed for the generated call results */
	seed?: number;
	/** compressed vendor retry schedule (vendor: 1, 2, 4, 8 … minutes, up to 10 retries) */
	callbackRetryDelaysMs?: number[];
	/** force the outcome of generated calls (tests); merged over the random result */
	callOutcome?: (task: SimTask) => Partial<CallRecord> | undefined;
	/** background tick (ms) that advances running jobs between requests; 0 = only on requests */
	tickMs?: number;
}

// ---------------------------------------------------------------------------------------
// Crypto helpers (our own; no project code imported)
// ---------------------------------------------------------------------------------------

/** VENDORS.md §1: lowercase hex SHA-256 of tenantSign + `appKey=..&appSecret=..&tenantSign=..&version=v1&timestamp=..` */
export function tanyiSignature(appKey: string, appSecret: string, tenantSign: string, timestamp: string): string {
	const params = `appKey=${appKey}&appSecret=${appSecret}&tenantSign=${tenantSign}&version=v1&timestamp=${timestamp}`;
	return crypto.createHash('sha256').update(tenantSign + params, 'utf8').digest('hex');
}

/** headers a correct client sends (for tests and the CLI) */
export function tanyiSignedHeaders(
	credentials: { appKey: string; appSecret: string; tenantSign: string },
	timestamp: number | string = Date.now(),
): Record<string, string> {
	const ts = String(timestamp);
	return {
		appKey: credentials.appKey,
		tenantSign: credentials.tenantSign,
		version: 'v1',
		timestamp: ts,
		signature: tanyiSignature(credentials.appKey, credentials.appSecret, credentials.tenantSign, ts),
		'Content-Type': 'application/json',
	};
}

/** WeCom-style msg_signature: hex SHA-1 of the sorted, concatenated [token, timestamp, nonce, encrypt] */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	const joined = [token, timestamp, nonce, encrypt].sort().join('');
	return crypto.createHash('sha1').update(joined, 'utf8').digest('hex');
}

function wecomKey(encodingAesKey: string): Buffer {
	if (encodingAesKey.length !== 43) throw new Error('EncodingAESKey must be 43 characters');
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) throw new Error('EncodingAESKey does not decode to 32 bytes');
	return key;
}

/**
 * WeCom-style encryption: AES-256-CBC, key = base64(EncodingAESKey + '='), IV = key[0..16),
 * plaintext = 16 random bytes + 4-byte big-endian length + message + receiveId, PKCS#7 to 32.
 */
export function wecomEncrypt(
	message: string,
	token: string,
	encodingAesKey: string,
	timestamp: string,
	nonce: string,
	options: { random?: Buffer; receiveId?: string } = {},
): { encrypt: string; msgSignature: string } {
	const key = wecomKey(encodingAesKey);
	const random = options.random ?? crypto.randomBytes(16);
	if (random.length !== 16) throw new Error('random prefix must be 16 bytes');
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([random, length, body, Buffer.from(options.receiveId ?? '', 'utf8')]);
	const pad = 32 - (plain.length % 32);
	const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
	const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
	cipher.setAutoPadding(false);
	const encrypt = Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
	return { encrypt, msgSignature: wecomSignature(token, timestamp, nonce, encrypt) };
}

/** inverse of wecomEncrypt (does not check the signature; use wecomSignature for that) */
export function wecomDecrypt(encrypt: string, encodingAesKey: string): { message: string; receiveId: string } {
	const key = wecomKey(encodingAesKey);
	const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
	const pad = padded[padded.length - 1];
	if (pad < 1 || pad > 32) throw new Error('bad PKCS#7 padding');
	const plain = padded.subarray(0, padded.length - pad);
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new Error('bad message length');
	return {
		message: plain.subarray(20, 20 + length).toString('utf8'),
		receiveId: plain.subarray(20 + length).toString('utf8'),
	};
}

// ---------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------

class VendorError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly httpStatus = 200,
	) {
		super(message);
	}
}

const badParam = (message: string) => new VendorError(412, message);
const notFound = (message: string) => new VendorError(404, message);

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** Jackson-like integer coercion: integers and integer strings are accepted */
function intField(
	value: unknown,
	field: string,
	opts: { required?: boolean; min?: number; max?: number } = {},
): number | undefined {
	if (!present(value)) {
		if (opts.required) throw badParam(`${field} is required`);
		return undefined;
	}
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) n = Number(value.trim());
	else throw badParam(`${field} must be an integer`);
	if (!Number.isSafeInteger(n)) throw badParam(`${field} must be an integer`);
	if (opts.min !== undefined && n < opts.min) throw badParam(`${field} must be at least ${opts.min}`);
	if (opts.max !== undefined && n > opts.max) throw badParam(`${field} must be at most ${opts.max}`);
	return n;
}

function reqInt(value: unknown, field: string, opts: { min?: number; max?: number } = {}): number {
	return intField(value, field, { ...opts, required: true }) as number;
}

function strField(value: unknown, field: string, required = false): string | undefined {
	if (!present(value)) {
		if (required) throw badParam(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw badParam(`${field} must be a string`);
	return value;
}

function enumField<T extends string>(value: unknown, field: string, allowed: readonly T[], required = false): T | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	if (!allowed.includes(s as T)) throw badParam(`${field} must be one of ${allowed.join(', ')} (got ${s})`);
	return s as T;
}

function enumList<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw badParam(`${field} must be a list`);
	return value.map((v, i) => enumField(v, `${field}[${i}]`, allowed, true) as T);
}

function boolField(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw badParam(`${field} must be a boolean`);
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutesOf(hhmm: string): number {
	return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function timeField(value: unknown, field: string, required: boolean): string | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	if (!HH_MM.test(s)) throw badParam(`${field} must be HH:mm (got ${s})`);
	return s;
}

function isValidDate(y: number, m: number, d: number): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm[:ss]` (the seed shows both) */
function dateTimeField(value: unknown, field: string, required: boolean): string | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	const m = /^(\d{4})-(\d{2})-(\d{2})(?: ([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?)?$/.exec(s);
	if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
		throw badParam(`${field} must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss (got ${s})`);
	}
	return s;
}

function dateField(value: unknown, field: string): string | undefined {
	const s = strField(value, field);
	if (s === undefined) return undefined;
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
		throw badParam(`${field} must be a date yyyy-MM-dd (got ${s})`);
	}
	return s;
}

/** Map<String,String>: scalar values are coerced to strings, nested values refused */
function propertiesField(value: unknown, field: string): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (!isObj(value)) throw badParam(`${field} must be an object of string values`);
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(value)) {
		if (v === null || v === undefined) continue;
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
		else throw badParam(`${field}.${k} must be a string`);
	}
	return out;
}

function paging(pageNumRaw: unknown, pageSizeRaw: unknown, maxPageSize?: number): { pageNum: number; pageSize: number } {
	const pageNum = intField(pageNumRaw, 'pageNum', { min: 1 }) ?? 1;
	const pageSize = intField(pageSizeRaw, 'pageSize', { min: 1, max: maxPageSize }) ?? 20;
	return { pageNum, pageSize };
}

function page<T>(items: T[], pageNum: number, pageSize: number) {
	return {
		number: pageNum,
		pageSize,
		totalElements: items.length,
		pages: Math.ceil(items.length / pageSize),
		content: items.slice((pageNum - 1) * pageSize, pageNum * pageSize),
	};
}

/** query values: repeated params and comma-separated lists both become a flat list */
function queryList(query: URLSearchParams, name: string): string[] {
	return query
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter((v) => v.length > 0);
}

function queryValue(query: URLSearchParams, name: string): string | undefined {
	const v = query.get(name);
	return v === null || v === '' ? undefined : v;
}

/** deterministic PRNG (mulberry32) */
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

function weighted<T>(rand: number, table: Array<[T, number]>): T {
	const total = table.reduce((s, [, w]) => s + w, 0);
	let x = rand * total;
	for (const [value, w] of table) {
		if (x < w) return value;
		x -= w;
	}
	return table[table.length - 1][0];
}

/** `yyyy-MM-ddTHH:mm:ss` (CST), the format seed 003 shows for callDetail */
function isoCst(cst: string): string {
	return cst.replace(' ', 'T');
}

/** CST `yyyy-MM-dd HH:mm:ss` → epoch ms */
function parseCst(cst: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(cst);
	if (!m) return NaN;
	return (
		Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) -
		8 * 3600_000
	);
}

const STATUS_LABELS: Record<TanyiJobStatus, string> = {
	NOT_STARTED: '未开始',
	IN_PROCESS: '进行中',
	COMPLETED: '已完成',
	RUNNABLE: '可运行',
	USER_PAUSE: '用户暂停',
	SYSTEM_SUSPENDED: '系统暂停',
	TERMINATE: '已终止',
	IN_QUEUE: '排队中',
	SYSTEM_HANG_UP: '系统挂起',
	WAITING_FOR_REDIAL: '等待重呼',
	ACCOUNT_DISABLE: '账户禁用',
	MAINTAIN: '系统维护',
};

const STARTABLE: TanyiJobStatus[] = ['NOT_STARTED', 'RUNNABLE', 'USER_PAUSE', 'SYSTEM_SUSPENDED', 'SYSTEM_HANG_UP'];
const PAUSABLE: TanyiJobStatus[] = ['IN_PROCESS', 'IN_QUEUE', 'WAITING_FOR_REDIAL'];
const PENDING_TASK: TanyiTaskStatus[] = ['NOT_STARTED', 'IN_PROCESS', 'RETRY', 'AUTO_RETRY', 'IN_CACHE'];

// ---------------------------------------------------------------------------------------
// Seed data
// ---------------------------------------------------------------------------------------

function seedState(tenantSign: string): TanyiState {
	return {
		tenant: { tenantId: 1, tenantSign, companyName: 'Simulated Tenant Co., Ltd.', status: 'ENABLED' },
		jobs: [],
		customers: [],
		tasks: [],
		callRecords: [],
		phones: [
			{ tenantPhoneNumberId: 348, phoneNumber: '057188880001', phoneName: 'Hangzhou landline 1', phoneType: 'LANDLINE', status: 'ENABLED', concurrency: 10 },
			{ tenantPhoneNumberId: 349, phoneNumber: '057188880002', phoneName: 'Hangzhou landline 2', phoneType: 'LANDLINE', status: 'ENABLED', concurrency: 5 },
			{ tenantPhoneNumberId: 369, phoneNumber: '', phoneName: 'Unfixed caller line', phoneType: 'UNFIXED_CALL', status: 'ENABLED', concurrency: 20 },
			{ tenantPhoneNumberId: 401, phoneNumber: '13800000001', phoneName: 'Mobile 1', phoneType: 'MOBILE', status: 'ENABLED', concurrency: 1 },
			{ tenantPhoneNumberId: 402, phoneNumber: '13800000002', phoneName: 'Mobile 2', phoneType: 'MOBILE', status: 'ENABLED', concurrency: 1 },
			{ tenantPhoneNumberId: 900, phoneNumber: '', phoneName: 'Call policy group East', phoneType: 'CALL_POLICY_GROUP', status: 'ENABLED', concurrency: 30 },
		],
		dialogFlows: [
			{ dialogFlowId: 2, name: 'Debt reminder', status: 'PUBLISHED', csStaffGroupRequired: false, transferPhoneNumberRequired: false, properties: ['欠款金额', '最后还款日期'] },
			{ dialogFlowId: 139, name: 'Real estate intro (human intervention)', status: 'PUBLISHED', csStaffGroupRequired: true, transferPhoneNumberRequired: false, properties: ['楼盘名称'] },
			{ dialogFlowId: 140, name: 'Insurance renewal (transfer to agent)', status: 'PUBLISHED', csStaffGroupRequired: false, transferPhoneNumberRequired: true, properties: [] },
			{ dialogFlowId: 150, name: 'Draft script', status: 'UNPUBLISHED', csStaffGroupRequired: false, transferPhoneNumberRequired: false, properties: [] },
		],
		staffGroups: [
			{ csStaffGroupId: 11, name: 'Sales team A', staffCount: 5 },
			{ csStaffGroupId: 12, name: 'Sales team B', staffCount: 3 },
		],
		importBatches: {},
		duplicatePhoneImports: 0,
		deletedJobIds: [],
		callbackUrl: null,
		callbackEncryption: null,
	};
}

const DEFAULT_RETRY_DELAYS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];

// ---------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------

type RouteHandler = (req: SimRequest, body: Obj) => { data: unknown; msg?: string };
interface Route {
	method: 'GET' | 'POST' | 'PATCH';
	handler: RouteHandler;
	/** body is a bare JSON array (getJobStatsInfoList) */
	arrayBody?: boolean;
}

export const BASE_PATH = '/apiOpen/v1';

export class TanyiSimulator {
	readonly server: SimServer;
	url = '';
	readonly credentials: { baseUrl: string; appKey: string; appSecret: string; tenantSign: string };
	readonly state: TanyiState;
	readonly callbackDeliveries: CallbackDelivery[] = [];

	private readonly appKey: string;
	private readonly appSecret: string;
	private readonly tenantSign: string;
	private readonly maxClockSkewMs: number;
	private readonly callsPerSecond: number;
	private readonly seed: number;
	private readonly retryDelays: number[];
	private readonly tickMs: number;
	private rand: () => number;
	private ids = TanyiSimulator.freshIds();
	private readonly routes: Record<string, Route>;
	private ticker?: ReturnType<typeof setInterval>;
	private closed = false;
	private inFlight = 0;
	private flushWaiters: Array<() => void> = [];
	private readonly timers = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();

	constructor(private readonly options: TanyiSimOptions = {}) {
		this.appKey = options.appKey ?? 'simAppKey';
		this.appSecret = options.appSecret ?? 'simAppSecret';
		this.tenantSign = options.tenantSign ?? 'simtenant';
		this.maxClockSkewMs = options.maxClockSkewMs ?? 5 * 60_000; // [inferred]
		this.callsPerSecond = options.callsPerSecond ?? 20;
		this.seed = options.seed ?? 20240601;
		this.retryDelays = (options.callbackRetryDelaysMs ?? DEFAULT_RETRY_DELAYS).slice(0, 10);
		this.tickMs = options.tickMs ?? 100;
		this.rand = prng(this.seed);
		this.state = seedState(this.tenantSign);
		this.credentials = { baseUrl: '', appKey: this.appKey, appSecret: this.appSecret, tenantSign: this.tenantSign };
		this.routes = this.buildRoutes();
		this.server = new SimServer(
			(req) => this.handle(req),
			options,
			() => ({ ...this.state, callbackDeliveries: this.callbackDeliveries }),
			() => this.reset(),
		);
	}

	private static freshIds() {
		return { job: 1000, customer: 7_170_000, task: 3_033_000, record: 45_000, detail: 0, delivery: 0 };
	}

	async start(): Promise<string> {
		const root = await this.server.start();
		this.url = root + BASE_PATH;
		this.credentials.baseUrl = this.url;
		this.closed = false;
		if (this.tickMs > 0) {
			this.ticker = setInterval(() => {
				try {
					this.advance();
				} catch {
					// a tick must never crash the process
				}
			}, this.tickMs);
			this.ticker.unref();
		}
		return this.url;
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		for (const t of this.timers) {
			clearTimeout(t.timer);
			t.resolve();
		}
		this.timers.clear();
		await this.server.close();
	}

	/** back to the seeded state (also `/__sim/reset`) */
	reset(): void {
		Object.assign(this.state, seedState(this.tenantSign));
		this.ids = TanyiSimulator.freshIds();
		this.rand = prng(this.seed);
		this.callbackDeliveries.length = 0;
	}

	// ----- test controls -----------------------------------------------------------------

	/**
	 * Deterministically finish `n` (default: all) pending customers of an IN_PROCESS job into
	 * call records stamped "now". Throws when the job does not exist or is not IN_PROCESS
	 * (a paused or stopped job does not call). The job becomes COMPLETED when none are left.
	 */
	completeCalls(jobId: number, n?: number): CallRecord[] {
		this.advance();
		const job = this.findJob(jobId);
		if (!job) throw new Error(`job ${jobId} does not exist`);
		if (job.status !== 'IN_PROCESS') throw new Error(`job ${jobId} is ${job.status}, not IN_PROCESS`);
		const pending = this.pendingTasks(jobId);
		const count = n === undefined ? pending.length : Math.min(n, pending.length);
		const now = this.server.now();
		const records = pending.slice(0, count).map((task) => this.finishTask(job, task, now));
		if (this.pendingTasks(jobId).length === 0) this.completeJob(job);
		return records;
	}

	/**
	 * Inject call records directly (trigger tests: ties, out-of-order ids and times). Missing
	 * fields get defaults; a record without robotCallTaskId gets a synthetic customer and a
	 * COMPLETED task. Callbacks fire as for real calls. Job status is not changed.
	 */
	addCallRecords(jobId: number, records: Array<Partial<CallRecord>>): CallRecord[] {
		const job = this.findJob(jobId);
		if (!job) throw new Error(`job ${jobId} does not exist`);
		const now = this.server.now();
		return records.map((partial) => {
			let task = partial.robotCallTaskId !== undefined ? this.state.tasks.find((t) => t.robotCallTaskId === partial.robotCallTaskId) : undefined;
			if (!task) {
				const person = this.createCustomer(
					partial.customerPersonName ?? `Customer ${this.ids.customer + 1}`,
					partial.calledPhoneNumber ?? `139${String(this.ids.customer + 1).slice(-8).padStart(8, '0')}`,
					partial.properties ?? {},
					now,
				);
				if (partial.customerPersonId !== undefined) person.customerPersonId = partial.customerPersonId;
				task = this.createTask(job, person, null, now);
				task.status = 'COMPLETED';
				if (partial.robotCallTaskId !== undefined) task.robotCallTaskId = partial.robotCallTaskId;
			}
			const record = { ...this.generateRecord(job, task, now), ...partial };
			if (partial.callRecordId === undefined) record.callRecordId = ++this.ids.record;
			else this.ids.record = Math.max(this.ids.record, partial.callRecordId);
			if (partial.intentLevel && partial.intentLevelName === undefined) record.intentLevelName = INTENT_NAMES[partial.intentLevel];
			this.state.callRecords.push(record);
			this.sendCallback('ROBOT_CALL_RECORD', this.callbackRecordData(record));
			return record;
		});
	}

	/** set (or clear) the callback URL; `encrypted` switches to WeCom-style encrypted XML callbacks */
	setCallbackUrl(url: string | undefined, opts: { encrypted?: { token: string; encodingAesKey: string } } = {}): void {
		if (opts.encrypted) wecomKey(opts.encrypted.encodingAesKey); // validate early
		this.state.callbackUrl = url ?? null;
		this.state.callbackEncryption = url && opts.encrypted ? { ...opts.encrypted } : null;
	}

	/** resolves when no callback delivery is in flight or waiting for a retry */
	flushCallbacks(): Promise<void> {
		if (this.inFlight === 0) return Promise.resolve();
		return new Promise((resolve) => this.flushWaiters.push(resolve));
	}

	/**
	 * Encrypted mode: the URL verification GET (`msg_signature, timestamp, nonce, echostr`);
	 * the receiver must answer the decrypted echostr.
	 */
	async verifyCallbackUrl(): Promise<{ ok: boolean; status: number; body: string; expected: string }> {
		const url = this.state.callbackUrl;
		const enc = this.state.callbackEncryption;
		if (!url || !enc) throw new Error('no encrypted callback URL configured');
		const expected = `echo-${crypto.randomBytes(6).toString('hex')}`;
		const timestamp = String(Math.floor(this.server.now() / 1000));
		const nonce = crypto.randomBytes(5).toString('hex');
		const { encrypt, msgSignature } = wecomEncrypt(expected, enc.token, enc.encodingAesKey, timestamp, nonce);
		const target = new URL(url);
		target.searchParams.set('msg_signature', msgSignature);
		target.searchParams.set('timestamp', timestamp);
		target.searchParams.set('nonce', nonce);
		target.searchParams.set('echostr', encrypt);
		const res = await fetch(target, { signal: AbortSignal.timeout(5000) });
		const body = await res.text();
		return { ok: res.status === 200 && body === expected, status: res.status, body, expected };
	}

	// ----- request handling --------------------------------------------------------------

	private envelope(code: number, data: unknown, resultMsg: string, httpStatus = 200): SimResponse {
		return {
			status: httpStatus,
			body: { code, data, requestId: requestId(), resultMsg, errorStackTrace: null },
		};
	}

	private async handle(req: SimRequest): Promise<SimResponse> {
		if (req.path.startsWith('/__tanyi/')) return this.devEndpoint(req);
		if (!req.path.startsWith(BASE_PATH + '/')) {
			return this.envelope(404, null, `No handler found for ${req.method} ${req.path}`, 404);
		}
		const sub = req.path.slice(BASE_PATH.length).replace(/\/+$/, '');
		const route = this.routes[sub];
		if (!route) return this.envelope(404, null, `No handler found for ${req.method} ${req.path}`, 404);

		const authError = this.authenticate(req);
		if (authError) return this.envelope(401, null, authError);

		// [inferred] Spring answers a wrong method with 405
		if (route.method !== req.method) {
			return this.envelope(405, null, `Request method '${req.method}' not supported`, 405);
		}

		try {
			this.advance();
			let body: Obj = {};
			if (route.method !== 'GET') {
				const contentType = String(req.headers['content-type'] ?? '');
				if (!contentType.toLowerCase().includes('application/json')) {
					throw new VendorError(415, `Content type '${contentType || 'none'}' not supported; use application/json`, 415);
				}
				if (req.json === undefined) throw badParam('Required request body is missing');
				if (req.json === PARSE_ERROR) throw badParam('request body is not valid JSON');
				if (route.arrayBody) {
					if (!Array.isArray(req.json)) throw badParam('request body must be a JSON array of robotCallJobId');
					body = { list: req.json };
				} else {
					if (!isObj(req.json)) throw badParam('request body must be a JSON object');
					body = req.json;
				}
			}
			const { data, msg } = route.handler(req, body);
			return this.envelope(200, data ?? null, msg ?? 'success');
		} catch (error) {
			if (error instanceof VendorError) return this.envelope(error.code, null, error.message, error.httpStatus);
			return this.envelope(500, null, `unknown error: ${(error as Error).message}`);
		}
	}

	/** VENDORS.md §1 Authentication; returns an error message or undefined */
	private authenticate(req: SimRequest): string | undefined {
		if (req.headers['appsecret'] !== undefined || req.query.has('appSecret')) {
			return 'appSecret must never be sent; sign the request with it instead';
		}
		const header = (name: string): string | undefined => {
			const v = req.headers[name];
			return Array.isArray(v) ? v[0] : v;
		};
		for (const name of ['appKey', 'tenantSign', 'version', 'timestamp', 'signature']) {
			if (!header(name.toLowerCase())) return `missing header ${name}`;
		}
		const appKey = header('appkey')!;
		const tenantSign = header('tenantsign')!;
		const version = header('version')!;
		const timestamp = header('timestamp')!;
		const signature = header('signature')!;
		if (appKey !== this.appKey) return 'appKey is invalid';
		if (tenantSign !== this.tenantSign) return 'tenantSign does not belong to this appKey';
		if (version !== 'v1') return `unsupported version ${version}; expected v1`;
		if (!/^\d{1,16}$/.test(timestamp)) return 'timestamp must be Unix time in milliseconds';
		if (this.maxClockSkewMs > 0 && Math.abs(this.server.now() - Number(timestamp)) > this.maxClockSkewMs) {
			return 'timestamp expired: request time differs too much from server time';
		}
		if (signature !== tanyiSignature(this.appKey, this.appSecret, this.tenantSign, timestamp)) {
			return 'signature verification failed';
		}
		return undefined;
	}

	private devEndpoint(req: SimRequest): SimResponse {
		const body = isObj(req.json) ? req.json : {};
		try {
			switch (`${req.method} ${req.path}`) {
				case 'POST /__tanyi/complete-calls': {
					const jobId = reqInt(body.robotCallJobId, 'robotCallJobId');
					const n = intField(body.n, 'n', { min: 0 });
					return { status: 200, body: { records: this.completeCalls(jobId, n) } };
				}
				case 'POST /__tanyi/callback-url': {
					const url = typeof body.url === 'string' && body.url ? body.url : undefined;
					const encrypted =
						typeof body.token === 'string' && typeof body.encodingAesKey === 'string'
							? { token: body.token, encodingAesKey: body.encodingAesKey }
							: undefined;
					this.setCallbackUrl(url, { encrypted });
					return { status: 200, body: { ok: true } };
				}
				case 'GET /__tanyi/callbacks':
					return { status: 200, body: this.callbackDeliveries };
				default:
					return { status: 404, body: { error: 'unknown dev endpoint' } };
			}
		} catch (error) {
			return { status: 400, body: { error: (error as Error).message } };
		}
	}

	private buildRoutes(): Record<string, Route> {
		const r: Record<string, Route> = {
			'/job/create': { method: 'POST', handler: (_q, b) => this.createJob(b) },
			'/job/modify': { method: 'PATCH', handler: (_q, b) => this.modifyJob(b) },
			'/job/start': { method: 'POST', handler: (_q, b) => this.jobAction(b, 'start') },
			'/job/pause': { method: 'POST', handler: (_q, b) => this.jobAction(b, 'pause') },
			'/job/stop': { method: 'POST', handler: (_q, b) => this.jobAction(b, 'stop') },
			'/job/delete': { method: 'POST', handler: (_q, b) => this.jobAction(b, 'delete') },
			'/job/updateAiCount': { method: 'POST', handler: (_q, b) => this.updateAiCount(b) },
			'/job/checkAll': { method: 'POST', handler: (_q, b) => this.checkAll(b) },
			'/job/executeJobs': { method: 'POST', handler: (_q, b) => this.executeJobs(b) },
			'/job/getJobStatsInfoList': { method: 'POST', arrayBody: true, handler: (_q, b) => this.jobStats(b.list as unknown[]) },
			'/job/importCustomer': { method: 'POST', handler: (_q, b) => this.importCustomer(b) },
			'/job/importCustomerAsync': { method: 'POST', handler: (_q, b) => this.importCustomerAsync(b) },
			'/job/reAddCustomerToJob': { method: 'POST', handler: (_q, b) => this.reAddCustomers(b) },
			'/job/getJobs': { method: 'GET', handler: (q) => this.getJobs(q.query) },
			'/job/getJobProperties': { method: 'GET', handler: (q) => this.getJobProperties(q.query) },
			'/callRecord/toBeCalledList': { method: 'GET', handler: (q) => this.toBeCalledList(q.query) },
			'/callRecord/deleteRobotCallTask': { method: 'POST', handler: (_q, b) => this.deleteTask(b) },
			'/callRecord/deleteRobotCallTaskList': { method: 'GET', handler: (q) => this.deleteTaskList(q.query) },
			'/callRecord/getCallRecordInfoList': { method: 'POST', handler: (_q, b) => this.callRecordList(b) },
			'/callRecord/callDetail': { method: 'GET', handler: (q) => this.callDetail(q.query) },
			'/phone/getPhoneList': { method: 'GET', handler: () => ({ data: this.state.phones.map((p) => ({ ...p })) }) },
			'/dialogFlow/getDialogFlowList': {
				method: 'GET',
				handler: () => ({ data: this.state.dialogFlows.map(({ dialogFlowId, name, status }) => ({ dialogFlowId, name, status })) }),
			},
			'/dialogFlow/getDialogFlowCallJobRelatedInfo': { method: 'GET', handler: (q) => this.dialogFlowInfo(q.query) },
			'/csRobot/staffGroupList': { method: 'GET', handler: () => ({ data: this.state.staffGroups.map((g) => ({ ...g })) }) },
			'/tenant/getTenant': { method: 'GET', handler: () => ({ data: { ...this.state.tenant } }) },
			'/isv/updateIsvInfo': { method: 'POST', handler: (_q, b) => this.updateIsvInfo(b) },
		};
		return r;
	}

	// ----- jobs ---------------------------------------------------------------------------

	private findJob(id: number): SimJob | undefined {
		return this.state.jobs.find((j) => j.robotCallJobId === id);
	}

	private requireJob(value: unknown, field = 'robotCallJobId'): SimJob {
		const id = reqInt(value, field);
		const job = this.findJob(id);
		if (!job) throw notFound(`${field} ${id}: job does not exist`);
		return job;
	}

	/** every rule of VENDORS.md "Rules from the seeds" for create/modify bodies */
	private parseJobBody(body: Obj): Omit<SimJob, 'robotCallJobId' | 'status' | 'createTime' | 'createdAtMs' | 'createUserName' | 'runningSince' | 'slotsUsed'> {
		const job = body.robotCallJob;
		if (!isObj(job)) throw badParam('robotCallJob is required (an object holding name, mode, dailyStartTime, ...)');

		const name = strField(job.name, 'robotCallJob.name', true)!;
		if (name.trim().length === 0) throw badParam('robotCallJob.name must not be blank');
		const mode = enumField(job.mode, 'robotCallJob.mode', ['AUTO', 'MANUAL'] as const, true)!;
		const startTime = dateTimeField(job.startTime, 'robotCallJob.startTime', false);
		if (mode === 'AUTO' && !startTime) throw badParam('robotCallJob.startTime is required when mode is AUTO');

		const dailyStartTime = timeField(job.dailyStartTime, 'robotCallJob.dailyStartTime', true)!;
		const dailyEndTime = timeField(job.dailyEndTime, 'robotCallJob.dailyEndTime', true)!;
		if (minutesOf(dailyStartTime) < 9 * 60) throw badParam('robotCallJob.dailyStartTime must not be earlier than 09:00');
		if (minutesOf(dailyEndTime) > 20 * 60) throw badParam('robotCallJob.dailyEndTime must not be later than 20:00');
		if (minutesOf(dailyStartTime) >= minutesOf(dailyEndTime)) {
			throw badParam('robotCallJob.dailyStartTime must be earlier than robotCallJob.dailyEndTime');
		}

		const inactiveTimeList: TimeWindow[] = [];
		if (job.inactiveTimeList !== undefined && job.inactiveTimeList !== null) {
			if (!Array.isArray(job.inactiveTimeList)) throw badParam('robotCallJob.inactiveTimeList must be a list');
			if (job.inactiveTimeList.length > 3) throw badParam('robotCallJob.inactiveTimeList allows at most 3 windows');
			job.inactiveTimeList.forEach((w, i) => {
				const f = `robotCallJob.inactiveTimeList[${i}]`;
				if (!isObj(w)) throw badParam(`${f} must be {startTime, endTime}`);
				const s = timeField(w.startTime, `${f}.startTime`, true)!;
				const e = timeField(w.endTime, `${f}.endTime`, true)!;
				if (minutesOf(s) >= minutesOf(e)) throw badParam(`${f}.startTime must be earlier than ${f}.endTime`);
				if (minutesOf(s) < minutesOf(dailyStartTime) || minutesOf(e) > minutesOf(dailyEndTime)) {
					throw badParam(`${f} must lie inside the daily window ${dailyStartTime}-${dailyEndTime}`);
				}
				inactiveTimeList.push({ startTime: s, endTime: e });
			});
		}

		const dialogFlowId = reqInt(job.dialogFlowId, 'robotCallJob.dialogFlowId');
		const flow = this.state.dialogFlows.find((f) => f.dialogFlowId === dialogFlowId);
		if (!flow) throw badParam(`robotCallJob.dialogFlowId ${dialogFlowId}: dialog flow does not exist`);
		if (flow.status !== 'PUBLISHED') throw badParam(`robotCallJob.dialogFlowId ${dialogFlowId}: dialog flow is not published`);

		const csStaffGroupId = intField(job.csStaffGroupId, 'robotCallJob.csStaffGroupId') ?? null;
		if (flow.csStaffGroupRequired && csStaffGroupId === null) {
			throw badParam(`robotCallJob.csStaffGroupId is required: dialog flow ${dialogFlowId} has human intervention`);
		}
		if (csStaffGroupId !== null && !this.state.staffGroups.some((g) => g.csStaffGroupId === csStaffGroupId)) {
			throw badParam(`robotCallJob.csStaffGroupId ${csStaffGroupId}: staff group does not exist`);
		}

		const robotCount = reqInt(job.robotCount, 'robotCallJob.robotCount', { min: 1 });
		const phoneType = enumField(job.phoneType, 'robotCallJob.phoneType', PHONE_TYPES, true)!;

		if (!Array.isArray(body.jobPhoneNumberIdList) || body.jobPhoneNumberIdList.length === 0) {
			throw badParam('jobPhoneNumberIdList is required (a non-empty list of tenantPhoneNumberId)');
		}
		const jobPhoneNumberIdList = body.jobPhoneNumberIdList.map((v, i) => reqInt(v, `jobPhoneNumberIdList[${i}]`));
		if (phoneType !== 'MOBILE' && jobPhoneNumberIdList.length !== 1) {
			throw badParam(`jobPhoneNumberIdList must hold exactly one id when phoneType is ${phoneType}`);
		}
		jobPhoneNumberIdList.forEach((id, i) => {
			const phone = this.state.phones.find((p) => p.tenantPhoneNumberId === id);
			if (!phone) throw badParam(`jobPhoneNumberIdList[${i}] ${id}: phone line does not exist`);
			if (phone.phoneType !== phoneType) {
				throw badParam(`jobPhoneNumberIdList[${i}] ${id} is a ${phone.phoneType} line, but phoneType is ${phoneType}`);
			}
		});

		const concurrencyQuota = intField(body.concurrencyQuota, 'concurrencyQuota', { min: 1 }) ?? null;
		if (phoneType !== 'MOBILE' && concurrencyQuota === null) {
			throw badParam(`concurrencyQuota is required when phoneType is ${phoneType}`);
		}

		let transferPhoneNumber: string[] = [];
		if (body.transferPhoneNumber !== undefined && body.transferPhoneNumber !== null) {
			if (!Array.isArray(body.transferPhoneNumber)) throw badParam('transferPhoneNumber must be a list of phone numbers');
			transferPhoneNumber = body.transferPhoneNumber.map((v, i) => {
				if (typeof v !== 'string' && typeof v !== 'number') throw badParam(`transferPhoneNumber[${i}] must be a phone number`);
				const s = String(v).trim();
				if (!/^\+?[\d-]{3,20}$/.test(s)) throw badParam(`transferPhoneNumber[${i}] is not a phone number: ${s}`);
				return s;
			});
		}
		if (flow.transferPhoneNumberRequired && transferPhoneNumber.length === 0) {
			throw badParam(`transferPhoneNumber is required: dialog flow ${dialogFlowId} transfers to a human`);
		}

		const redialGiven = ['redialCondition', 'redialInterval', 'redialTimes'].filter((k) => present(job[k]));
		let redialCondition: string[] | null = null;
		let redialInterval: number | null = null;
		let redialTimes: number | null = null;
		if (redialGiven.length > 0) {
			const missing = ['redialCondition', 'redialInterval', 'redialTimes'].filter((k) => !present(job[k]));
			if (missing.length > 0) {
				throw badParam(`auto redial needs redialCondition, redialInterval and redialTimes together; missing robotCallJob.${missing.join(', robotCallJob.')}`);
			}
			const cond = enumList(job.redialCondition, 'robotCallJob.redialCondition', REDIAL_CONDITIONS)!;
			if (cond.length === 0) throw badParam('robotCallJob.redialCondition must not be empty');
			redialCondition = [...new Set(cond)];
			redialInterval = reqInt(job.redialInterval, 'robotCallJob.redialInterval', { min: 6, max: 1440 });
			redialTimes = reqInt(job.redialTimes, 'robotCallJob.redialTimes', { min: 1, max: 10 });
		}

		const wechatSendMethod = enumField(job.wechatSendMethod, 'robotCallJob.wechatSendMethod', WECHAT_SEND_METHODS) ?? null;
		enumList(job.smsAlertLevel, 'robotCallJob.smsAlertLevel', INTENT_LEVELS);
		enumList(job.wechatAlertLevel, 'robotCallJob.wechatAlertLevel', INTENT_LEVELS);
		intField(job.smsTemplateId, 'robotCallJob.smsTemplateId');
		const description = strField(job.description, 'robotCallJob.description') ?? null;

		return {
			name,
			description,
			mode,
			startTime: startTime ?? null,
			dailyStartTime,
			dailyEndTime,
			inactiveTimeList,
			dialogFlowId,
			csStaffGroupId,
			robotCount,
			phoneType,
			concurrencyQuota,
			jobPhoneNumberIdList,
			transferPhoneNumber,
			redialCondition,
			redialInterval,
			redialTimes,
			wechatSendMethod,
			robotCallJob: JSON.parse(JSON.stringify(job)) as Obj,
		};
	}

	private createJob(body: Obj) {
		const parsed = this.parseJobBody(body);
		const now = this.server.now();
		const job: SimJob = {
			robotCallJobId: ++this.ids.job,
			status: 'NOT_STARTED',
			createTime: formatCst(now),
			createdAtMs: now,
			createUserName: 'OpenAPI',
			runningSince: null,
			slotsUsed: 0,
			...parsed,
		};
		this.state.jobs.push(job);
		return { data: { robotCallJobId: job.robotCallJobId }, msg: 'created' };
	}

	/** robotCallJobId accepted at the top level or inside robotCallJob [inferred: seed shows neither] */
	private modifyJob(body: Obj) {
		const inner = isObj(body.robotCallJob) ? body.robotCallJob.robotCallJobId : undefined;
		const job = this.requireJob(present(body.robotCallJobId) ? body.robotCallJobId : inner);
		if (job.status === 'IN_PROCESS') throw badParam(`job ${job.robotCallJobId} is IN_PROCESS; pause it before modifying`);
		const parsed = this.parseJobBody(body);
		Object.assign(job, parsed);
		return { data: { robotCallJobId: job.robotCallJobId }, msg: 'modified' };
	}

	private startJob(job: SimJob): void {
		if (!STARTABLE.includes(job.status)) {
			throw badParam(`job status (${job.status} ${STATUS_LABELS[job.status]}) cannot be started`);
		}
		job.status = 'IN_PROCESS';
		job.runningSince = this.server.now();
		job.slotsUsed = 0;
	}

	private pauseJob(job: SimJob): void {
		if (!PAUSABLE.includes(job.status)) {
			throw badParam(`job status (${job.status} ${STATUS_LABELS[job.status]}) cannot be paused`);
		}
		job.status = 'USER_PAUSE';
		job.runningSince = null;
	}

	private jobAction(body: Obj, action: 'start' | 'pause' | 'stop' | 'delete') {
		const job = this.requireJob(body.robotCallJobId);
		switch (action) {
			case 'start':
				this.startJob(job);
				break;
			case 'pause':
				this.pauseJob(job);
				break;
			case 'stop':
				if (job.status === 'COMPLETED' || job.status === 'TERMINATE') {
					throw badParam(`job status (${job.status} ${STATUS_LABELS[job.status]}) cannot be stopped`);
				}
				job.status = 'TERMINATE';
				job.runningSince = null;
				break;
			case 'delete':
				this.state.jobs = this.state.jobs.filter((j) => j !== job);
				this.state.tasks = this.state.tasks.filter((t) => t.robotCallJobId !== job.robotCallJobId);
				this.state.deletedJobIds.push(job.robotCallJobId);
				break;
		}
		return { data: null, msg: `${action} succeeded` };
	}

	private updateAiCount(body: Obj) {
		const job = this.requireJob(body.robotCallJobId);
		job.robotCount = reqInt(body.robotCount, 'robotCount', { min: 1 });
		return { data: null, msg: 'updated' };
	}

	private statsInfo(job: SimJob) {
		const tasks = this.state.tasks.filter((t) => t.robotCallJobId === job.robotCallJobId);
		const records = this.state.callRecords.filter((r) => r.robotCallJobId === job.robotCallJobId);
		return {
			robotCallJobId: job.robotCallJobId,
			completedTask: tasks.filter((t) => t.status === 'COMPLETED').length,
			totalTask: tasks.length,
			answeredTask: records.filter((r) => r.resultStatus === 'ANSWERED').length,
			ablevelCustomer: records.filter((r) => r.intentLevel === 'A' || r.intentLevel === 'B').length,
		};
	}

	private jobSummary(job: SimJob) {
		return {
			robotCallJobId: job.robotCallJobId,
			robotCallJobName: job.name,
			createTime: job.createTime,
			createUserName: job.createUserName,
			status: job.status,
			hangUpType: null,
			hangUpReason: null,
			statsInfo: this.statsInfo(job),
		};
	}

	private checkAll(body: Obj) {
		const operation = enumField(body.operation, 'operation', ['START', 'PAUSE'] as const, true)!;
		if (!Array.isArray(body.robotCallJobIdSet)) throw badParam('robotCallJobIdSet is required (a list of robotCallJobId)');
		const ids = [...new Set(body.robotCallJobIdSet.map((v, i) => reqInt(v, `robotCallJobIdSet[${i}]`)))];
		const statusSet = enumList(body.statusSet, 'statusSet', JOB_STATUSES);
		const name = strField(body.name, 'name');
		const begin = dateField(body.beginCreateDate, 'beginCreateDate');
		const end = dateField(body.endCreateDate, 'endCreateDate');
		const executable: unknown[] = [];
		const unexecutable: unknown[] = [];
		for (const id of ids) {
			const job = this.findJob(id);
			if (!job) {
				unexecutable.push({ robotCallJobId: id, robotCallJobName: null, msg: 'job does not exist', statsInfo: null });
				continue;
			}
			const day = job.createTime.slice(0, 10);
			if (statusSet && statusSet.length > 0 && !statusSet.includes(job.status)) continue;
			if (name && !job.name.includes(name)) continue;
			if (begin && day < begin) continue;
			if (end && day > end) continue;
			const ok = operation === 'START' ? STARTABLE.includes(job.status) : PAUSABLE.includes(job.status);
			if (ok) executable.push(this.jobSummary(job));
			else {
				unexecutable.push({
					robotCallJobId: job.robotCallJobId,
					robotCallJobName: job.name,
					msg: `job status (${job.status} ${STATUS_LABELS[job.status]}) cannot be ${operation === 'START' ? 'started' : 'paused'}`,
					statsInfo: this.statsInfo(job),
				});
			}
		}
		return { data: { executable, unexecutable }, msg: 'checked' };
	}

	private executeJobs(body: Obj) {
		const operation = enumField(body.operation, 'operation', ['START', 'PAUSE'] as const, true)!;
		if (!Array.isArray(body.executable)) throw badParam('executable is required (the list checkAll returned)');
		const failures: unknown[] = [];
		body.executable.forEach((item, i) => {
			if (!isObj(item)) throw badParam(`executable[${i}] must be an object with robotCallJobId`);
			const id = reqInt(item.robotCallJobId, `executable[${i}].robotCallJobId`);
			const job = this.findJob(id);
			if (!job) {
				failures.push({ robotCallJobId: id, robotCallJobName: item.robotCallJobName ?? null, msg: 'job does not exist' });
				return;
			}
			try {
				if (operation === 'START') this.startJob(job);
				else this.pauseJob(job);
			} catch (error) {
				failures.push({ robotCallJobId: id, robotCallJobName: job.name, msg: (error as Error).message });
			}
		});
		return { data: failures, msg: 'executed' };
	}

	private jobStats(list: unknown[]) {
		const data: Record<string, { taskTotal: number; taskCompleted: number }> = {};
		list.forEach((v, i) => {
			const id = reqInt(v, `robotCallJobId[${i}]`);
			const job = this.findJob(id);
			if (!job) return;
			const s = this.statsInfo(job);
			data[String(id)] = { taskTotal: s.totalTask, taskCompleted: s.completedTask };
		});
		return { data };
	}

	private getJobs(query: URLSearchParams) {
		const { pageNum, pageSize } = paging(queryValue(query, 'pageNum'), queryValue(query, 'pageSize'), 100);
		const name = queryValue(query, 'name');
		const status = enumField(queryValue(query, 'status'), 'status', JOB_STATUSES);
		const jobs = this.state.jobs
			.filter((j) => (!name || j.name.includes(name)) && (!status || j.status === status))
			.sort((a, b) => b.robotCallJobId - a.robotCallJobId)
			.map((j) => ({
				robotCallJobId: j.robotCallJobId,
				name: j.name,
				status: j.status,
				mode: j.mode,
				dialogFlowId: j.dialogFlowId,
				phoneType: j.phoneType,
				robotCount: j.robotCount,
				createTime: j.createTime,
				startTime: j.startTime,
				dailyStartTime: j.dailyStartTime,
				dailyEndTime: j.dailyEndTime,
			}));
		return { data: page(jobs, pageNum, pageSize) };
	}

	private getJobProperties(query: URLSearchParams) {
		const job = this.requireJob(queryValue(query, 'robotCallJobId'));
		const flow = this.state.dialogFlows.find((f) => f.dialogFlowId === job.dialogFlowId);
		return { data: [...(flow?.properties ?? [])] };
	}

	private dialogFlowInfo(query: URLSearchParams) {
		const id = reqInt(queryValue(query, 'dialogFlowId'), 'dialogFlowId');
		const flow = this.state.dialogFlows.find((f) => f.dialogFlowId === id);
		if (!flow) throw notFound(`dialogFlowId ${id}: dialog flow does not exist`);
		return { data: { ...flow, properties: [...flow.properties] } };
	}

	private updateIsvInfo(body: Obj) {
		const tenantSign = strField(body.tenantSign, 'tenantSign', true);
		if (tenantSign !== this.tenantSign) throw new VendorError(403, 'tenantSign does not match the authenticated tenant');
		const url = strField(body.callbackUrl, 'callbackUrl');
		if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw badParam('callbackUrl must be an http(s) URL');
		this.setCallbackUrl(url);
		return { data: null, msg: 'updated' };
	}

	// ----- customers / tasks --------------------------------------------------------------

	private createCustomer(name: string, phone: string, properties: Record<string, string>, now: number): SimCustomerPerson {
		const person: SimCustomerPerson = {
			customerPersonId: ++this.ids.customer,
			name,
			phoneNumber: phone,
			properties,
			creationTime: formatCst(now),
			customerGroupId: 181,
			customerGroupName: 'OpenAPI import',
		};
		this.state.customers.push(person);
		return person;
	}

	private createTask(job: SimJob, person: SimCustomerPerson, batchId: string | null, now: number): SimTask {
		const task: SimTask = {
			robotCallTaskId: ++this.ids.task,
			robotCallJobId: job.robotCallJobId,
			customerPersonId: person.customerPersonId,
			customerPersonName: person.name,
			calledPhoneNumber: person.phoneNumber,
			properties: { ...person.properties },
			status: 'NOT_STARTED',
			createdAtMs: now,
			batchId,
		};
		this.state.tasks.push(task);
		return task;
	}

	private pendingTasks(jobId: number): SimTask[] {
		return this.state.tasks.filter((t) => t.robotCallJobId === jobId && PENDING_TASK.includes(t.status));
	}

	/** validates every row first, so a refused request changes nothing */
	private parseCustomers(value: unknown, max: number): Array<{ name: string; phoneNumber: string; properties: Record<string, string> }> {
		if (!Array.isArray(value) || value.length === 0) throw badParam('customerPersons is required (a non-empty list)');
		if (value.length > max) throw badParam(`customerPersons holds ${value.length} customers; at most ${max} per request`);
		return value.map((row, i) => {
			const f = `customerPersons[${i}]`;
			if (!isObj(row)) throw badParam(`${f} must be an object`);
			const phoneRaw = row.phoneNumber;
			if (typeof phoneRaw !== 'string' && typeof phoneRaw !== 'number') throw badParam(`${f}.phoneNumber is required`);
			const phoneNumber = String(phoneRaw).trim();
			if (phoneNumber === '') throw badParam(`${f}.phoneNumber is required`);
			if (!/^\+?[\d\- ]{3,20}$/.test(phoneNumber)) throw badParam(`${f}.phoneNumber is not a phone number: ${phoneNumber}`);
			const name = strField(row.name, `${f}.name`) ?? '';
			return { name, phoneNumber, properties: propertiesField(row.properties, `${f}.properties`) };
		});
	}

	private addCustomers(job: SimJob, rows: Array<{ name: string; phoneNumber: string; properties: Record<string, string> }>, batchId: string | null): number {
		if (job.status === 'TERMINATE') throw badParam(`job ${job.robotCallJobId} is TERMINATE; customers cannot be imported`);
		const now = this.server.now();
		const phones = new Set(this.state.tasks.filter((t) => t.robotCallJobId === job.robotCallJobId).map((t) => t.calledPhoneNumber));
		for (const row of rows) {
			if (phones.has(row.phoneNumber)) this.state.duplicatePhoneImports += 1;
			phones.add(row.phoneNumber);
			this.createTask(job, this.createCustomer(row.name, row.phoneNumber, row.properties, now), batchId, now);
		}
		if (rows.length > 0 && job.status === 'COMPLETED') job.status = 'RUNNABLE'; // [inferred]
		return rows.length;
	}

	private importCustomer(body: Obj) {
		const job = this.requireJob(body.robotCallJobId);
		const rows = this.parseCustomers(body.customerPersons, 100);
		this.addCustomers(job, rows, null);
		return { data: null, msg: 'imported' };
	}

	private importCustomerAsync(body: Obj) {
		const job = this.requireJob(body.robotCallJobId);
		const batchRaw = body.batchId;
		if ((typeof batchRaw !== 'string' && typeof batchRaw !== 'number') || String(batchRaw).trim() === '') {
			throw badParam('batchId is required');
		}
		const batchId = String(batchRaw);
		const rows = this.parseCustomers(body.customerPersons, 10_000);
		if (this.state.importBatches[batchId]) {
			return { data: { batchId, importedCount: 0, duplicate: true }, msg: 'batch already imported' };
		}
		const importedCount = this.addCustomers(job, rows, batchId);
		this.state.importBatches[batchId] = { robotCallJobId: job.robotCallJobId, importedCount, at: this.server.now() };
		return { data: { batchId, importedCount, duplicate: false }, msg: 'accepted' };
	}

	/** filters besides customerPersonIds are accepted and validated but not applied [inferred] */
	private reAddCustomers(body: Obj) {
		const job = this.requireJob(body.robotCallJobId);
		if (!Array.isArray(body.customerPersonIds) || body.customerPersonIds.length === 0) {
			throw badParam('customerPersonIds is required (a non-empty list)');
		}
		const ids = body.customerPersonIds.map((v, i) => reqInt(v, `customerPersonIds[${i}]`));
		boolField(body.lastCallRecord, 'lastCallRecord');
		enumList(body.resultStatuses, 'resultStatuses', RESULT_STATUSES);
		enumList(body.intentLevels, 'intentLevels', INTENT_LEVELS);
		enumField(body.followStatus, 'followStatus', ['CLUE', 'AI_INITIAL_VISIT', 'PEOPLE_INITIAL_VISIT', 'AI_FOLLOW_UP', 'PEOPLE_FOLLOW_UP', 'QUOTE', 'DEAL', 'LOSS'] as const);
		dateField(body.earliestCreationTime, 'earliestCreationTime');
		dateField(body.latestCreationTime, 'latestCreationTime');
		const persons = ids.map((id) => {
			const p = this.state.customers.find((c) => c.customerPersonId === id);
			if (!p) throw notFound(`customerPersonId ${id}: customer does not exist`);
			return p;
		});
		if (job.status === 'TERMINATE') throw badParam(`job ${job.robotCallJobId} is TERMINATE; customers cannot be added`);
		const now = this.server.now();
		let added = 0;
		for (const person of persons) {
			const pending = this.state.tasks.some(
				(t) => t.robotCallJobId === job.robotCallJobId && t.customerPersonId === person.customerPersonId && PENDING_TASK.includes(t.status),
			);
			if (pending) continue;
			this.createTask(job, person, null, now);
			added += 1;
		}
		if (added > 0 && job.status === 'COMPLETED') job.status = 'RUNNABLE';
		return { data: null, msg: 'added' };
	}

	private toBeCalledList(query: URLSearchParams) {
		const job = this.requireJob(queryValue(query, 'robotCallJobId'));
		const { pageNum, pageSize } = paging(queryValue(query, 'pageNum'), queryValue(query, 'pageSize'));
		const phone = queryValue(query, 'calledPhoneNumber');
		const status = enumField(queryValue(query, 'taskStatus'), 'taskStatus', TASK_STATUSES);
		const tasks = this.state.tasks
			.filter((t) => t.robotCallJobId === job.robotCallJobId)
			.filter((t) => (status ? t.status === status : t.status !== 'COMPLETED'))
			.filter((t) => !phone || t.calledPhoneNumber.includes(phone))
			.map((t) => ({
				robotCallTaskId: t.robotCallTaskId,
				customerPersonId: t.customerPersonId,
				customerPersonName: t.customerPersonName,
				calledPhoneNumber: t.calledPhoneNumber,
				customerPersonGroupName: '',
				status: t.status,
				inWhiteList: false,
				properties: { ...t.properties },
				inShareWhiteList: null,
			}));
		return { data: page(tasks, pageNum, pageSize), msg: 'OK' };
	}

	private deleteTask(body: Obj) {
		const id = reqInt(body.robotCallTaskId, 'robotCallTaskId');
		const task = this.state.tasks.find((t) => t.robotCallTaskId === id);
		if (!task) throw notFound(`robotCallTaskId ${id}: task does not exist`);
		if (task.status === 'COMPLETED') throw badParam(`robotCallTaskId ${id} has already been called; only to-be-called customers can be deleted`);
		this.state.tasks = this.state.tasks.filter((t) => t !== task);
		return { data: null, msg: 'deleted' };
	}

	private deleteTaskList(query: URLSearchParams) {
		const job = this.requireJob(queryValue(query, 'robotCallJobId'));
		const idList = queryList(query, 'robotCallTaskIds').map((v, i) => reqInt(v, `robotCallTaskIds[${i}]`));
		const phone = queryValue(query, 'calledPhoneNumber');
		const status = enumField(queryValue(query, 'taskStatus'), 'taskStatus', TASK_STATUSES);
		const ids = new Set(idList);
		const doomed = this.state.tasks.filter((t) => {
			if (t.robotCallJobId !== job.robotCallJobId || t.status === 'COMPLETED') return false;
			if (ids.size > 0) return ids.has(t.robotCallTaskId); // other filters ignored (seed 003)
			if (phone && !t.calledPhoneNumber.includes(phone)) return false;
			if (status && t.status !== status) return false;
			return true;
		});
		const set = new Set(doomed);
		this.state.tasks = this.state.tasks.filter((t) => !set.has(t));
		return { data: null, msg: 'deleted' };
	}

	// ----- call records ---------------------------------------------------------------------

	private callRecordList(body: Obj) {
		const job = this.requireJob(body.robotCallJobId);
		const { pageNum, pageSize } = paging(body.pageNum, body.pageSize, 100);
		const lastCallRecord = boolField(body.lastCallRecord, 'lastCallRecord') ?? false;
		const redialTimes = intField(body.redialTimes, 'redialTimes', { min: 0 });
		if (redialTimes !== undefined && !lastCallRecord) throw badParam('redialTimes may only be used with lastCallRecord=true');
		const resultStatuses = enumList(body.resultStatuses, 'resultStatuses', RESULT_STATUSES);
		const intentLevels = enumList(body.intentLevels, 'intentLevels', INTENT_LEVELS);
		const chatMin = intField(body.chatDurationMin, 'chatDurationMin', { min: 0 });
		const chatMax = intField(body.chatDurationMax, 'chatDurationMax', { min: 0 });
		const dialogFlowId = intField(body.dialogFlowId, 'dialogFlowId');
		const hangupBy = strField(body.hangupBy, 'hangupBy');
		const phone = strField(body.calledPhoneNumber, 'calledPhoneNumber');
		const callRecordId = intField(body.callRecordId, 'callRecordId');
		const personName = strField(body.customerPersonName, 'customerPersonName');
		const readStatus = enumField(body.readStatus, 'readStatus', ['NOT_READ', 'HAS_READ'] as const);
		const realIntent = boolField(body.realIntent, 'realIntent');
		let concern: string[] | undefined;
		if (body.customerConcern !== undefined && body.customerConcern !== null) {
			if (!Array.isArray(body.customerConcern)) throw badParam('customerConcern must be a list');
			concern = body.customerConcern.map(String);
		}
		intField(body.customerGroupId, 'customerGroupId');

		const byTimeDesc = (a: CallRecord, b: CallRecord) =>
			a.startTime === b.startTime ? b.callRecordId - a.callRecordId : a.startTime < b.startTime ? 1 : -1;
		let records = this.state.callRecords.filter((r) => r.robotCallJobId === job.robotCallJobId);
		if (lastCallRecord) {
			// keep the latest record per customer; then only the seed's subset of filters applies
			const latest = new Map<number, CallRecord>();
			for (const r of [...records].sort(byTimeDesc)) if (!latest.has(r.customerPersonId)) latest.set(r.customerPersonId, r);
			records = [...latest.values()];
			if (redialTimes !== undefined) records = records.filter((r) => r.redialTimes === redialTimes);
		} else {
			records = records.filter(
				(r) =>
					(dialogFlowId === undefined || r.dialogFlowId === dialogFlowId) &&
					(!hangupBy || r.hangupBy === hangupBy) &&
					(!phone || r.calledPhoneNumber.includes(phone)) &&
					(callRecordId === undefined || r.callRecordId === callRecordId) &&
					(!personName || r.customerPersonName.includes(personName)) &&
					(!readStatus || r.readStatus === readStatus) &&
					(realIntent === undefined || (r.realIntentLevel !== null) === realIntent) &&
					(!concern || concern.length === 0 || r.customerConcern.some((c) => concern!.includes(c))),
			);
		}
		records = records.filter(
			(r) =>
				(!resultStatuses || resultStatuses.length === 0 || resultStatuses.includes(r.resultStatus)) &&
				(!intentLevels || intentLevels.length === 0 || intentLevels.includes(r.intentLevel)) &&
				(chatMin === undefined || r.chatDuration >= chatMin) &&
				(chatMax === undefined || r.chatDuration <= chatMax),
		);
		records.sort(byTimeDesc);
		// copy only the page served (copying every record made large lists quadratic)
		const served = page(records, pageNum, pageSize);
		return { data: { ...served, content: served.content.map((r) => this.listRecord(r)) }, msg: 'OK' };
	}

	private listRecord(r: CallRecord) {
		return JSON.parse(JSON.stringify(r)) as CallRecord;
	}

	private callDetail(query: URLSearchParams) {
		const id = reqInt(queryValue(query, 'callRecordId'), 'callRecordId');
		const r = this.state.callRecords.find((c) => c.callRecordId === id);
		if (!r) throw notFound(`callRecordId ${id}: call record does not exist`);
		const person = this.state.customers.find((c) => c.customerPersonId === r.customerPersonId);
		const latest = this.state.callRecords
			.filter((c) => c.customerPersonId === r.customerPersonId)
			.sort((a, b) => b.callRecordId - a.callRecordId)[0];
		return {
			msg: 'OK',
			data: {
				callRecordId: r.callRecordId,
				customerAudioUrl: r.customerAudioUrl,
				startTime: isoCst(r.startTime),
				endTime: isoCst(r.endTime),
				chatRound: r.chatRound,
				chatDuration: r.chatDuration,
				customerPerson: {
					customerPersonId: r.customerPersonId,
					creationTime: person?.creationTime.slice(0, 16) ?? null,
					tenantId: r.tenantId,
					customerGroupId: person?.customerGroupId ?? null,
					name: person?.name ?? r.customerPersonName,
					phoneNumber: person?.phoneNumber ?? r.calledPhoneNumber,
					wechatNumber: null,
					source: 'UPLOADED_BY_YOURSELF',
					gender: 'UNKNOWN',
					properties: { ...(person?.properties ?? r.properties) },
					lastFollowTime: latest.endTime,
					lastChatDuration: latest.chatDuration,
					lastStartTime: latest.startTime,
					lastIntentLevel: latest.intentLevel,
					lastDialStatus: latest.resultStatus,
					assignTime: person?.creationTime ?? null,
					customerGroupName: person?.customerGroupName ?? null,
				},
				resultStatus: r.resultStatus,
				intentLevel: r.intentLevel,
				intentLevelName: r.intentLevelName,
				realIntentLevel: r.realIntentLevel,
				realIntentLevelName: r.realIntentLevelName,
				intentLevelTagId: r.intentLevelTagId,
				customerConcern: [...r.customerConcern],
				fullAudioUrl: r.fullAudioUrl,
				analysisBasis: r.analysisBasis,
				callDetailList: r.callDetailList.map((d) => ({ ...d })),
				robotCallJobId: r.robotCallJobId,
				redialTimes: r.redialTimes,
			},
		};
	}

	// ----- call progress ------------------------------------------------------------------

	/** lazily turn pending customers of running jobs into call records at callsPerSecond */
	private advance(): void {
		const now = this.server.now();
		for (const job of [...this.state.jobs]) {
			if (job.status !== 'IN_PROCESS' || job.runningSince === null) continue;
			if (this.callsPerSecond <= 0) continue;
			const slotMs = 1000 / this.callsPerSecond;
			const expected = Math.floor((now - job.runningSince) / slotMs);
			if (expected <= job.slotsUsed) continue;
			const pending = this.pendingTasks(job.robotCallJobId);
			let slot = job.slotsUsed;
			let i = 0;
			while (slot < expected && i < pending.length) {
				slot += 1;
				this.finishTask(job, pending[i++], Math.round(job.runningSince + slot * slotMs));
			}
			job.slotsUsed = expected; // idle slots are not saved up
			if (this.pendingTasks(job.robotCallJobId).length === 0) this.completeJob(job);
		}
	}

	private completeJob(job: SimJob): void {
		if (job.status !== 'IN_PROCESS') return;
		job.status = 'COMPLETED';
		job.runningSince = null;
		this.sendCallback('ROBOT_CALL_JOB', {
			robotCallJobId: job.robotCallJobId,
			tenantId: this.state.tenant.tenantId,
			status: 'COMPLETED',
		});
	}

	private finishTask(job: SimJob, task: SimTask, endMs: number): CallRecord {
		const record = this.generateRecord(job, task, endMs);
		const forced = this.options.callOutcome?.(task);
		if (forced) {
			Object.assign(record, forced);
			if (forced.intentLevel && forced.intentLevelName === undefined) record.intentLevelName = INTENT_NAMES[forced.intentLevel];
		}
		record.callRecordId = ++this.ids.record;
		task.status = 'COMPLETED';
		this.state.callRecords.push(record);
		this.sendCallback('ROBOT_CALL_RECORD', this.callbackRecordData(record));
		return record;
	}

	/** a plausible random call result, deterministic for a given seed and call order */
	private generateRecord(job: SimJob, task: SimTask, endMs: number): CallRecord {
		const resultStatus = weighted<TanyiResultStatus>(this.rand(), [
			['ANSWERED', 60],
			['NO_ANSWER', 14],
			['BUSY', 7],
			['POWER_OFF', 5],
			['REFUSED', 5],
			['OUT_OF_SERVICE', 3],
			['VACANT_NUMBER', 3],
			['CAN_NOT_CONNECT', 3],
		]);
		const answered = resultStatus === 'ANSWERED';
		const intentLevel: TanyiIntentLevel = answered
			? weighted<TanyiIntentLevel>(this.rand(), [['A', 15], ['B', 20], ['C', 20], ['D', 15], ['E', 15], ['F', 15]])
			: 'F';
		const chatDuration = answered ? 8 + Math.floor(this.rand() * 170) : 0;
		const chatRound = answered ? 2 + Math.floor(this.rand() * 12) : 0;
		const ringMs = 3000 + Math.floor(this.rand() * 12000);
		const startMs = endMs - chatDuration * 1000 - ringMs;
		const callDetailList: CallDetail[] = [];
		for (let i = 0; i < chatRound; i++) {
			const robot = i % 2 === 0;
			callDetailList.push({
				text: robot ? (i === 0 ? `您好，请问是${task.customerPersonName || '机主'}吗？` : '好的，我给您简单介绍一下。') : i === chatRound - 1 ? '好的，再见' : '嗯，你说',
				type: robot ? 'ROBOT' : 'PERSON',
				callDetailId: ++this.ids.detail,
			});
		}
		const audioBase = `https://sim-audio.invalid/DialogueRecording/TenantId${this.state.tenant.tenantId}/CallJobId${job.robotCallJobId}/TaskId_${task.robotCallTaskId}`;
		return {
			callRecordId: 0,
			tenantId: this.state.tenant.tenantId,
			robotCallJobId: job.robotCallJobId,
			dialogFlowId: job.dialogFlowId,
			robotCallTaskId: task.robotCallTaskId,
			customerPersonId: task.customerPersonId,
			customerPersonName: task.customerPersonName,
			calledPhoneNumber: task.calledPhoneNumber,
			phoneNumberId: job.jobPhoneNumberIdList[0] ?? 0,
			resultStatus,
			intentLevel,
			intentLevelName: INTENT_NAMES[intentLevel],
			realIntentLevel: null,
			realIntentLevelName: null,
			intentLevelTagId: 0,
			customerConcern: answered && (intentLevel === 'A' || intentLevel === 'B') ? ['价格'] : [],
			fullAudioUrl: answered ? `${audioBase}/ai_user.wav` : `${audioBase}/early_media.wav`,
			customerAudioUrl: answered ? `${audioBase}/user.wav` : null,
			analysisBasis: answered ? '' : resultStatus,
			startTime: formatCst(startMs),
			endTime: formatCst(endMs),
			chatDuration,
			chatRound,
			readStatus: 'NOT_READ',
			hangupBy: answered && this.rand() < 0.3 ? 'LOCAL_HANGUP' : 'REMOTE_HANGUP',
			redialTimes: 0,
			properties: { ...task.properties },
			callDetailList,
		};
	}

	// ----- callbacks ----------------------------------------------------------------------

	private callbackRecordData(record: CallRecord): Record<string, unknown> {
		return JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
	}

	private sendCallback(dataType: CallbackDelivery['dataType'], data: Record<string, unknown>): void {
		const url = this.state.callbackUrl;
		if (!url || this.closed) return;
		const delivery: CallbackDelivery = {
			id: ++this.ids.delivery,
			url,
			dataType,
			payload: { dataType, data },
			encrypted: this.state.callbackEncryption !== null,
			attempts: [],
			state: 'pending',
		};
		this.callbackDeliveries.push(delivery);
		const encryption = this.state.callbackEncryption ? { ...this.state.callbackEncryption } : null;
		this.inFlight += 1;
		void this.runDelivery(delivery, encryption).finally(() => {
			this.inFlight -= 1;
			if (this.inFlight === 0) {
				const waiters = this.flushWaiters;
				this.flushWaiters = [];
				for (const w of waiters) w();
			}
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			this.timers.add(entry);
		});
	}

	private async runDelivery(delivery: CallbackDelivery, encryption: { token: string; encodingAesKey: string } | null): Promise<void> {
		for (let attempt = 0; attempt <= this.retryDelays.length; attempt++) {
			if (attempt > 0) await this.sleep(this.retryDelays[attempt - 1]);
			if (this.closed) break;
			const result = await this.postCallback(delivery, encryption);
			delivery.attempts.push(result);
			if (result.status === 200 && result.body === 'success') {
				delivery.state = 'delivered';
				return;
			}
		}
		delivery.state = 'failed';
	}

	private async postCallback(
		delivery: CallbackDelivery,
		encryption: { token: string; encodingAesKey: string } | null,
	): Promise<CallbackAttempt> {
		const at = this.server.now();
		const json = JSON.stringify(delivery.payload);
		let target = delivery.url;
		let body = json;
		let contentType = 'application/json';
		if (encryption) {
			const timestamp = String(Math.floor(at / 1000));
			const nonce = crypto.randomBytes(5).toString('hex');
			const { encrypt, msgSignature } = wecomEncrypt(json, encryption.token, encryption.encodingAesKey, timestamp, nonce);
			const u = new URL(delivery.url);
			u.searchParams.set('msg_signature', msgSignature);
			u.searchParams.set('timestamp', timestamp);
			u.searchParams.set('nonce', nonce);
			target = u.toString();
			body = `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
			contentType = 'application/xml';
		}
		try {
			const res = await fetch(target, {
				method: 'POST',
				headers: { 'Content-Type': contentType },
				body,
				signal: AbortSignal.timeout(5000),
			});
			return { at, status: res.status, body: await res.text() };
		} catch (error) {
			return { at, status: 0, body: '', error: (error as Error).message };
		}
	}
}

export async function startTanyiSimulator(opts: TanyiSimOptions = {}): Promise<TanyiSimulator> {
	const sim = new TanyiSimulator(opts);
	await sim.start();
	return sim;
}

/** parse a CST `yyyy-MM-dd HH:mm:ss` string back to epoch ms (handy in tests) */
export { parseCst };
