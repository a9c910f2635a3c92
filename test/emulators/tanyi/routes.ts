/**
 * The Tanyi API as the emulator answers it: authentication, the envelope, one handler per
 * endpoint (seeds 000 and 003 plus the lookups chosen in index.ts), and the development
 * endpoints under `/__tanyi/`.
 */
import { PARSE_ERROR, formatCst, requestId, type SimRequest, type SimResponse } from '../shared/http';
import { isObj, minutesOf, present, queryList, queryValue, type Obj } from '../shared/validators';
import { tanyiSignature } from './crypto';
import {
	VendorError,
	badParam,
	boolField,
	dateField,
	dateTimeField,
	enumField,
	enumList,
	intField,
	isoCst,
	notFound,
	page,
	paging,
	propertiesField,
	reqInt,
	strField,
	timeField,
} from './fields';
import {
	JOB_STATUSES,
	PAUSABLE,
	PHONE_TYPES,
	REDIAL_CONDITIONS,
	RESULT_STATUSES,
	INTENT_LEVELS,
	PENDING_TASK,
	STARTABLE,
	STATUS_LABELS,
	TASK_STATUSES,
	WECHAT_SEND_METHODS,
	maskPhone,
	type CallRecord,
	type CallRecordOrder,
	type SimJob,
	type TanyiModel,
	type TimeWindow,
} from './state';

type RouteHandler = (req: SimRequest, body: Obj) => { data: unknown; msg?: string };
interface Route {
	method: 'GET' | 'POST' | 'PATCH';
	handler: RouteHandler;
	/** body is a bare JSON array (getJobStatsInfoList) */
	arrayBody?: boolean;
}

export const BASE_PATH = '/apiOpen/v1';

export class TanyiRoutes {
	private readonly routes: Record<string, Route>;
	private readonly appKey: string;
	private readonly appSecret: string;
	private readonly maxClockSkewMs: number;
	private readonly multiLineTypes: readonly string[];

	constructor(private readonly m: TanyiModel) {
		this.appKey = m.options.appKey ?? 'simAppKey';
		this.appSecret = m.options.appSecret ?? 'simAppSecret';
		this.maxClockSkewMs = m.options.maxClockSkewMs ?? 5 * 60_000; // [inferred]
		this.multiLineTypes = m.options.multiLineTypes ?? ['MOBILE', 'UNFIXED_CALL'];
		this.routes = this.buildRoutes();
	}

	// ----- request handling --------------------------------------------------------------

	private envelope(code: number, data: unknown, resultMsg: string, httpStatus = 200): SimResponse {
		return {
			status: httpStatus,
			body: { code, data, requestId: requestId(), resultMsg, errorStackTrace: null },
		};
	}

	async handle(req: SimRequest): Promise<SimResponse> {
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
			this.m.advance();
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
		if (tenantSign !== this.m.tenantSign) return 'tenantSign does not belong to this appKey';
		if (version !== 'v1') return `unsupported version ${version}; expected v1`;
		if (!/^\d{1,16}$/.test(timestamp)) return 'timestamp must be Unix time in milliseconds';
		if (this.maxClockSkewMs > 0 && Math.abs(this.m.now() - Number(timestamp)) > this.maxClockSkewMs) {
			return 'timestamp expired: request time differs too much from server time';
		}
		if (signature !== tanyiSignature(this.appKey, this.appSecret, this.m.tenantSign, timestamp)) {
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
					return { status: 200, body: { records: this.m.completeCalls(jobId, n) } };
				}
				case 'POST /__tanyi/callback-url': {
					const url = typeof body.url === 'string' && body.url ? body.url : undefined;
					const encrypted =
						typeof body.token === 'string' && typeof body.encodingAesKey === 'string'
							? { token: body.token, encodingAesKey: body.encodingAesKey }
							: undefined;
					this.m.setCallbackUrl(url, { encrypted });
					return { status: 200, body: { ok: true } };
				}
				case 'POST /__tanyi/call-record-order': {
					const order = String(body.order);
					if (!['newestFirst', 'oldestFirst', 'createdDesc'].includes(order)) throw badParam('order must be newestFirst, oldestFirst or createdDesc');
					this.m.callRecordOrder = order as CallRecordOrder;
					return { status: 200, body: { ok: true } };
				}
				case 'GET /__tanyi/callbacks':
					return { status: 200, body: this.m.callbacks.deliveries };
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
			'/phone/getPhoneList': { method: 'GET', handler: () => ({ data: this.m.state.phones.map((p) => ({ ...p })) }) },
			'/policyGroup/getIdAndNamePairList': { method: 'GET', handler: () => ({ data: this.m.state.policyGroups.map((g) => ({ ...g })) }) },
			'/dialogFlow/getDialogFlowList': {
				method: 'GET',
				handler: () => ({ data: this.m.state.dialogFlows.map(({ dialogFlowId, name, status }) => ({ dialogFlowId, name, status })) }),
			},
			'/dialogFlow/getDialogFlowCallJobRelatedInfo': { method: 'GET', handler: (q) => this.dialogFlowInfo(q.query) },
			'/csRobot/staffGroupList': { method: 'GET', handler: (q) => this.staffGroupList(q.query) },
			'/tenant/getTenant': { method: 'GET', handler: () => ({ data: { ...this.m.state.tenant } }) },
			'/isv/updateIsvInfo': { method: 'POST', handler: (_q, b) => this.updateIsvInfo(b) },
		};
		return r;
	}

	private requireJob(value: unknown, field = 'robotCallJobId'): SimJob {
		const id = reqInt(value, field);
		const job = this.m.findJob(id);
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
		const flow = this.m.state.dialogFlows.find((f) => f.dialogFlowId === dialogFlowId);
		if (!flow) throw badParam(`robotCallJob.dialogFlowId ${dialogFlowId}: dialog flow does not exist`);
		if (flow.status !== 'APPROVED') throw badParam(`robotCallJob.dialogFlowId ${dialogFlowId}: dialog flow is ${flow.status}, not APPROVED`);

		const csStaffGroupId = intField(job.csStaffGroupId, 'robotCallJob.csStaffGroupId') ?? null;
		if (flow.humanInterventionExist && csStaffGroupId === null) {
			throw badParam(`robotCallJob.csStaffGroupId is required: dialog flow ${dialogFlowId} has human intervention`);
		}
		if (csStaffGroupId !== null && !this.m.state.staffGroups.some((g) => g.csStaffGroupId === csStaffGroupId)) {
			throw badParam(`robotCallJob.csStaffGroupId ${csStaffGroupId}: staff group does not exist`);
		}

		const robotCount = reqInt(job.robotCount, 'robotCallJob.robotCount', { min: 1 });
		const phoneType = enumField(job.phoneType, 'robotCallJob.phoneType', PHONE_TYPES, true)!;

		if (!Array.isArray(body.jobPhoneNumberIdList) || body.jobPhoneNumberIdList.length === 0) {
			throw badParam('jobPhoneNumberIdList is required (a non-empty list of tenantPhoneNumberId)');
		}
		const jobPhoneNumberIdList = body.jobPhoneNumberIdList.map((v, i) => reqInt(v, `jobPhoneNumberIdList[${i}]`));
		if (!this.multiLineTypes.includes(phoneType) && jobPhoneNumberIdList.length !== 1) {
			throw badParam(`jobPhoneNumberIdList must hold exactly one id when phoneType is ${phoneType}`);
		}
		jobPhoneNumberIdList.forEach((id, i) => {
			if (phoneType === 'CALL_POLICY_GROUP') {
				// seed 000: "如果外呼方式选择的是外呼策略组，则里面内容为外呼策略组的id"
				if (!this.m.state.policyGroups.some((g) => g.callPolicyGroupId === id)) {
					throw badParam(`jobPhoneNumberIdList[${i}] ${id}: call policy group does not exist`);
				}
				return;
			}
			const phone = this.m.state.phones.find((p) => p.tenantPhoneNumberId === id);
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
		if (flow.jumpToHumanServiceExist && transferPhoneNumber.length === 0) {
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
		const now = this.m.now();
		const job: SimJob = {
			robotCallJobId: ++this.m.ids.job,
			status: 'NOT_STARTED',
			createTime: formatCst(now),
			createdAtMs: now,
			createUserName: 'OpenAPI',
			runningSince: null,
			slotsUsed: 0,
			...parsed,
		};
		this.m.state.jobs.push(job);
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
		job.runningSince = this.m.now();
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
				this.m.state.jobs = this.m.state.jobs.filter((j) => j !== job);
				this.m.state.tasks = this.m.state.tasks.filter((t) => t.robotCallJobId !== job.robotCallJobId);
				this.m.state.deletedJobIds.push(job.robotCallJobId);
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
		const tasks = this.m.jobTasks(job.robotCallJobId).tasks;
		const records = this.m.state.callRecords.filter((r) => r.robotCallJobId === job.robotCallJobId);
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
			const job = this.m.findJob(id);
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
			const job = this.m.findJob(id);
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
			const job = this.m.findJob(id);
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
		const jobs = this.m.state.jobs
			.filter((j) => (!name || j.name.includes(name)) && (!status || j.status === status))
			.sort((a, b) => b.robotCallJobId - a.robotCallJobId)
			.map((j) => {
				const stats = this.statsInfo(j);
				// exactly the documented entry (yiwise/slate obtainTask.md 获取任务列表接口)
				return {
					robotCallJobId: j.robotCallJobId,
					name: j.name,
					status: j.status,
					completedTask: stats.completedTask,
					taskCallTotal: stats.totalTask,
					createTime: j.createTime.slice(0, 16),
					createdByUserName: j.createUserName,
					organizationName: null,
				};
			});
		return { data: page(jobs, pageNum, pageSize) };
	}

	private getJobProperties(query: URLSearchParams) {
		const job = this.requireJob(queryValue(query, 'robotCallJobId'));
		const flow = this.m.state.dialogFlows.find((f) => f.dialogFlowId === job.dialogFlowId);
		return { data: [...(flow?.properties ?? [])] };
	}

	/** exactly the documented answer (yiwise/slate dialogFlow.md) */
	private dialogFlowInfo(query: URLSearchParams) {
		const id = reqInt(queryValue(query, 'dialogFlowId'), 'dialogFlowId');
		const flow = this.m.state.dialogFlows.find((f) => f.dialogFlowId === id);
		if (!flow) throw notFound(`dialogFlowId ${id}: dialog flow does not exist`);
		return {
			data: {
				dialogFlowId: flow.dialogFlowId,
				placeholderExist: flow.properties.length > 0,
				jumpToHumanServiceExist: flow.jumpToHumanServiceExist,
				humanInterventionExist: flow.humanInterventionExist,
			},
		};
	}

	/** yiwise/slate csRobot.md: pageNum and pageSize are both required (是); no maximum given */
	private staffGroupList(query: URLSearchParams) {
		for (const name of ['pageNum', 'pageSize']) {
			if (queryValue(query, name) === undefined) throw badParam(`${name} is required`);
		}
		const { pageNum, pageSize } = paging(queryValue(query, 'pageNum'), queryValue(query, 'pageSize'));
		const flows = new Map(this.m.state.dialogFlows.map((f) => [f.dialogFlowId, f.name]));
		const groups = this.m.state.staffGroups.map((g) => ({
			createUserId: null,
			updateUserId: null,
			createTime: '2019-01-11 17:09:04',
			updateTime: '2019-01-11 17:09:04',
			...g,
			tenantId: this.m.state.tenant.tenantId,
			dialogFlowName: flows.get(g.dialogFlowId) ?? null,
			csStaffList: null,
		}));
		return { data: page(groups, pageNum, pageSize) };
	}

	private updateIsvInfo(body: Obj) {
		const tenantSign = strField(body.tenantSign, 'tenantSign', true);
		if (tenantSign !== this.m.tenantSign) throw new VendorError(403, 'tenantSign does not match the authenticated tenant');
		const url = strField(body.callbackUrl, 'callbackUrl');
		if (url !== undefined && !/^https?:\/\/[^\s]+$/.test(url)) throw badParam('callbackUrl must be an http(s) URL');
		this.m.setCallbackUrl(url);
		return { data: null, msg: 'updated' };
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
		const now = this.m.now();
		const phones = new Set<string>();
		let added = 0;
		for (const row of rows) {
			if (phones.has(row.phoneNumber) || this.m.jobTasks(job.robotCallJobId).phones.has(row.phoneNumber)) {
				this.m.state.duplicatePhoneImports += 1;
				if (this.m.options.dedupPhones) continue;
			}
			phones.add(row.phoneNumber);
			this.m.createTask(job, this.m.createCustomer(row.name, row.phoneNumber, row.properties, now), batchId, now);
			added += 1;
		}
		if (added > 0 && job.status === 'COMPLETED') job.status = 'RUNNABLE'; // [inferred]
		return added;
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
		if (this.m.state.importBatches[batchId]) {
			return { data: { batchId, importedCount: 0, duplicate: true }, msg: 'batch already imported' };
		}
		const importedCount = this.addCustomers(job, rows, batchId);
		this.m.state.importBatches[batchId] = { robotCallJobId: job.robotCallJobId, importedCount, at: this.m.now() };
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
			const p = this.m.state.customers.find((c) => c.customerPersonId === id);
			if (!p) throw notFound(`customerPersonId ${id}: customer does not exist`);
			return p;
		});
		if (job.status === 'TERMINATE') throw badParam(`job ${job.robotCallJobId} is TERMINATE; customers cannot be added`);
		const now = this.m.now();
		let added = 0;
		for (const person of persons) {
			const pending = this.m.state.tasks.some(
				(t) => t.robotCallJobId === job.robotCallJobId && t.customerPersonId === person.customerPersonId && PENDING_TASK.includes(t.status),
			);
			if (pending) continue;
			this.m.createTask(job, person, null, now);
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
		const tasks = this.m.state.tasks
			.filter((t) => t.robotCallJobId === job.robotCallJobId)
			.filter((t) => (status ? t.status === status : t.status !== 'COMPLETED'))
			.filter((t) => !phone || t.calledPhoneNumber.includes(phone))
			.map((t) => ({
				robotCallTaskId: t.robotCallTaskId,
				customerPersonId: t.customerPersonId,
				customerPersonName: t.customerPersonName,
				calledPhoneNumber: this.m.options.maskPhones ? maskPhone(t.calledPhoneNumber) : t.calledPhoneNumber,
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
		const task = this.m.state.tasks.find((t) => t.robotCallTaskId === id);
		if (!task) throw notFound(`robotCallTaskId ${id}: task does not exist`);
		if (task.status === 'COMPLETED') throw badParam(`robotCallTaskId ${id} has already been called; only to-be-called customers can be deleted`);
		this.m.state.tasks = this.m.state.tasks.filter((t) => t !== task);
		return { data: null, msg: 'deleted' };
	}

	private deleteTaskList(query: URLSearchParams) {
		const job = this.requireJob(queryValue(query, 'robotCallJobId'));
		const idList = queryList(query, 'robotCallTaskIds').map((v, i) => reqInt(v, `robotCallTaskIds[${i}]`));
		const phone = queryValue(query, 'calledPhoneNumber');
		const status = enumField(queryValue(query, 'taskStatus'), 'taskStatus', TASK_STATUSES);
		const ids = new Set(idList);
		const doomed = this.m.state.tasks.filter((t) => {
			if (t.robotCallJobId !== job.robotCallJobId || t.status === 'COMPLETED') return false;
			if (ids.size > 0) return ids.has(t.robotCallTaskId); // other filters ignored (seed 003)
			if (phone && !t.calledPhoneNumber.includes(phone)) return false;
			if (status && t.status !== status) return false;
			return true;
		});
		const set = new Set(doomed);
		this.m.state.tasks = this.m.state.tasks.filter((t) => !set.has(t));
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
		let records = this.m.state.callRecords.filter((r) => r.robotCallJobId === job.robotCallJobId);
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
		const order = this.m.callRecordOrder;
		if (order === 'createdDesc') records.sort((a, b) => b.callRecordId - a.callRecordId);
		else if (order === 'oldestFirst') records.sort((a, b) => byTimeDesc(b, a));
		else records.sort(byTimeDesc);
		// copy only the page served (copying every record made large lists quadratic)
		const served = page(records, pageNum, pageSize);
		return { data: { ...served, content: served.content.map((r) => this.listRecord(r)) }, msg: 'OK' };
	}

	private listRecord(r: CallRecord) {
		const copy = JSON.parse(JSON.stringify(r)) as CallRecord;
		if (this.m.options.maskPhones) copy.calledPhoneNumber = maskPhone(copy.calledPhoneNumber);
		return this.m.signedAudio(copy);
	}

	private callDetail(query: URLSearchParams) {
		const id = reqInt(queryValue(query, 'callRecordId'), 'callRecordId');
		const r = this.m.state.callRecords.find((c) => c.callRecordId === id);
		if (!r) throw notFound(`callRecordId ${id}: call record does not exist`);
		const person = this.m.state.customers.find((c) => c.customerPersonId === r.customerPersonId);
		const latest = this.m.state.callRecords
			.filter((c) => c.customerPersonId === r.customerPersonId)
			.sort((a, b) => b.callRecordId - a.callRecordId)[0];
		return {
			msg: 'OK',
			data: {
				callRecordId: r.callRecordId,
				customerAudioUrl: this.m.recordings?.url(r.customerAudioUrl) ?? null,
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
				fullAudioUrl: this.m.recordings?.url(r.fullAudioUrl) ?? null,
				analysisBasis: r.analysisBasis,
				callDetailList: r.callDetailList.map((d) => ({ ...d })),
				robotCallJobId: r.robotCallJobId,
				redialTimes: r.redialTimes,
			},
		};
	}
}
