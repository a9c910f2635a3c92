/**
 * The Tanyi emulator's data: the vendor's enums and entity shapes (VENDORS.md §1, seeds 000 and
 * 003), the seeded account, and the model that turns pending customers of running jobs into
 * call records.
 */
import type { CallbackAttempt } from '../shared/callbacks';

export type { CallbackAttempt };
import type { SimServerOptions } from '../shared/http';
import { formatCst } from '../shared/http';
import { prng, weighted } from '../shared/validators';
import type { TanyiCallbacks } from './callbacks';
import { wecomKey } from './crypto';

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

export const INTENT_NAMES: Record<TanyiIntentLevel, string> = {
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
	/**
	 * [inferred] whether an import skips a phone the job already holds. The seeds say nothing
	 * about duplicates inside a job; default false (both rows are kept, as a plain insert would).
	 */
	dedupPhones?: boolean;
	/**
	 * mask numbers in toBeCalledList and the call record list as the seed's example does
	 * (`156****7777`, seed 003); default false so the other tests read full numbers
	 */
	maskPhones?: boolean;
}

/** `15612347777` → `156****7777` (seed 003's example masking: first 3 and last 4 kept) */
export function maskPhone(phone: string): string {
	return phone.length > 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : phone;
}

export const STATUS_LABELS: Record<TanyiJobStatus, string> = {
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

export const STARTABLE: TanyiJobStatus[] = ['NOT_STARTED', 'RUNNABLE', 'USER_PAUSE', 'SYSTEM_SUSPENDED', 'SYSTEM_HANG_UP'];
export const PAUSABLE: TanyiJobStatus[] = ['IN_PROCESS', 'IN_QUEUE', 'WAITING_FOR_REDIAL'];
export const PENDING_TASK: TanyiTaskStatus[] = ['NOT_STARTED', 'IN_PROCESS', 'RETRY', 'AUTO_RETRY', 'IN_CACHE'];

export function seedState(tenantSign: string): TanyiState {
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

export function freshIds() {
	return { job: 1000, customer: 7_170_000, task: 3_033_000, record: 45_000, detail: 0, delivery: 0 };
}

/** The account's state and what happens to it over time, shared by the routes and the test controls. */
export class TanyiModel {
	readonly state: TanyiState;
	ids = freshIds();
	rand: () => number;
	readonly tenantSign: string;
	readonly callsPerSecond: number;
	readonly seed: number;
	callbacks!: TanyiCallbacks;

	constructor(
		readonly options: TanyiSimOptions,
		readonly now: () => number,
	) {
		this.tenantSign = options.tenantSign ?? 'simtenant';
		this.callsPerSecond = options.callsPerSecond ?? 20;
		this.seed = options.seed ?? 20240601;
		this.rand = prng(this.seed);
		this.state = seedState(this.tenantSign);
	}

	/** back to the seeded state */
	reset(): void {
		Object.assign(this.state, seedState(this.tenantSign));
		this.ids = freshIds();
		this.rand = prng(this.seed);
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
		const now = this.now();
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
		const now = this.now();
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
			this.callbacks.send('ROBOT_CALL_RECORD', this.callbackRecordData(record));
			return record;
		});
	}

	/** set (or clear) the callback URL; `encrypted` switches to WeCom-style encrypted XML callbacks */
	setCallbackUrl(url: string | undefined, opts: { encrypted?: { token: string; encodingAesKey: string } } = {}): void {
		if (opts.encrypted) wecomKey(opts.encrypted.encodingAesKey); // validate early
		this.state.callbackUrl = url ?? null;
		this.state.callbackEncryption = url && opts.encrypted ? { ...opts.encrypted } : null;
	}

	// ----- jobs ---------------------------------------------------------------------------

	findJob(id: number): SimJob | undefined {
		return this.state.jobs.find((j) => j.robotCallJobId === id);
	}

	// ----- customers / tasks --------------------------------------------------------------

	createCustomer(name: string, phone: string, properties: Record<string, string>, now: number): SimCustomerPerson {
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

	createTask(job: SimJob, person: SimCustomerPerson, batchId: string | null, now: number): SimTask {
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

	// ----- call progress ------------------------------------------------------------------

	/** lazily turn pending customers of running jobs into call records at callsPerSecond */
	advance(): void {
		const now = this.now();
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
		this.callbacks.send('ROBOT_CALL_JOB', {
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
		this.callbacks.send('ROBOT_CALL_RECORD', this.callbackRecordData(record));
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
}
