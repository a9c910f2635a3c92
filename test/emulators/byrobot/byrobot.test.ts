import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { byrobotSign, startByrobotSimulator } from '.';
import type { ByrobotSimulator } from '.';

/** an independent signer (does not reuse the emulator's code) */
function sign(appKey: string, appSecret: string, datetime: string): string {
	return crypto.createHmac('sha1', Buffer.from(appSecret, 'utf8')).update(Buffer.from(`${appKey}\n${datetime}`, 'utf8')).digest('base64');
}

interface Envelope {
	code: number;
	data: any;
	resultMsg: string;
	errorStackTrace: unknown;
	requestId?: unknown;
}

interface CallOpts {
	datetime?: string;
	sign?: string;
	appkey?: string;
	omit?: Array<'appkey' | 'datetime' | 'sign'>;
	contentType?: string;
	method?: string;
	clock?: () => number;
}

function client(sim: ByrobotSimulator) {
	const { appKey, appSecret } = sim.credentials;
	return async (method: string, path: string, bodyOrQuery?: Record<string, unknown>, o: CallOpts = {}): Promise<{ status: number; json: Envelope }> => {
		const datetime = o.datetime ?? new Date(o.clock ? o.clock() : Date.now()).toUTCString();
		const headers: Record<string, string> = {
			appkey: o.appkey ?? appKey,
			datetime,
			sign: o.sign ?? sign(appKey, appSecret, datetime),
		};
		for (const h of o.omit ?? []) delete headers[h];
		let url = `${sim.url}${path}`;
		let body: string | undefined;
		if (method === 'GET') {
			if (bodyOrQuery) url += `?${new URLSearchParams(Object.entries(bodyOrQuery).map(([k, v]) => [k, String(v)]) as [string, string][])}`;
		} else {
			headers['content-type'] = o.contentType ?? 'application/json';
			body = JSON.stringify(bodyOrQuery ?? {});
		}
		const res = await fetch(url, { method: o.method ?? method, headers, body });
		const text = await res.text();
		return { status: res.status, json: JSON.parse(text) as Envelope };
	};
}

const V1 = '/openapi/v1';

const goodTask = (over: Record<string, unknown> = {}) => ({
	companyId: 1001,
	taskName: '测试任务',
	taskType: 2,
	workingStartTime: '09:00',
	workingEndTime: '20:00',
	breakStartTime: '12:00',
	breakEndTime: '13:00',
	userPhoneIds: [201, 202],
	callType: 1,
	concurrencyQuota: 2,
	robotDefId: 301,
	sceneDefId: 401,
	sceneRecordId: 501,
	remark: 'r',
	...over,
});

describe('Byrobot emulator', () => {
	let sim: ByrobotSimulator;
	let api: ReturnType<typeof client>;

	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [20, 20, 20, 20, 20] });
		api = client(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
		sim.server.clearLog();
	});

	async function createTask(over: Record<string, unknown> = {}): Promise<number> {
		const r = await api('POST', `${V1}/task/createTask`, goodTask(over));
		expect(r.json.resultMsg).toBe('操作成功');
		expect(r.json.code).toBe(200);
		expect(typeof r.json.data).toBe('number');
		return r.json.data as number;
	}

	describe('authentication', () => {
		it('reproduces the worked signature example', () => {
			const dt = 'Thu, 13 Dec 2018 01:27:17 GMT';
			expect(byrobotSign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', dt)).toBe('TY9w/1yinyN8oYCfSrYjVMvcDiA=');
			expect(sign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', dt)).toBe('TY9w/1yinyN8oYCfSrYjVMvcDiA=');
		});

		it('accepts a correctly signed request and lists only the companies of the key', async () => {
			const r = await api('GET', `${V1}/company/getCompanys`);
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(200);
			expect(r.json.data.map((c: { companyId: number }) => c.companyId)).toEqual([1001, 1002]);
			expect(Object.keys(r.json)).toEqual(['code', 'data', 'resultMsg', 'errorStackTrace', 'requestId']);
			expect(sim.credentials.companyId).toBe(1001);
			expect(sim.credentials.baseUrl).toBe(sim.url);
		});

		it('answers HTTP 200 with code 401 for a bad or missing signature or key', async () => {
			for (const o of [{ sign: 'AAAA' }, { omit: ['sign'] as const }, { appkey: 'other' }, { omit: ['appkey'] as const }]) {
				const r = await api('GET', `${V1}/company/getCompanys`, undefined, o as CallOpts);
				expect(r.status).toBe(200);
				expect(r.json.code).toBe(401);
				expect(r.json.data).toBeNull();
			}
			// signed with the wrong secret
			const dt = new Date().toUTCString();
			const r = await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: dt, sign: sign(sim.credentials.appKey, 'wrong', dt) });
			expect(r.json.code).toBe(401);
		});

		it('answers 408 for a datetime more than 3 minutes off or not RFC 1123', async () => {
			const old = new Date(Date.now() - 4 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: old })).json.code).toBe(408);
			const future = new Date(Date.now() + 4 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: future })).json.code).toBe(408);
			const iso = new Date().toISOString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: iso })).json.code).toBe(408);
			const fine = new Date(Date.now() - 2 * 60_000).toUTCString();
			expect((await api('GET', `${V1}/company/getCompanys`, undefined, { datetime: fine })).json.code).toBe(200);
		});

		it('uses the server clock (controllable) for the skew check', async () => {
			const clock = { t: Date.UTC(2030, 0, 2, 3, 4, 5) };
			const s2 = await startByrobotSimulator({ now: () => clock.t, callsPerSecond: 0 });
			try {
				const c2 = client(s2);
				expect((await c2('GET', `${V1}/company/getCompanys`)).json.code).toBe(408);
				expect((await c2('GET', `${V1}/company/getCompanys`, undefined, { clock: () => clock.t })).json.code).toBe(200);
			} finally {
				await s2.close();
			}
		});
	});

	describe('HTTP shape', () => {
		it('rejects the wrong method, unknown paths and non-JSON POST bodies like Spring would', async () => {
			expect((await api('GET', `${V1}/task/createTask`)).status).toBe(405);
			expect((await api('GET', `${V1}/task/nope`)).status).toBe(404);
			const r = await api('POST', `${V1}/task/start`, { taskId: 1 }, { contentType: 'text/plain' });
			expect(r.status).toBe(415);
		});
	});

	describe('lookups and ownership', () => {
		it('lists phones, robots and scene variables with the documented field names', async () => {
			const phones = await api('GET', `${V1}/company/getPhones`, { companyId: 1001 });
			expect(phones.json.code).toBe(200);
			expect(phones.json.data[0]).toEqual(expect.objectContaining({ userPhoneId: 201, phone: expect.any(String), phoneName: expect.any(String), phoneType: 1 }));
			expect(phones.json.data.map((p: { phoneType: number }) => p.phoneType).sort()).toEqual([0, 1, 1, 1, 2]);
			const robots = await api('GET', `${V1}/company/getRobots`, { companyId: 1001, robotStatus: 1 });
			expect(robots.json.data.map((r: { robotDefId: number }) => r.robotDefId)).toEqual([301, 302]);
			expect(robots.json.data[0]).toEqual(
				expect.objectContaining({ robotDefId: 301, robotName: '房产电销', sceneDefId: 401, sceneRecords: [{ sceneRecordId: 501, sceneRecordName: '女声-小美' }, { sceneRecordId: 502, sceneRecordName: '男声-张飞' }] }),
			);
			const vars = await api('GET', `${V1}/task/getSceneVariables`, { companyId: 1001, sceneDefId: 402 });
			expect(vars.json.data).toEqual(['客户姓名', '金额']);
			expect((await api('GET', `${V1}/task/getSceneVariables`, { companyId: 1001, sceneDefId: 411 })).json.code).toBe(404);
		});

		it('answers 403 for a company the key does not own and 404 for unknown ones', async () => {
			expect((await api('GET', `${V1}/company/getPhones`, { companyId: 1099 })).json.code).toBe(403);
			expect((await api('GET', `${V1}/company/getPhones`, { companyId: 4242 })).json.code).toBe(404);
			expect((await api('POST', `${V1}/task/start`, { taskId: 6000 })).json.code).toBe(403);
			expect((await api('POST', `${V1}/task/start`, { taskId: 123456 })).json.code).toBe(404);
			expect((await api('POST', `${V1}/task/createTask`, goodTask({ companyId: 1099 }))).json.code).toBe(403);
			const r = await api('GET', `${V1}/company/getPhones`, {});
			expect(r.json.code).toBe(412);
			expect(r.json.resultMsg).toContain('companyId');
		});
	});

	describe('createTask / update rules', () => {
		const cases: Array<[string, Record<string, unknown>, string]> = [
			['missing taskName', { taskName: undefined }, 'taskName'],
			['bad taskType', { taskType: 3 }, 'taskType'],
			['scheduled task without startDate', { taskType: 1 }, 'startDate'],
			['malformed startDate', { taskType: 1, startDate: '2030/01/01' }, 'startDate'],
			['working start before 09:00', { workingStartTime: '08:00' }, 'workingStartTime'],
			['working end after 20:00', { workingEndTime: '22:00' }, 'workingEndTime'],
			['working start after end', { workingStartTime: '15:00', workingEndTime: '10:00' }, 'workingStartTime'],
			['malformed clock', { workingStartTime: '9am' }, 'workingStartTime'],
			['break outside working window', { workingStartTime: '13:00', breakStartTime: '12:00', breakEndTime: '14:00' }, 'breakStartTime'],
			['break end missing', { breakEndTime: undefined }, 'breakEndTime'],
			['concurrencyQuota 0', { concurrencyQuota: 0 }, 'concurrencyQuota'],
			['concurrencyQuota over seats', { concurrencyQuota: 21 }, 'concurrencyQuota'],
			['callType 3', { callType: 3 }, 'callType'],
			['phone of another company', { userPhoneIds: [211] }, 'userPhoneIds'],
			['unavailable phone', { userPhoneIds: [205] }, 'userPhoneIds'],
			['empty userPhoneIds', { userPhoneIds: [] }, 'userPhoneIds'],
			['userPhoneIds as a string', { userPhoneIds: '201,202' }, 'userPhoneIds'],
			['callType not matching the phone type', { callType: 0 }, 'callType'],
			['robot of another company', { robotDefId: 311 }, 'robotDefId'],
			['robot offline', { robotDefId: 303, sceneDefId: 403, sceneRecordId: 504 }, 'robotDefId'],
			['scene of another robot', { sceneDefId: 402 }, 'sceneDefId'],
			['recording of another scene', { sceneRecordId: 503 }, 'sceneRecordId'],
			['missing sceneRecordId', { sceneRecordId: undefined }, 'sceneRecordId'],
			['repeatCall without rules', { repeatCall: true }, 'repeatCallRule'],
			['repeat rule with bad status', { repeatCall: true, repeatCallRule: [{ phoneStatus: 0, times: 1, interval: 5 }] }, 'phoneStatus'],
		];
		it.each(cases)('412 for %s', async (_name, over, field) => {
			const r = await api('POST', `${V1}/task/createTask`, goodTask(over));
			expect(r.status).toBe(200);
			expect(r.json.code).toBe(412);
			expect(r.json.resultMsg).toContain(field);
			expect(sim.state.tasks.filter((t) => t.companyId === 1001)).toHaveLength(0);
		});

		it('creates a scheduled task with startDate and stores the seed field names', async () => {
			const id = await createTask({ taskType: 1, startDate: '2030-01-02', callType: 0, userPhoneIds: [203], repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
			const d = await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id });
			expect(d.json.code).toBe(200);
			expect(d.json.data).toEqual(
				expect.objectContaining({
					callJobId: id, jobName: '测试任务', jobType: 1, startDate: '2030-01-02', workingStartTime: '09:00:00', workingEndTime: '20:00:00',
					breakStartTime: '12:00:00', breakEndTime: '13:00:00', status: 0, sceneDefId: 401, totalCount: 0, robotDefName: '房产电销', sceneRecordName: '女声-小美',
				}),
			);
			expect(d.json.data.callPhones[0]).toEqual(expect.objectContaining({ userPhoneId: 203, callJobId: id, phone: '13800000003' }));
			// the task is not found under the other company
			expect((await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1002, taskId: id })).json.code).toBe(404);
		});

		it('update requires all seven fields and takes userPhoneIds as a comma-separated string', async () => {
			const id = await createTask();
			const full = { companyId: 1001, taskId: id, taskName: '改名', taskType: 2, userPhoneIds: '201,202', callType: 1, concurrencyQuota: 3 };
			for (const f of Object.keys(full)) {
				const body: Record<string, unknown> = { ...full };
				delete body[f];
				const r = await api('POST', `${V1}/task/update`, body);
				expect(r.json.code).toBe(412);
				expect(r.json.resultMsg).toContain(f);
			}
			const arr = await api('POST', `${V1}/task/update`, { ...full, userPhoneIds: [201, 202] });
			expect(arr.json.code).toBe(412);
			expect(arr.json.resultMsg).toContain('userPhoneIds');
			const ok = await api('POST', `${V1}/task/update`, full);
			expect(ok.json).toEqual(expect.objectContaining({ code: 200, data: null, resultMsg: '修改成功' }));
			const t = sim.state.tasks.find((x) => x.callJobId === id)!;
			expect(t.jobName).toBe('改名');
			expect(t.concurrencyQuota).toBe(3);
			expect(t.breakStartTime).toBe('12:00:00');
			const single = await api('POST', `${V1}/task/update`, { ...full, userPhoneIds: 202 });
			expect(single.json.code).toBe(200);
			expect(sim.state.tasks.find((x) => x.callJobId === id)!.userPhoneIds).toEqual([202]);
		});
	});

	describe('import', () => {
		it('de-duplicates phones inside a task (v2 counts, v1 returns null)', async () => {
			const id = await createTask();
			const r1 = await api('POST', '/openapi/v2/task/importTaskCustomer', {
				companyId: 1001,
				taskId: id,
				customerInfoList: [
					{ name: '甲', phone: '13900000001' },
					{ name: '乙', phone: '13900000002', properties: { k: 'v' } },
					{ name: '甲again', phone: '13900000001' },
				],
			});
			expect(r1.json.code).toBe(200);
			expect(r1.json.data).toEqual(expect.objectContaining({ successNum: 2, repeatNum: 1, placeFailNum: 0 }));
			const r2 = await api('POST', `${V1}/task/importTaskCustomer`, {
				companyId: 1001,
				taskId: id,
				customerInfoList: [{ name: '甲', phone: '13900000001' }, { name: '丙', phone: '13900000003' }],
			});
			expect(r2.json).toEqual(expect.objectContaining({ code: 200, data: null }));
			expect(sim.state.calls.filter((c) => c.callJobId === id).map((c) => c.customerTelephone)).toEqual(['13900000001', '13900000002', '13900000003']);
			const nd = await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id, pageNum: 1, pageSize: 2 });
			expect(nd.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 2, total: 3, pages: 2 }));
			expect(nd.json.data.list[0]).toEqual(expect.objectContaining({ customerName: '甲', customerTelephone: '13900000001', status: 0, calledTimes: 0, corpName: '杭州模拟科技有限公司' }));
			expect((await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id, pageSize: 51 })).json.code).toBe(412);
		});

		it('requires phone and name per customer, enforces the per-request maximum and script variables', async () => {
			const id = await createTask();
			const noPhone = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13900000001' }, { name: 'b' }] });
			expect(noPhone.json.code).toBe(412);
			expect(noPhone.json.resultMsg).toContain('customerInfoList[1].phone');
			expect(sim.state.calls).toHaveLength(0);
			const empty = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: id, customerInfoList: [] });
			expect(empty.json.resultMsg).toContain('customerInfoList');
			const small = await startByrobotSimulator({ importMax: 2, callsPerSecond: 0 });
			try {
				const c = client(small);
				const t = await c('POST', `${V1}/task/createTask`, goodTask());
				const big = await c('POST', `${V1}/task/importTaskCustomer`, {
					companyId: 1001, taskId: t.json.data, customerInfoList: [1, 2, 3].map((i) => ({ name: `n${i}`, phone: `1390000000${i}` })),
				});
				expect(big.json.code).toBe(412);
				expect(big.json.resultMsg).toContain('customerInfoList');
			} finally {
				await small.close();
			}
			// robot 302 uses variables 客户姓名 / 金额
			const vid = await createTask({ robotDefId: 302, sceneDefId: 402, sceneRecordId: 503 });
			const list = [
				{ name: 'ok', phone: '13900000011', properties: { 客户姓名: '张三', 金额: '100' } },
				{ name: 'bad', phone: '13900000012', properties: { 客户姓名: '李四' } },
			];
			const v1 = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: vid, customerInfoList: list });
			expect(v1.json.code).toBe(412);
			expect(v1.json.resultMsg).toContain('金额');
			const v2 = await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: vid, customerInfoList: list });
			expect(v2.json.data).toEqual(expect.objectContaining({ successNum: 1, repeatNum: 0, placeFailNum: 1 }));
		});
	});

	describe('calls and the index cursor', () => {
		async function seedTask(n: number): Promise<number> {
			const id = await createTask();
			const r = await api('POST', '/openapi/v2/task/importTaskCustomer', {
				companyId: 1001,
				taskId: id,
				customerInfoList: Array.from({ length: n }, (_, i) => ({ name: `客户${i}`, phone: `1380000${String(i).padStart(4, '0')}` })),
			});
			expect(r.json.data.successNum).toBe(n);
			return id;
		}

		it('create → start → complete → query returns only records newer than the cursor', async () => {
			const id = await seedTask(5);
			expect((await api('POST', `${V1}/task/start`, { taskId: id })).json).toEqual(expect.objectContaining({ code: 200, resultMsg: '启动成功' }));
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(1);
			const first = sim.completeCalls(id, 3);
			expect(first.map((c) => c.callIndex)).toEqual([0, 1, 2]);

			const q1 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1, pageNum: 1, pageSize: 50 });
			expect(q1.json.code).toBe(200);
			expect(q1.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 50, total: 3, pages: 1 }));
			const rows = q1.json.data.list as Array<Record<string, any>>;
			expect(rows.map((r) => r.callIndex)).toEqual([2, 1, 0]); // newest first, as the seed example
			for (const r of rows) {
				expect(r).toEqual(
					expect.objectContaining({ callInstanceId: expect.any(Number), callJobId: id, customerTelephone: expect.any(String), customerName: expect.any(String), status: 2, finishStatus: expect.any(Number), chatRound: expect.any(Number), startTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) }),
				);
				expect(r.duration).toMatch(/^\d+秒$/);
				const intent = r.resultList.find((x: { name: string }) => x.name === '客户意向等级');
				expect(intent.value).toMatch(/^[A-F]级/);
			}
			// index 0 would lose the first record: the cursor starts at -1
			const q0 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: 0 });
			expect(q0.json.data.total).toBe(2);

			const cursor = Math.max(...rows.map((r) => r.callIndex));
			sim.completeCalls(id, 2);
			const q2 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: cursor, pageSize: 10 });
			expect(q2.json.data.list.map((r: { callIndex: number }) => r.callIndex)).toEqual([4, 3]);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(2);

			// detail of one call
			const callId = q2.json.data.list[0].callInstanceId;
			const info = await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: callId });
			expect(info.json.code).toBe(200);
			expect(Object.keys(info.json.data).sort()).toEqual(['phoneLog', 'sceneInstance', 'taskResult']);
			expect(info.json.data.sceneInstance).toEqual(expect.objectContaining({ callInstanceId: callId, callJobId: id, companyId: 1001, status: 2, duration: expect.any(Number) }));
			expect(info.json.data.taskResult[0]).toEqual(expect.objectContaining({ sceneInstanceId: callId, resultName: '客户意向等级', resultValue: expect.stringMatching(/^[A-F]级/) }));
			expect((await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: 999 })).json.code).toBe(404);

			const detail = await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id });
			expect(detail.json.data).toEqual(expect.objectContaining({ status: 2, totalCount: 5, doneCount: 5 }));
		});

		it('gives answered calls a transcript with AI/ME speakers and a recording', async () => {
			const id = await createTask();
			const [call] = sim.addCallRecords(id, [{ finishStatus: 0, duration: 42, chatRound: 3, intent: 'B级(一般)' }]);
			const info = await api('GET', `${V1}/task/phoneLogInfo`, { callInstanceId: call.callInstanceId });
			const logs = info.json.data.phoneLog.phoneLogs as Array<{ speaker: string; content: string }>;
			expect(logs.length).toBeGreaterThan(1);
			expect(new Set(logs.map((l) => l.speaker))).toEqual(new Set(['AI', 'ME']));
			expect(info.json.data.phoneLog.luyinOssUrl).toMatch(/^https:\/\//);
			expect(info.json.data.sceneInstance.duration).toBe(42);
			const q = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, resultQueryList: [{ name: '客户意向等级', value: 'B级(一般)' }] });
			expect(q.json.data.total).toBe(1);
			const none = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, resultQueryList: [{ name: '客户意向等级', value: 'A级(较强)' }] });
			expect(none.json.data.total).toBe(0);
		});

		it('validates the query ranges and page sizes', async () => {
			const id = await createTask();
			const bad: Array<[Record<string, unknown>, string]> = [
				[{ pageSize: 0 }, 'pageSize'],
				[{ pageSize: 51 }, 'pageSize'],
				[{ durationLeft: 10, durationRight: 5 }, 'durationLeft'],
				[{ chatRoundLeft: 4, chatRoundRight: 1 }, 'chatRoundLeft'],
				[{ finishStatus: 99 }, 'finishStatus'],
				[{ resultQueryList: { name: 'x' } }, 'resultQueryList'],
			];
			for (const [over, field] of bad) {
				const r = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, ...over });
				expect(r.json.code).toBe(412);
				expect(r.json.resultMsg).toContain(field);
			}
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, {})).json.resultMsg).toContain('callJobId');
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: 6000 })).json.code).toBe(403);
			sim.addCallRecords(id, [{ finishStatus: 0, duration: 30, chatRound: 5 }, { finishStatus: 8, duration: 0, chatRound: 0 }]);
			const f = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, durationLeft: 10, durationRight: 100, chatRoundLeft: 1, chatRoundRight: 9 });
			expect(f.json.data.total).toBe(1);
			expect((await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, finishStatus: 8 })).json.data.total).toBe(1);
		});

		it('progresses a started task lazily at callsPerSecond and completes it', async () => {
			const clock = { t: Date.now() };
			const s2 = await startByrobotSimulator({ now: () => clock.t, callsPerSecond: 2 });
			try {
				const c = client(s2);
				const o = { clock: () => clock.t };
				const id = (await c('POST', `${V1}/task/createTask`, goodTask(), o)).json.data as number;
				await c('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [1, 2, 3, 4, 5].map((i) => ({ name: `n${i}`, phone: `1370000000${i}` })) }, o);
				await c('POST', `${V1}/task/start`, { taskId: id }, o);
				clock.t += 1000;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(2);
				clock.t += 500;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(3);
				await c('POST', `${V1}/task/pause`, { taskId: id }, o);
				clock.t += 10_000;
				expect((await c('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id }, o)).json.data.total).toBe(3);
				await c('POST', `${V1}/task/start`, { taskId: id }, o);
				clock.t += 1000;
				const d = await c('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id }, o);
				expect(d.json.data).toEqual(expect.objectContaining({ status: 2, doneCount: 5 }));
			} finally {
				await s2.close();
			}
		});

		it('redials per repeatCallRule: same callInstanceId comes back with a newer callIndex', async () => {
			const id = await createTask({ repeatCall: true, repeatCallRule: [{ phoneStatus: 6, times: 1, interval: 5 }] });
			await api('POST', `${V1}/task/start`, { taskId: id });
			const [busy] = sim.addCallRecords(id, [{ finishStatus: 6 }]);
			expect(busy.status).toBe(3);
			expect(busy.secondaryCallTimes).toBe(1);
			const q1 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: -1 });
			expect(q1.json.data.list).toEqual([expect.objectContaining({ callInstanceId: busy.callInstanceId, status: 3, callIndex: 0, finishStatus: 6 })]);
			expect((await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id })).json.data.total).toBe(1);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(1);
			sim.completeCalls(id);
			const q2 = await api('POST', `${V1}/task/queryDoneTaskPhones`, { callJobId: id, index: 0 });
			expect(q2.json.data.list).toEqual([expect.objectContaining({ callInstanceId: busy.callInstanceId, status: 2, callIndex: 1, secondaryCallTimes: 1 })]);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(2);
		});

		it('moves task status through pause/stop/delete with conflicts rejected', async () => {
			const id = await createTask();
			expect((await api('POST', `${V1}/task/pause`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/start`, {})).json.resultMsg).toContain('taskId');
			await api('POST', `${V1}/task/start`, { taskId: id });
			expect((await api('POST', `${V1}/task/delete`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/pause`, { taskId: id })).json.code).toBe(200);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(4);
			expect((await api('POST', `${V1}/task/stop`, { taskId: id })).json.code).toBe(200);
			expect(sim.state.tasks.find((t) => t.callJobId === id)!.status).toBe(6);
			expect((await api('POST', `${V1}/task/start`, { taskId: id })).json.code).toBe(412);
			expect((await api('POST', `${V1}/task/delete`, { taskId: String(id) })).json).toEqual(expect.objectContaining({ code: 200, resultMsg: '删除成功' }));
			expect((await api('GET', `${V1}/task/getTaskDetail`, { companyId: 1001, taskId: id })).json.code).toBe(404);
		});
	});

	describe('dev endpoints', () => {
		it('completes calls and sets the callback url without signing (for out-of-process use)', async () => {
			const id = await createTask();
			await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13500000001' }] });
			const r = await fetch(`${sim.url}/__byrobot/complete-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ taskId: id }) });
			const j = (await r.json()) as { records: Array<{ callIndex: number }> };
			expect(j.records.map((x) => x.callIndex)).toEqual([0]);
			const st = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { calls: unknown[] };
			expect(st.calls).toHaveLength(1);
		});
	});

	describe('getTasks paging', () => {
		it('pages newest first with total/pages and caps pageSize at 100', async () => {
			for (let i = 1; i <= 5; i++) {
				const r = await api('POST', `${V1}/task/createTask`, goodTask({ companyId: 1002, taskName: `分页${i}`, userPhoneIds: [211], robotDefId: 311, sceneDefId: 411, sceneRecordId: 511, concurrencyQuota: 1 }));
				expect(r.json.code).toBe(200);
			}
			await createTask({ taskName: 'other company' });
			const p1 = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageNum: 1, pageSize: 2 });
			expect(p1.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 2, total: 5, pages: 3, size: 2 }));
			expect(p1.json.data.list.map((t: { jobName: string }) => t.jobName)).toEqual(['分页5', '分页4']);
			expect(p1.json.data.list[0]).toEqual(expect.objectContaining({ callJobId: expect.any(Number), jobType: 2, status: 0, workingStartTime: '09:00:00', totalCount: null }));
			const p3 = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageNum: 3, pageSize: 2 });
			expect(p3.json.data.list.map((t: { jobName: string }) => t.jobName)).toEqual(['分页1']);
			const def = await api('GET', `${V1}/task/getTasks`, { companyId: 1002 });
			expect(def.json.data.pageSize).toBe(10);
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, taskName: '分页3' })).json.data.total).toBe(1);
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, status: 1 })).json.data.total).toBe(0);
			const big = await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageSize: 101 });
			expect(big.json.code).toBe(412);
			expect(big.json.resultMsg).toContain('pageSize');
			expect((await api('GET', `${V1}/task/getTasks`, { companyId: 1002, pageSize: 100 })).json.code).toBe(200);
		});
	});

	describe('single calls (legacy)', () => {
		it('reads `variables` (not `variable`) and records what was received', async () => {
			const base = { mobile: '13700000001', companyId: 1001, sceneId: 402, sceneRecordId: 503, robotDefId: 302 };
			const wrong = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, variable: { 客户姓名: '张三', 金额: '1' } });
			expect(wrong.json.code).toBe(412);
			expect(wrong.json.resultMsg).toContain('variables');
			const ok = await api('POST', `${V1}/task/singleCallByMobile`, { ...base, variables: { 客户姓名: '张三', 金额: '1' } });
			expect(ok.json.code).toBe(200);
			const call = sim.state.calls.find((c) => c.callInstanceId === ok.json.data)!;
			expect(call.received).toEqual(expect.objectContaining({ hadVariablesKey: true, hadVariableKey: false }));
			expect((await api('POST', `${V1}/task/singleCallByMobile`, { ...base, sceneId: 401, variables: {} })).json.resultMsg).toContain('sceneId');
			expect((await api('POST', `${V1}/task/call`, { ...base, customerId: 1, variables: { 客户姓名: 'a', 金额: '1' } })).json.code).toBe(404);
			const done = sim.completeCalls(null);
			expect(done.map((c) => c.callInstanceId)).toEqual([ok.json.data]);
		});
	});

	describe('callbacks', () => {
		let receiver: http.Server;
		let receiverUrl = '';
		const received: Array<{ contentType: string; body: string }> = [];
		let failFirst = 0;

		beforeAll(async () => {
			receiver = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					received.push({ contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
					if (failFirst > 0) {
						failFirst--;
						// alternate a server error and a 200 without "success": both must be retried
						if (failFirst % 2 === 0) res.writeHead(500).end('error');
						else res.writeHead(200).end('{"ok":true}');
						return;
					}
					res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
				});
			});
			await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		});
		afterAll(async () => {
			await new Promise<void>((r) => receiver.close(() => r()));
		});
		beforeEach(() => {
			received.length = 0;
			failFirst = 0;
		});

		it('posts CALL_INSTANCE_RESULT per finished call and JOB_INFO_RESULT on completion', async () => {
			sim.setCallbackUrl(receiverUrl);
			const id = await createTask();
			await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13600000001' }, { name: 'b', phone: '13600000002' }] });
			await api('POST', `${V1}/task/start`, { taskId: id });
			const calls = sim.completeCalls(id);
			await sim.flushCallbacks();
			expect(sim.callbackDeliveries.map((d) => d.dataType)).toEqual(['CALL_INSTANCE_RESULT', 'CALL_INSTANCE_RESULT', 'JOB_INFO_RESULT']);
			expect(sim.callbackDeliveries.every((d) => d.state === 'delivered' && d.attempts.length === 1)).toBe(true);
			expect(received).toHaveLength(3);
			const first = JSON.parse(received[0].body);
			expect(received[0].contentType).toMatch(/^application\/json/);
			expect(first).toEqual(expect.objectContaining({ code: 200, resultMsg: expect.any(String) }));
			expect(first.data.dataType).toBe('CALL_INSTANCE_RESULT');
			expect(first.data.data.sceneInstance).toEqual(expect.objectContaining({ callInstanceId: calls[0].callInstanceId, callJobId: id, callIndex: 0, secondaryCallTimes: 0 }));
			expect(Array.isArray(first.data.data.taskResult)).toBe(true);
			expect(Array.isArray(first.data.data.phoneLog.phoneLogs)).toBe(true);
			const job = JSON.parse(received[2].body);
			expect(job.data).toEqual({ dataType: 'JOB_INFO_RESULT', data: expect.objectContaining({ callJobId: id, status: 2, companyId: 1001 }) });
		});

		it('retries until the receiver answers 200 with body success', async () => {
			sim.setCallbackUrl(receiverUrl, { textPlain: true });
			failFirst = 3;
			const id = await createTask();
			sim.addCallRecords(id, [{ finishStatus: 0, intent: 'A级(较强)' }]);
			await sim.flushCallbacks();
			const d = sim.callbackDeliveries[0];
			expect(d.state).toBe('delivered');
			expect(d.attempts.map((a) => a.status)).toEqual([500, 200, 500, 200]);
			expect(d.attempts[3].body).toBe('success');
			expect(received).toHaveLength(4);
			expect(received.every((r) => r.contentType.startsWith('text/plain'))).toBe(true);
			expect(JSON.parse(received[3].body).data.data.taskResult[0].resultValue).toBe('A级(较强)');
		});

		it('gives up after the configured number of retries', async () => {
			sim.setCallbackUrl(receiverUrl);
			failFirst = 100;
			sim.sendCallback({ dataType: 'INBOUND_CALL_INSTANCE_RESULT', data: { sceneInstance: { inboundInstanceId: 1 } } });
			await sim.flushCallbacks({ skipDelays: true });
			const d = sim.callbackDeliveries[0];
			expect(d.state).toBe('failed');
			expect(d.attempts).toHaveLength(6); // 1 + 5 retries
			expect(JSON.parse(received[0].body)).toEqual({ code: 200, data: { dataType: 'INBOUND_CALL_INSTANCE_RESULT', data: { sceneInstance: { inboundInstanceId: 1 } } }, resultMsg: '成功', errorStackTrace: null });
		});

		it('sends a manual intent edit without sceneInstance', async () => {
			const id = await createTask();
			const [call] = sim.addCallRecords(id, [{ finishStatus: 0, intent: 'C级' }]);
			sim.setCallbackUrl(receiverUrl);
			sim.sendManualIntentEdit(call.callInstanceId, 'B');
			await sim.flushCallbacks();
			const body = JSON.parse(received[0].body);
			expect(body.data.dataType).toBe('CALL_INSTANCE_RESULT');
			expect(body.data.data.sceneInstance).toBeUndefined();
			expect(body.data.data.taskResult[0]).toEqual(expect.objectContaining({ sceneInstanceId: call.callInstanceId, resultName: '客户意向等级', resultValue: 'B' }));
		});
	});
});
