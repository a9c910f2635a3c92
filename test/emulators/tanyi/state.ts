/**
 * The Tanyi emulator's data: the vendor's enums and entity shapes (VENDORS.md §1, seeds 000 and
 * 003), the seeded account, and the model that turns pending customers of running jobs into
 * call records.
 */
import type { CallbackAttempt } from '../shared/callbacks';

export type { CallbackAttempt };
import type { RecordingHost } from '../shared/recordings';
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
	/** recording object keys in the state; every answer and callback carries a freshly signed link (`signedAudio`) */
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

/** a caller line as GET /phone/getPhoneList shows it (yiwise/slate tenant.md); no policy groups here */
export interface SimPhone {
	tenantPhoneNumberId: number;
	phoneNumber: string;
	phoneName: string;
	phoneType: 'MOBILE' | 'LANDLINE' | 'UNFIXED_CALL';
	localBillRate: number;
	otherBillRate: number;
	callOutIndustry: 'FINANCE' | 'OTHER';
	areaCode: string;
	province: string;
	city: string;
}

/** a call policy group as GET /policyGroup/getIdAndNamePairList shows it (yiwise/slate callPolicyGroup.md) */
export interface SimPolicyGroup {
	callPolicyGroupId: number;
	tenantId: number;
	name: string;
}

export interface SimDialogFlow {
	dialogFlowId: number;
	name: string;
	/** yiwise/slate tenant.md: DRAFT, PENDING_APPROVAL, REJECTED, APPROVED; only APPROVED scripts can call [inferred] */
	status: 'DRAFT' | 'PENDING_APPROVAL' | 'REJECTED' | 'APPROVED';
	/** 是否有人工介入标识: jobs must name a csStaffGroupId (seed 000) */
	humanInterventionExist: boolean;
	/** 是否转人工标识: jobs must give transferPhoneNumber (seed 000) */
	jumpToHumanServiceExist: boolean;
	/** variables the script uses (what `properties` of an import should carry); placeholderExist = any */
	properties: string[];
}

/** a staff group as GET /csRobot/staffGroupList shows it (yiwise/slate csRobot.md) */
export interface SimStaffGroup {
	csStaffGroupId: number;
	groupName: string;
	dialogFlowId: number;
	groupCapacity: number;
	groupType: string;
	enabledStatus: 'ENABLE' | 'DISABLE';
}

export interface SimTenant {
	tenantId: number;
	tenantName: string;
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
	policyGroups: SimPolicyGroup[];
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
	/** how long one callback attempt waits for the answer (default 5 s, [inferred]) */
	callbackTimeoutMs?: number;
	/** force the outcome of generated calls (tests); merged over the random result */
	callOutcome?: (task: SimTask) => Partial<CallRecord> | undefined;
	/** background tick (ms) that advances running jobs between requests; 0 = only on requests */
	tickMs?: number;
	/**
	 * line types that take several jobPhoneNumberIdList entries. Default MOBILE (seed 000 table)
	 * and UNFIXED_CALL (seed 000 更新说明 "支持使用多个无主叫固话"); the table alone would say MOBILE only.
	 */
	multiLineTypes?: TanyiPhoneType[];
	/**
	 * [inferred] the order of getCallRecordInfoList: seed 003 and yiwise/slate callRecord.md state
	 * none. `newestFirst` (default): by startTime descending, then callRecordId descending;
	 * `oldestFirst`: the reverse; `createdDesc`: by callRecordId descending only (creation order, so
	 * start times are not monotonic when a call that started earlier finished later).
	 */
	callRecordOrder?: CallRecordOrder;
	/** how encrypted callbacks are put on the wire (defaults: as the vendor's yiwise/callbackdemo sender) */
	encryptedCallbacks?: EncryptedCallbackFormat;
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

export interface EncryptedCallbackFormat {
	/**
	 * `urlencoded` (default): the demo sender signs the Base64 `Encrypt`, then URL-encodes it into
	 * the XML (`TestDemo.testPost`: `URLEncoder.encode(encrypt)`); `raw`: plain Base64 as WeCom does
	 */
	encryptInXml?: 'urlencoded' | 'raw';
	/** extra URL-encodings of `echostr` on top of the query's own (the demo receiver's comment: `%253D%253D` needs two decodes); default 0 */
	echostrExtraEncodings?: number;
	/** the `timestamp` query value: milliseconds (default; the demo's `1678759048896`) or seconds */
	timestampUnit?: 'ms' | 's';
}

export type CallRecordOrder = 'newestFirst' | 'oldestFirst' | 'createdDesc';

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

function phone(id: number, phoneNumber: string, phoneName: string, phoneType: SimPhone['phoneType']): SimPhone {
	return {
		tenantPhoneNumberId: id,
		phoneNumber,
		phoneName,
		phoneType,
		localBillRate: 60,
		otherBillRate: 60,
		callOutIndustry: 'OTHER',
		areaCode: '0571',
		province: '浙江',
		city: '杭州',
	};
}

export function seedState(): TanyiState {
	return {
		tenant: { tenantId: 1, tenantName: 'Simulated Tenant Co., Ltd.' },
		jobs: [],
		customers: [],
		tasks: [],
		callRecords: [],
		phones: [
			phone(348, '057188880001', 'Hangzhou landline 1', 'LANDLINE'),
			phone(349, '057188880002', 'Hangzhou landline 2', 'LANDLINE'),
			phone(369, '057100000369', 'Unfixed caller line 1', 'UNFIXED_CALL'),
			phone(370, '057100000370', 'Unfixed caller line 2', 'UNFIXED_CALL'),
			phone(401, '13800000001', 'Mobile 1', 'MOBILE'),
			phone(402, '13800000002', 'Mobile 2', 'MOBILE'),
		],
		policyGroups: [
			{ callPolicyGroupId: 900, tenantId: 1, name: 'Call policy group East' },
			{ callPolicyGroupId: 901, tenantId: 1, name: 'Call policy group West' },
		],
		dialogFlows: [
			{ dialogFlowId: 2, name: 'Debt reminder', status: 'APPROVED', humanInterventionExist: false, jumpToHumanServiceExist: false, properties: ['欠款金额', '最后还款日期'] },
			{ dialogFlowId: 139, name: 'Real estate intro (human intervention)', status: 'APPROVED', humanInterventionExist: true, jumpToHumanServiceExist: false, properties: ['楼盘名称'] },
			{ dialogFlowId: 140, name: 'Insurance renewal (transfer to agent)', status: 'APPROVED', humanInterventionExist: false, jumpToHumanServiceExist: true, properties: [] },
			{ dialogFlowId: 150, name: 'Draft script', status: 'DRAFT', humanInterventionExist: false, jumpToHumanServiceExist: false, properties: [] },
		],
		staffGroups: [
			{ csStaffGroupId: 11, groupName: 'Sales team A', dialogFlowId: 139, groupCapacity: 5, groupType: 'CS', enabledStatus: 'ENABLE' },
			{ csStaffGroupId: 12, groupName: 'Sales team B', dialogFlowId: 139, groupCapacity: 3, groupType: 'CS', enabledStatus: 'ENABLE' },
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
	/** the recording file host (set by the simulator) */
	recordings?: RecordingHost;
	/** see TanyiSimOptions.callRecordOrder; tests may change it (reset restores the option) */
	callRecordOrder: CallRecordOrder;

	constructor(
		readonly options: TanyiSimOptions,
		readonly now: () => number,
	) {
		this.callRecordOrder = options.callRecordOrder ?? 'newestFirst';
		this.tenantSign = options.tenantSign ?? 'simtenant';
		this.callsPerSecond = options.callsPerSecond ?? 20;
		this.seed = options.seed ?? 20240601;
		this.rand = prng(this.seed);
		this.state = seedState();
	}

	/** back to the seeded state */
	reset(): void {
		Object.assign(this.state, seedState());
		this.callRecordOrder = this.options.callRecordOrder ?? 'newestFirst';
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
			const record = { ...this.generateRecord(job, task, now, partial.resultStatus), ...partial };
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
		return this.jobTasks(jobId).tasks.filter((t) => PENDING_TASK.includes(t.status));
	}

	/** tasks appended since the index was built are added to it; a replaced task list rebuilds it */
	private taskIndex?: { list: SimTask[]; upTo: number; byJob: Map<number, { tasks: SimTask[]; phones: Set<string> }> };

	/**
	 * The tasks of a job and their numbers, without scanning every job's tasks per request (the
	 * benchmark imports 100,000 customers: a scan per request made the emulator, not the client,
	 * the slow side).
	 */
	jobTasks(jobId: number): { tasks: SimTask[]; phones: Set<string> } {
		const list = this.state.tasks;
		if (!this.taskIndex || this.taskIndex.list !== list || this.taskIndex.upTo > list.length) {
			this.taskIndex = { list, upTo: 0, byJob: new Map() };
		}
		const index = this.taskIndex;
		for (; index.upTo < list.length; index.upTo++) {
			const task = list[index.upTo];
			let entry = index.byJob.get(task.robotCallJobId);
			if (!entry) index.byJob.set(task.robotCallJobId, (entry = { tasks: [], phones: new Set() }));
			entry.tasks.push(task);
			entry.phones.add(task.calledPhoneNumber);
		}
		return index.byJob.get(jobId) ?? { tasks: [], phones: new Set() };
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
	private generateRecord(job: SimJob, task: SimTask, endMs: number, forced?: TanyiResultStatus): CallRecord {
		const drawn = weighted<TanyiResultStatus>(this.rand(), [
			['ANSWERED', 60],
			['NO_ANSWER', 14],
			['BUSY', 7],
			['POWER_OFF', 5],
			['REFUSED', 5],
			['OUT_OF_SERVICE', 3],
			['VACANT_NUMBER', 3],
			['CAN_NOT_CONNECT', 3],
		]);
		// a forced result (addCallRecords) still draws, so the seeded sequence stays the same
		const resultStatus = forced ?? drawn;
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
		// object keys; seed 003: a call that was not answered has only the early media (ring tone), no customer track
		const audioBase = `DialogueRecording/TenantId${this.state.tenant.tenantId}/CallJobId${job.robotCallJobId}/TaskId_${task.robotCallTaskId}`;
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
		return this.signedAudio(JSON.parse(JSON.stringify(record)) as CallRecord) as unknown as Record<string, unknown>;
	}

	/** a copy's recording keys replaced by links signed now (recordings.ts) */
	signedAudio<T extends { fullAudioUrl: string | null; customerAudioUrl: string | null }>(copy: T): T {
		if (!this.recordings) return copy;
		copy.fullAudioUrl = this.recordings.url(copy.fullAudioUrl);
		copy.customerAudioUrl = this.recordings.url(copy.customerAudioUrl);
		return copy;
	}
}
