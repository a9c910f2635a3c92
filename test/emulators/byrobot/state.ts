/**
 * The Byrobot emulator's data: the vendor's entity shapes (seeds 001, 002, VENDORS.md §2), the
 * seeded companies, lines and robots, and the model that dials waiting customers of running tasks
 * and builds call instances, analysis results and transcripts.
 */
import type { CallbackAttempt } from '../shared/callbacks';

export type { CallbackAttempt };
import type { RecordingHost } from '../shared/recordings';
import type { SimServerOptions } from '../shared/http';
import { formatCst } from '../shared/http';
import { prng } from '../shared/validators';
import type { ByrobotCallbacks } from './callbacks';

export interface ByrobotSimOptions extends SimServerOptions {
	appKey?: string;
	appSecret?: string;
	/** how many customers per second a running task turns into finished calls; 0 = only via completeCalls() */
	callsPerSecond?: number;
	/** seed for the deterministic outcome generator */
	seed?: number;
	/** delay before each retry of a callback (length = number of retries); default: vendor schedule / 10000 */
	callbackRetryDelaysMs?: number[];
	/** how long one callback attempt waits for the answer (default 5 s, [inferred]) */
	callbackTimeoutMs?: number;
	/** v1 import per-request maximum (v2 docs say 10,000; v1 unknown) */
	importMax?: number;
	/** seed 001 marks sceneDefId/sceneRecordId (and sceneId on single calls) required; newer docs drop them. Default true. */
	requireSceneIds?: boolean;
	/** allowed clock skew of the `datetime` header; default 3 minutes */
	maxSkewMs?: number;
	/**
	 * createTask/update working-window limits. Default none: seed 001 sets no limit (example
	 * 08:00–22:00). `{earliest: '09:00', latest: '20:00'}` is the newer public rule (task.md 注意点).
	 */
	workingWindow?: { earliest: string; latest: string };
	/**
	 * the scene's name per single-call API. Default `/task/call` sceneId (seed 001, demo
	 * CallCustomerInfoVO), `/task/singleCallByMobile` sceneDefId (public text 2018-09 to 2020, demo SingleCallVO).
	 */
	singleCallSceneKeys?: { call: 'sceneId' | 'sceneDefId'; singleCallByMobile: 'sceneId' | 'sceneDefId' };
	/** single calls: `mobile` must be a JSON integer (seed 001 `mobile | Integer`). Default true; false also takes a string (the Java demo's String) */
	mobileMustBeInteger?: boolean;
	/** single calls: the `variables` key must be present, `{}` when empty (last public text: "不传值情况下需要保留字段名"). Default true */
	requireVariablesKey?: boolean;
	/**
	 * [inferred] how long after a call ends its record becomes listed (queryDoneTaskPhones) and its
	 * callback is sent: the post-call analysis (intent, transcript) is stored first. callIndex is
	 * handed out when the call ENDS (seed 002 "电话结束顺序"), so a slow analysis lists a record
	 * below records that ended later. Default 0; per record `CallRecordInit.analysisDelayMs`.
	 */
	analysisDelayMs?: number;
	/**
	 * leave `callIndex` out of queryDoneTaskPhones records, as the public docs do since 2019-06-25
	 * (indata-public/slate `d9bb90e`; seed 002's own example lacks it on its second record). Default false.
	 */
	omitCallIndex?: boolean;
	/**
	 * whether an import skips phones the task already holds. Default true: the vendor's current
	 * docs say "同一个任务，电话号码不能重复，重复号码自动去重" for the import interface (v1 and v2;
	 * indata-public/slate task.md, newer than seed 001, which is silent). false keeps repeats.
	 */
	dedupPhones?: boolean;
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
	/** the robot's analysis */
	value: string;
	desc?: string | null;
	analyzeType?: string | null;
	/** a person's correction in the CRM (CallBack.md artificialResultValue); the robot's value stays */
	artificialValue?: string;
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
	/** recording object keys; answers and callbacks carry links signed when sent (`audio`) */
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
	/** listed (and its callback sent) from this time on: the analysis is stored (see analysisDelayMs) */
	visibleAt?: number;
	/** single calls: what the client sent */
	received?: { variables?: unknown; variable?: unknown; hadVariablesKey: boolean; hadVariableKey: boolean };
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
	/** listed and called back this long after the emulator finishes the call (its clock): the post-call analysis; default the emulator's `analysisDelayMs` */
	analysisDelayMs?: number;
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

/** intent wordings as they appear in the wild: match on the leading letter, not the text */
export const INTENT_WORDINGS: Record<string, string[]> = {
	A: ['A级(较强)', 'A级(有明确意向)', 'A级（较强）'],
	B: ['B级(一般)', 'B级(可能有意向)', 'B级'],
	C: ['C级(很少)', 'C级', 'C级(明确拒绝)'],
	D: ['D级(需再次跟进)', 'D级(拒绝)'],
	E: ['E级(无需再跟进)', 'E级'],
	F: ['F级(无效客户)', 'F级'],
};

export const TRANSCRIPT_AI = [
	'喂，您好，这里是百应智能客服，请问是{name}吗？',
	'我们这边有一个新的优惠活动，想跟您简单介绍一下，您看方便吗？',
	'好的，那我稍后把详细资料发到您的手机上，您留意一下。',
	'感谢您的接听，祝您生活愉快，再见。',
];
export const TRANSCRIPT_ME = ['喂，你好', '嗯，你说吧', '有什么优惠？', '现在不太方便', '好的，发过来看看', '不需要了，谢谢'];

export const FINISH_POOL = [0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 5, 6, 7, 8, 8];

/** recording object keys start with this (seed 002 examples: `…oss-cn-hangzhou.aliyuncs.com/RobotPhoneCommunicate/540/….wav`); answers carry links signed by the recording host */
export const OSS = 'RobotPhoneCommunicate';

export type Body = Record<string, unknown>;

/** The account's state and what happens to it over time, shared by the routes and the test controls. */
export class ByrobotModel {
	st!: ByrobotState;
	rand!: () => number;
	ids!: { task: number; call: number; customer: number; log: number; result: number; jobPhone: number; delivery: number };
	callsPerSecond: number;
	callbacks!: ByrobotCallbacks;
	/** the recording file host (set by the simulator) */
	recordings?: RecordingHost;
	/** finished calls whose analysis is not stored yet: their callback, sent once they are listed */
	private readonly unannounced = new Map<number, () => void>();

	constructor(
		readonly options: ByrobotSimOptions,
		private readonly clock: () => number,
	) {
		this.callsPerSecond = options.callsPerSecond ?? 20;
	}

	/** back to the seeded state (companies, phones, robots; no tasks) */
	reset(): void {
		this.unannounced.clear();
		this.rand = prng(this.options.seed ?? 20240601);
		this.ids = { task: 6001, call: 100001, customer: 70001, log: 900001, result: 500001, jobPhone: 26, delivery: 1 };
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

	/** whether a finished call is listed by queryDoneTaskPhones yet (its analysis is stored) */
	isListed(call: CallInstance): boolean {
		return call.visibleAt === undefined || call.visibleAt <= this.now();
	}

	/** the analysis of every hidden call is stored now: they are listed and called back */
	revealCalls(): CallInstance[] {
		const now = this.now();
		const hidden = this.st.calls.filter((c) => c.visibleAt !== undefined && c.visibleAt > now);
		for (const call of hidden) call.visibleAt = now;
		this.announceListed();
		return hidden;
	}

	/** sends the callbacks of calls that became listed */
	private announceListed(): void {
		for (const [id, announce] of [...this.unannounced]) {
			const call = this.st.calls.find((c) => c.callInstanceId === id);
			if (call && !this.isListed(call)) continue;
			this.unannounced.delete(id);
			if (call) announce();
		}
	}

	/**
	 * An inbound call finished (INBOUND_CALL_INSTANCE_RESULT, IS `CallBack.md` 呼入回调接口): the same
	 * shape as outbound, but the id is `inboundInstanceId` and the line called is `calleePhone`.
	 */
	sendInboundCall(init: { customerTelephone?: string; customerName?: string; calleePhone?: string; intent?: string; endAt?: number } = {}): CallbackDelivery | undefined {
		const endAt = init.endAt ?? this.now();
		const id = this.ids.call++;
		const startAt = endAt - 30_000;
		const intent = init.intent ?? 'B级(一般)';
		return this.callbacks.sendCallback({
			dataType: 'INBOUND_CALL_INSTANCE_RESULT',
			data: {
				sceneInstance: {
					inboundInstanceId: id,
					companyId: 1001,
					callJobId: null,
					customerId: this.ids.customer++,
					customerTelephone: init.customerTelephone ?? '13700000000',
					customerName: init.customerName ?? '未知呼入客户',
					status: 2,
					finishStatus: 0,
					duration: 27,
					chatRound: 3,
					startTime: formatCst(startAt),
					endTime: formatCst(endAt),
					calleePhone: init.calleePhone ?? '057126880001',
					luyinOssUrl: this.audio(`InboundRobotCommunicate/${id}.wav`),
					properties: '{}',
					transferStatus: null,
					hangUp: 1,
				},
				taskResult: [{ companyId: 1001, callJobId: null, sceneInstanceId: id, resultName: BYROBOT_INTENT_NAME, resultValue: intent, resultValueAlias: /^([A-F])/.exec(intent)?.[1] ?? null }],
				phoneLog: { phoneLogs: [], luyinOssUrl: null },
				sign: null,
				dateTime: new Date(endAt).toUTCString(),
			},
		});
	}

	/** set the task status as the platform would (e.g. 5 system pause, 9 arrears); posts JOB_INFO_RESULT */
	setTaskStatus(taskId: number, status: number): void {
		const task = this.findTask(taskId);
		if (!task) throw new Error(`no task ${taskId}`);
		this.setStatus(task, status);
	}

	/** a manual intent edit in the CRM: CALL_INSTANCE_RESULT with only taskResult (no sceneInstance) */
	sendManualIntentEdit(callInstanceId: number, value: string): CallbackDelivery | undefined {
		const call = this.st.calls.find((c) => c.callInstanceId === callInstanceId);
		if (!call) throw new Error(`no call ${callInstanceId}`);
		const row = call.results.find((r) => r.name === BYROBOT_INTENT_NAME);
		if (row) row.artificialValue = value;
		else call.results.unshift({ name: BYROBOT_INTENT_NAME, value, artificialValue: value });
		return this.callbacks.sendCallback({
			dataType: 'CALL_INSTANCE_RESULT',
			data: { taskResult: [{ companyId: call.companyId, sceneInstanceId: call.callInstanceId, resultName: BYROBOT_INTENT_NAME, resultValue: value }] },
		});
	}

	// -------------------------------------------------------------------------------------------
	// HTTP
	// -------------------------------------------------------------------------------------------

	now(): number {
		return this.clock();
	}

	// -------------------------------------------------------------------------------------------
	// Tasks
	// -------------------------------------------------------------------------------------------

	findTask(id: number): ByTask | undefined {
		return this.st.tasks.find((t) => t.callJobId === id && !t.deleted);
	}

	counts(task: ByTask) {
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

	taskSummary(task: ByTask) {
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

	callPhones(task: ByTask) {
		return task.userPhoneIds.map((id) => {
			const p = this.st.phones.find((x) => x.userPhoneId === id)!;
			return { jobPhoneId: task.jobPhoneIds[id], userPhoneId: id, callJobId: task.callJobId, phone: p.phone, phoneName: p.phoneName, gmtCreate: task.gmtCreate, gmtModified: task.gmtModified };
		});
	}

	// -------------------------------------------------------------------------------------------
	// Customers
	// -------------------------------------------------------------------------------------------

	newCustomer(task: ByTask, name: string, phone: string, properties: Record<string, unknown>): CallInstance {
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

	/** advance running tasks lazily: callsPerSecond customers per second each */
	advance(): void {
		const now = this.now();
		this.announceListed();
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

	setStatus(task: ByTask, status: number): void {
		if (task.status === status) return;
		task.status = status;
		task.gmtModified = formatCst(this.now());
		if (status === 1) task.progressAnchor = this.now();
		// the vendor reports: manual pause, system pause, arrears, SMS arrears, completion (and stop)
		if ([2, 4, 5, 6, 8, 9, 10].includes(status)) this.callbacks.sendCallback({ dataType: 'JOB_INFO_RESULT', data: this.jobInfo(task) });
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

	pick<T>(list: T[]): T {
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
		const delay = init.analysisDelayMs ?? this.options.analysisDelayMs ?? 0;
		const announce = () =>
			this.callbacks.sendCallback({
				dataType: 'CALL_INSTANCE_RESULT',
				// dateTime: the vendor's inbound example has it equal to the call's end (GMT)
				data: { ...this.callDetail(call), jobFinished, sign: null, dateTime: new Date(endAt).toUTCString() },
			});
		if (delay > 0) {
			call.visibleAt = this.now() + delay;
			this.unannounced.set(call.callInstanceId, announce);
		} else {
			call.visibleAt = undefined;
			this.unannounced.delete(call.callInstanceId);
			announce();
		}
		return call;
	}

	// -------------------------------------------------------------------------------------------
	// Call records out
	// -------------------------------------------------------------------------------------------

	sceneInstance(call: CallInstance) {
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
			luyinOssUrl: this.audio(call.luyinOssUrl),
			userLuyinOssUrl: this.audio(call.userLuyinOssUrl),
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

	taskResult(call: CallInstance) {
		return call.results.map((r, i) => {
			const letter = r.name === BYROBOT_INTENT_NAME ? /^([A-F])/.exec(r.value)?.[1] ?? null : null;
			return {
				sceneInstanceResultId: this.ids.result + call.callInstanceId * 10 + i,
				companyId: call.companyId,
				callJobId: call.callJobId,
				sceneInstanceId: call.callInstanceId,
				resultName: r.name,
				resultValue: r.value,
				// CallBack.md: "通话结果人工标注值" and "是否进行过人工标注修改 0:没有 1:有"; the examples copy resultValue when nobody changed it
				artificialResultValue: r.artificialValue ?? r.value,
				artificialChanged: r.artificialValue === undefined ? 0 : 1,
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

	phoneLog(call: CallInstance) {
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
			luyinOssUrl: this.audio(call.luyinOssUrl),
		};
	}

	/** a recording key as a link signed now (recordings.ts) */
	audio(key: string | null): string | null {
		return this.recordings ? this.recordings.url(key) : key;
	}

	callDetail(call: CallInstance) {
		return { sceneInstance: this.sceneInstance(call), taskResult: this.taskResult(call), phoneLog: this.phoneLog(call) };
	}
}
