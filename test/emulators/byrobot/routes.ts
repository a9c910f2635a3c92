/**
 * The Byrobot API as the emulator answers it (seeds 001, 002): the signature check, the envelope,
 * one handler per endpoint, and the development endpoints under `/__byrobot/`.
 */
import { PARSE_ERROR, formatCst, requestId, type SimRequest, type SimResponse } from '../shared/http';
import { byrobotSign, parseRfc1123 } from './crypto';
import { ApiError, bad, clockMinutes, clockText, readBool, readClock, readDate, readInt, readString } from './fields';
import { BYROBOT_INTENT_NAME, type Body, type ByCompany, type ByRobot, type ByTask, type ByrobotModel, type CallInstance, type CallRecordInit } from './state';

interface Route {
	method: 'GET' | 'POST';
	handle: (req: SimRequest, body: Body) => unknown;
	msg?: string;
	/** notDialedCustomerList: the vendor demo also sends it as GET with query params */
	alsoGet?: boolean;
}

export class ByrobotRoutes {
	private readonly routes: Record<string, Route>;
	readonly appKey: string;
	readonly appSecret: string;
	private readonly importMax: number;
	private readonly requireSceneIds: boolean;
	private readonly maxSkewMs: number;
	private readonly workingWindow?: { earliest: number; latest: number };
	private readonly sceneKeys: { call: 'sceneId' | 'sceneDefId'; singleCallByMobile: 'sceneId' | 'sceneDefId' };
	private readonly mobileMustBeInteger: boolean;
	private readonly requireVariablesKey: boolean;

	constructor(private readonly m: ByrobotModel) {
		const options = m.options;
		this.appKey = options.appKey ?? 'simByAppKey';
		this.appSecret = options.appSecret ?? 'simByAppSecret';
		this.importMax = options.importMax ?? 10000;
		this.requireSceneIds = options.requireSceneIds ?? true;
		this.maxSkewMs = options.maxSkewMs ?? 3 * 60_000;
		const window = options.workingWindow;
		this.workingWindow = window ? { earliest: clockMinutes(window.earliest), latest: clockMinutes(window.latest) } : undefined;
		this.sceneKeys = options.singleCallSceneKeys ?? { call: 'sceneId', singleCallByMobile: 'sceneDefId' };
		this.mobileMustBeInteger = options.mobileMustBeInteger ?? true;
		this.requireVariablesKey = options.requireVariablesKey ?? true;
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

	private envelope(code: number, data: unknown, resultMsg: string): SimResponse {
		return { status: 200, body: { code, data, resultMsg, errorStackTrace: null, requestId: requestId() } };
	}

	handle(req: SimRequest): SimResponse {
		if (req.path.startsWith('/__byrobot/')) return this.devEndpoint(req);
		const route = this.routes[req.path];
		if (!route) {
			return { status: 404, body: { timestamp: this.m.now(), status: 404, error: 'Not Found', message: 'No message available', path: req.path } };
		}
		if (req.method !== route.method && !(route.alsoGet && req.method === 'GET')) {
			return {
				status: 405,
				body: { timestamp: this.m.now(), status: 405, error: 'Method Not Allowed', message: `Request method '${req.method}' not supported`, path: req.path },
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
					body: { timestamp: this.m.now(), status: 415, error: 'Unsupported Media Type', message: `Content type '${ct}' not supported`, path: req.path },
				};
			}
			if (req.json === PARSE_ERROR || req.json === undefined || typeof req.json !== 'object' || req.json === null || Array.isArray(req.json)) {
				return this.envelope(412, null, 'request body: must be a JSON object');
			}
			body = req.json as Body;
		}
		this.m.advance();
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
	 * `POST /__byrobot/callback-url {url?, jobUrl?, textPlain?, oldFormat?}`, `POST /__byrobot/send-callback {payload}`,
	 * `POST /__byrobot/reveal-calls` (store every pending analysis), `POST /__byrobot/inbound-call {…}`,
	 * `GET /__byrobot/callbacks`.
	 */
	private devEndpoint(req: SimRequest): SimResponse {
		const body = (req.json && req.json !== PARSE_ERROR && typeof req.json === 'object' ? req.json : {}) as Body;
		try {
			switch (`${req.method} ${req.path}`) {
				case 'POST /__byrobot/complete-calls': {
					const taskId = body.taskId === null ? null : readInt(body, 'taskId', { required: true })!;
					const n = readInt(body, 'n', { min: 0 });
					return { status: 200, body: { records: this.m.completeCalls(taskId, n) } };
				}
				case 'POST /__byrobot/add-call-records': {
					const taskId = readInt(body, 'taskId', { required: true })!;
					const records = Array.isArray(body.records) ? (body.records as CallRecordInit[]) : [{}];
					return { status: 200, body: { records: this.m.addCallRecords(taskId, records) } };
				}
				case 'POST /__byrobot/task-status':
					this.m.setTaskStatus(readInt(body, 'taskId', { required: true })!, readInt(body, 'status', { required: true, min: 0, max: 10 })!);
					return { status: 200, body: { ok: true } };
				case 'POST /__byrobot/callback-url':
					this.m.callbacks.setCallbackUrl(typeof body.url === 'string' && body.url ? body.url : undefined, {
						jobUrl: typeof body.jobUrl === 'string' && body.jobUrl ? body.jobUrl : undefined,
						textPlain: body.textPlain === true,
						oldFormat: body.oldFormat === true,
					});
					return { status: 200, body: { ok: true } };
				case 'POST /__byrobot/reveal-calls':
					return { status: 200, body: { records: this.m.revealCalls() } };
				case 'POST /__byrobot/inbound-call':
					return { status: 200, body: { delivery: this.m.sendInboundCall(body as Parameters<ByrobotModel['sendInboundCall']>[0]) ?? null } };
				case 'POST /__byrobot/send-callback':
					return { status: 200, body: { delivery: this.m.callbacks.sendCallback(body.payload) ?? null } };
				case 'GET /__byrobot/callbacks':
					return { status: 200, body: this.m.callbacks.deliveries };
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
		if (Math.abs(this.m.now() - at) > this.maxSkewMs) return this.envelope(408, null, 'request expired: datetime differs from server time by more than 3 minutes');
		if (sign !== byrobotSign(this.appKey, this.appSecret, datetime)) return this.envelope(401, null, 'sign check failed: signature mismatch');
		return undefined;
	}

	// -------------------------------------------------------------------------------------------
	// Lookups
	// -------------------------------------------------------------------------------------------

	/** owned company or 404/403 */
	private company(src: Body, field = 'companyId'): ByCompany {
		const id = readInt(src, field, { required: true })!;
		const company = this.m.st.companies.find((c) => c.companyId === id);
		if (!company) throw new ApiError(404, `${field}: company ${id} not found`);
		if (!company.owned) throw new ApiError(403, `${field}: no permission for company ${id}`);
		return company;
	}

	private getCompanys() {
		return this.m.st.companies.filter((c) => c.owned).map((c) => ({ companyName: c.companyName, companyId: c.companyId }));
	}

	private getPhones(req: SimRequest) {
		const company = this.company(Object.fromEntries(req.query));
		return this.m.st.phones
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
		return this.m.st.tasks.filter((t) => !t.deleted && t.status === 1 && t.userPhoneIds.includes(userPhoneId)).reduce((s, t) => s + t.concurrencyQuota, 0);
	}

	private getRobots(req: SimRequest) {
		const q = Object.fromEntries(req.query);
		const company = this.company(q);
		// company.md: 0 all, 1 online, 2 published (online or changed after going online; treated as online here)
		const robotStatus = readInt(q, 'robotStatus', { allowed: [0, 1, 2] }) ?? 0;
		return this.m.st.robots
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
		const robot = this.m.st.robots.find((r) => r.companyId === company.companyId && r.sceneDefId === sceneDefId);
		if (!robot) throw new ApiError(404, `sceneDefId: scene ${sceneDefId} not found in company ${company.companyId}`);
		return [...robot.variables];
	}

	/** a live task the key may operate; companyId (when given) must be its company */
	task(src: Body, field = 'taskId', company?: ByCompany): ByTask {
		const id = readInt(src, field, { required: true })!;
		const task = this.m.findTask(id);
		if (!task) throw new ApiError(404, `${field}: task ${id} not found`);
		const owner = this.m.st.companies.find((c) => c.companyId === task.companyId);
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
		// seed 001 marks startDate 是; accepted without it for a manual task as the newer docs allow (the node always sends it)
		const startDate = readDate(b, 'startDate', jobType === 1 && !prev?.startDate) ?? prev?.startDate ?? null;
		const ws = readClock(b, 'workingStartTime') ?? (prev ? clockMinutes(prev.workingStartTime) : 9 * 60);
		const we = readClock(b, 'workingEndTime') ?? (prev ? clockMinutes(prev.workingEndTime) : 20 * 60);
		const limits = this.workingWindow;
		if (limits) {
			const range = `${clockText(limits.earliest)}-${clockText(limits.latest)}`;
			if (ws < limits.earliest || ws > limits.latest) throw bad('workingStartTime', `must be within ${range}`);
			if (we < limits.earliest || we > limits.latest) throw bad('workingEndTime', `must be within ${range}`);
		}
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
			const phone = this.m.st.phones.find((p) => p.userPhoneId === id);
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
		const robot = this.m.st.robots.find((r) => r.robotDefId === robotDefId && r.companyId === company.companyId);
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
		const now = this.m.now();
		const task: ByTask = {
			callJobId: this.m.ids.task++,
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
			jobPhoneIds: Object.fromEntries(userPhoneIds.map((id) => [id, this.m.ids.jobPhone++])),
		};
		this.m.st.tasks.push(task);
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
		Object.assign(task, setup, { jobName, userPhoneIds, lastRequest: { ...b }, gmtModified: formatCst(this.m.now()) });
		for (const id of userPhoneIds) task.jobPhoneIds[id] ??= this.m.ids.jobPhone++;
		return null;
	}

	private changeStatus(b: Body, op: 'start' | 'pause' | 'stop'): null {
		const task = this.task(b);
		const s = task.status;
		if (op === 'start') {
			if (s === 1) return null;
			if (s === 2 || s === 6) throw bad('taskId', `task ${task.callJobId} is ${s === 2 ? 'completed' : 'terminated'} and cannot be started`);
			if (s === 8 || s === 9 || s === 10) throw new ApiError(500, `task ${task.callJobId} cannot be started (status ${s}: account problem)`);
			task.progressAnchor = this.m.now();
			this.m.setStatus(task, 1);
		} else if (op === 'pause') {
			if (s === 4) return null;
			if (s !== 1 && s !== 3 && s !== 7) throw bad('taskId', `task ${task.callJobId} is not running (status ${s}) and cannot be paused`);
			this.m.setStatus(task, 4);
		} else {
			if (s === 6) return null;
			if (s === 2) throw bad('taskId', `task ${task.callJobId} is already completed`);
			this.m.setStatus(task, 6);
		}
		return null;
	}

	private deleteTask(b: Body): null {
		const task = this.task(b);
		if (task.status === 1) throw bad('taskId', `task ${task.callJobId} is running; pause or stop it before deleting`);
		task.deleted = true;
		return null;
	}

	page<T>(items: T[], pageNum: number, pageSize: number) {
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
		const tasks = this.m.st.tasks
			.filter((t) => !t.deleted && t.companyId === company.companyId)
			.filter((t) => !taskName || t.jobName.includes(taskName))
			.filter((t) => !createDate || t.gmtCreate.startsWith(createDate))
			.filter((t) => status === undefined || t.status === status)
			.sort((a, b) => b.callJobId - a.callJobId);
		return this.page(tasks.map((t) => this.m.taskSummary(t)), pageNum, pageSize);
	}

	private getTaskDetail(req: SimRequest) {
		const q: Body = Object.fromEntries(req.query);
		const company = this.company(q);
		const task = this.task(q, 'taskId', company);
		const robot = this.m.st.robots.find((r) => r.robotDefId === task.robotDefId)!;
		const c = this.m.counts(task);
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
			...this.m.taskSummary(task),
			...counters,
			robotDefName: robot.robotName,
			sceneDefName: robot.sceneDefName,
			sceneRecordName: robot.sceneRecords.find((s) => s.sceneRecordId === task.sceneRecordId)?.sceneRecordName ?? null,
			durationStat: bucket(answered, (x) => (x.duration < 10 ? '<10s' : x.duration < 60 ? '10-59s' : '>=60s')),
			chatRoundStat: bucket(answered, (x) => (x.chatRound < 10 ? '0-9次' : '>=10次')),
			resultDefs: [{ name: BYROBOT_INTENT_NAME, values: ['A级', 'B级', 'C级', 'D级', 'E级', 'F级'] }],
			callPhones: this.m.callPhones(task),
			extraStat: { [BYROBOT_INTENT_NAME]: bucket(intents, (v) => /\(([^)]*)\)|（([^）]*)）/.exec(v)?.slice(1).find(Boolean) ?? v) },
		};
	}

	private importCustomers(b: Body, version: 1 | 2) {
		const company = this.company(b);
		const task = this.task(b, 'taskId', company);
		if (task.status === 2 || task.status === 6) throw bad('taskId', `task ${task.callJobId} is ${task.status === 2 ? 'completed' : 'terminated'}; customers cannot be imported`);
		const list = b.customerInfoList;
		if (!Array.isArray(list) || list.length === 0) throw bad('customerInfoList', 'must be a non-empty list');
		const max = version === 2 ? 10000 : this.importMax;
		if (list.length > max) throw bad('customerInfoList', `at most ${max} customers per request, got ${list.length}`);
		const robot = this.m.st.robots.find((r) => r.robotDefId === task.robotDefId)!;
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
		const known = new Set(this.m.st.calls.filter((c) => c.callJobId === task.callJobId).map((c) => c.customerTelephone));
		const dedup = this.m.options.dedupPhones ?? true;
		for (const p of parsed) {
			if (dedup && known.has(p.phone)) {
				repeatNum++;
				continue;
			}
			if (p.missing.length > 0) {
				placeFailNum++;
				continue;
			}
			known.add(p.phone);
			this.m.newCustomer(task, p.name, p.phone, p.properties);
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
		const company = this.m.st.companies.find((c) => c.companyId === task.companyId)!;
		const waiting = this.m.st.calls
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
			existing = this.m.st.calls.find((c) => c.customerId === customerId && c.companyId === company.companyId);
			if (!existing) throw new ApiError(404, `customerId: customer ${customerId} not found in company ${company.companyId}`);
		}
		const mobileRaw = b.mobile;
		if (mobileRaw === undefined || mobileRaw === null || String(mobileRaw).trim() === '') throw bad('mobile', 'is required');
		if (this.mobileMustBeInteger && !Number.isSafeInteger(mobileRaw)) throw bad('mobile', `must be an Integer (seed 001), got ${JSON.stringify(mobileRaw)}`);
		if (typeof mobileRaw !== 'string' && typeof mobileRaw !== 'number') throw bad('mobile', 'must be a phone number');
		const mobile = String(mobileRaw).trim();
		if (!/^\+?\d{3,20}$/.test(mobile)) throw bad('mobile', `is not a phone number: ${JSON.stringify(mobileRaw)}`);
		const robot = this.validateRobot(b, company, withCustomer ? this.sceneKeys.call : this.sceneKeys.singleCallByMobile);
		if (this.requireVariablesKey && !('variables' in b)) throw bad('variables', 'must be sent, {} when the script has none');
		const variables = b.variables;
		if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) throw bad('variables', 'must be a map of string to string');
		const vars = (variables ?? {}) as Body;
		for (const v of robot.variables) {
			if (vars[v] === undefined || vars[v] === null || vars[v] === '') throw bad(`variables.${v}`, 'is required by the script (note: the field is `variables`, not `variable`)');
		}
		const userName = readString(b, 'userName');
		const now = this.m.now();
		const phone = this.m.st.phones.find((p) => p.companyId === company.companyId && p.available);
		const call: CallInstance = {
			callInstanceId: this.m.ids.call++,
			companyId: company.companyId,
			callJobId: null,
			customerId: existing?.customerId ?? this.m.ids.customer++,
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
		this.m.st.calls.push(call);
		return call.callInstanceId;
	}

	private phoneLogInfo(req: SimRequest) {
		const q: Body = Object.fromEntries(req.query);
		const id = readInt(q, 'callInstanceId', { required: true })!;
		const call = this.m.st.calls.find((c) => c.callInstanceId === id);
		if (!call) throw new ApiError(404, `callInstanceId: call ${id} not found`);
		const owner = this.m.st.companies.find((c) => c.companyId === call.companyId);
		if (!owner?.owned) throw new ApiError(403, `callInstanceId: no permission for call ${id}`);
		const d = this.m.callDetail(call);
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
		const calls = this.m.st.calls
			.filter((c) => c.callJobId === task.callJobId && (c.status === 2 || c.status === 3) && c.callIndex !== null && c.callIndex > index)
			// a record is listed once its analysis is stored (ByrobotSimOptions.analysisDelayMs)
			.filter((c) => this.m.isListed(c))
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
			...(this.m.options.omitCallIndex ? {} : { callIndex: c.callIndex }),
			luyinOssUrl: this.m.audio(c.luyinOssUrl),
			secondaryCallTime: c.secondaryCallTime,
			secondaryCallTimes: c.secondaryCallTimes,
			gmtCreate: c.gmtCreate,
			gmtModified: c.gmtModified,
			jobName: c.jobName,
			resultList: c.results.map((r) => ({ name: r.name, value: r.value })),
		}));
		return this.page(list, pageNum, pageSize);
	}
}
