/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback. The emulator recomputes every signature, enforces the vendor's
 * rules, and its request log lets each test count exactly what was sent — and prove that
 * invalid input sent nothing at all.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IAuthenticateRuleResponseSuccessBody,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	INodePropertyOptions,
} from 'n8n-workflow';
import { ByrobotApi } from '../../credentials/ByrobotApi.credentials';
import { Byrobot } from '../../nodes/Byrobot/Byrobot.node';
import { allLogs, loadOptions, runNode, type RunNodeResult } from '../harness';
import { byrobotSign, startByrobotSimulator, type ByrobotSimulator, type CallRecordInit } from '../emulators/byrobot';

let sim: ByrobotSimulator;

beforeAll(async () => {
	sim = await startByrobotSimulator({ callsPerSecond: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.server.clearLog();
	sim.server.clearFaults();
});

const task = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });
const json = (r: RunNodeResult) => r.items.map((i) => i.json);
const bodies = (suffix: string) => sim.server.requests(suffix).map((r) => r.body as IDataObject);
const paths = () => sim.server.log.map((r) => `${r.method} ${r.path}`);

async function run(
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: { continueOnFail?: boolean; credentials?: IDataObject; target?: ByrobotSimulator } = {},
): Promise<RunNodeResult> {
	const target = options.target ?? sim;
	return runNode({
		nodeTypes: [new Byrobot()],
		credentialTypes: [new ByrobotApi()],
		credentials: { byrobotApi: { ...target.credentials, ...(options.credentials ?? {}) } },
		node: {
			type: 'byrobot',
			parameters,
			onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		},
		items,
	});
}

function ok(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return json(result);
}

/** a run that must fail validation before any request */
async function expectInvalid(parameters: INodeParameters, pattern: RegExp, items?: INodeExecutionData[], credentials?: IDataObject) {
	sim.server.clearLog();
	const result = await run(parameters, items, { credentials });
	expect(result.error).toBeInstanceOf(NodeOperationError);
	expect(result.error!.message).toMatch(/^Invalid parameter: /);
	expect(result.error!.message).toMatch(pattern);
	expect(sim.server.log).toHaveLength(0);
	return result;
}

const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'task',
	operation: 'create',
	taskName: '房产回访',
	robotDefId: '301',
	sceneDefId: '401',
	sceneRecordId: '501',
	userPhoneIds: ['201', '202'],
	...over,
});

/** creates a task through the node and clears the log */
async function makeTask(over: INodeParameters = {}): Promise<number> {
	const [out] = ok(await run(createParams(over)));
	sim.server.clearLog();
	return out.taskId as number;
}

function addRecords(taskId: number, records: CallRecordInit[]) {
	const calls = sim.addCallRecords(taskId, records);
	sim.server.clearLog();
	return calls;
}

// ---------------------------------------------------------------------------------------------
// Credential
// ---------------------------------------------------------------------------------------------

describe('credential', () => {
	const credential = new ByrobotApi();

	it('signs every request with appkey, datetime and sign (VENDORS.md §2), never the secret', async () => {
		const signed = await credential.authenticate(
			{ appKey: 'demoAppKey123456', appSecret: 'demoAppSecret0123456789abcdefgh', baseUrl: 'http://x' },
			{ url: '/openapi/v1/task/start', headers: { 'Content-Type': 'application/json' } },
		);
		const headers = signed.headers as Record<string, string>;
		expect(Object.keys(headers).sort()).toEqual(['Content-Type', 'appkey', 'datetime', 'sign']);
		expect(headers.datetime).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		expect(Math.abs(Date.parse(headers.datetime) - Date.now())).toBeLessThan(5000);
		expect(headers.sign).toBe(byrobotSign('demoAppKey123456', 'demoAppSecret0123456789abcdefgh', headers.datetime));
		expect(JSON.stringify(signed)).not.toContain('demoAppSecret0123456789abcdefgh');
	});

	it('is named byrobotApi, masks the keys and defaults to the public host', () => {
		expect(credential.name).toBe('byrobotApi');
		expect(credential.displayName).toBe('Byrobot (百应) API');
		const field = (name: string) => credential.properties.find((p) => p.name === name)!;
		expect(field('appKey').typeOptions).toEqual({ password: true });
		expect(field('appSecret').typeOptions).toEqual({ password: true });
		expect(field('baseUrl').default).toBe('http://api.byrobot.cn');
		expect(field('companyId').required).toBeFalsy();
	});

	/** what n8n's credential tester does with `test`: send it signed, then apply the body rules */
	async function credentialTest(data: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const { request, rules = [] } = credential.test;
		expect(request.baseURL).toBe('={{$credentials.baseUrl.replace(/\\/+$/, "")}}');
		const base = String(data.baseUrl).replace(/\/+$/, '');
		const options = await credential.authenticate(data as never, { url: request.url!, headers: {} });
		const response = await fetch(`${base}${request.url}`, {
			method: request.method,
			headers: options.headers as Record<string, string>,
		});
		const body = (await response.json()) as IDataObject;
		if (response.status < 200 || response.status > 299) return { status: 'Error', message: `HTTP ${response.status}` };
		for (const rule of rules as IAuthenticateRuleResponseSuccessBody[]) {
			if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	}

	it('test request: GET /openapi/v1/company/getCompanys passes with the right keys, fails on an error envelope', async () => {
		expect(await credentialTest({ ...sim.credentials, baseUrl: `${sim.url}/` })).toEqual({
			status: 'OK',
			message: 'Connection tested successfully',
		});
		expect(paths()).toEqual(['GET /openapi/v1/company/getCompanys']);
		const wrong = await credentialTest({ ...sim.credentials, appSecret: 'not-the-secret' });
		expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/code 401/) });
		sim.server.injectFault({
			path: '/company/getCompanys',
			response: { status: 200, body: { code: 408, data: null, resultMsg: 'expired', errorStackTrace: null } },
		});
		expect((await credentialTest(sim.credentials)).message).toMatch(/code 408.*clock/);
	});
});

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('create: sends the seed 001 body; the company comes from the credential default', async () => {
		const out = ok(
			await run(
				createParams({
					concurrencyQuota: 2,
					workingStartTime: '09:30',
					workingEndTime: '18:00',
					additionalFields: { breakStartTime: '12:00', breakEndTime: '13:30', remark: '测试', sendSms: true },
				}),
			),
		);
		expect(out).toEqual([{ taskId: 6001, taskName: '房产回访' }]);
		const [body] = bodies('/task/createTask');
		expect(body).toEqual({
			companyId: 1001,
			taskName: '房产回访',
			taskType: 2,
			startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			workingStartTime: '09:30',
			workingEndTime: '18:00',
			breakStartTime: '12:00',
			breakEndTime: '13:30',
			userPhoneIds: [201, 202],
			callType: 1,
			concurrencyQuota: 2,
			robotDefId: 301,
			sceneDefId: 401,
			sceneRecordId: 501,
			smsType: 1,
			remark: '测试',
		});
		const stored = sim.state.tasks.find((t) => t.callJobId === 6001)!;
		expect(stored).toMatchObject({ companyId: 1001, breakStartTime: '12:00:00', concurrencyQuota: 2 });
	});

	it('create: a scheduled task in another company (Company parameter wins over the default)', async () => {
		const out = ok(
			await run(
				createParams({
					companyId: '1002',
					taskType: 1,
					startDate: '2030-05-01T00:00:00',
					robotDefId: '311',
					sceneDefId: '411',
					sceneRecordId: '511',
					userPhoneIds: ['211'],
				}),
			),
		);
		expect(out[0].taskId).toBe(6001);
		expect(bodies('/task/createTask')[0]).toMatchObject({ companyId: 1002, taskType: 1, startDate: '2030-05-01', userPhoneIds: [211] });
		expect(sim.state.tasks.find((t) => t.callJobId === 6001)).toMatchObject({ companyId: 1002, jobType: 1, startDate: '2030-05-01' });
	});

	it('create: a vendor refusal (call type not matching the lines) surfaces as NodeApiError with code 412', async () => {
		const result = await run(createParams({ callType: 0 }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toMatch(/^Byrobot: callType/);
		expect((result.error as NodeApiError).description).toMatch(/vendor code 412/);
	});

	it('update: all seven fields, caller phones as the String "201,202" (seed 001)', async () => {
		const taskId = await makeTask();
		const out = ok(
			await run({
				resource: 'task',
				operation: 'update',
				taskId: task(taskId),
				taskName: '改名',
				taskType: 2,
				userPhoneIds: ['201', '202'],
				callType: 1,
				concurrencyQuota: 3,
			}),
		);
		expect(out).toEqual([{ success: true, taskId }]);
		expect(bodies('/task/update')).toEqual([
			{ companyId: 1001, taskId, taskName: '改名', taskType: 2, userPhoneIds: '201,202', callType: 1, concurrencyQuota: 3 },
		]);
		expect(sim.state.tasks.find((t) => t.callJobId === taskId)).toMatchObject({ jobName: '改名', concurrencyQuota: 3 });
	});

	it('start, pause, stop and delete send {taskId} and change the task', async () => {
		const a = await makeTask();
		const b = await makeTask({ taskName: 'second' });
		const op = async (operation: string, id: number) =>
			ok(await run({ resource: 'task', operation, taskId: task(id) }));
		expect(await op('start', a)).toEqual([{ success: true, taskId: a }]);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(1);
		await op('pause', a);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(4);
		await op('stop', a);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(6);
		expect(await op('delete', b)).toEqual([{ success: true, taskId: b }]);
		expect(sim.state.tasks.find((t) => t.callJobId === b)!.deleted).toBe(true);
		expect(sim.server.log.map((r) => [r.path, r.body])).toEqual([
			['/openapi/v1/task/start', { taskId: a }],
			['/openapi/v1/task/pause', { taskId: a }],
			['/openapi/v1/task/stop', { taskId: a }],
			['/openapi/v1/task/delete', { taskId: b }],
		]);
	});

	it('get: the detail with a readable status label next to the number', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [{ finishStatus: 0 }, { finishStatus: 8 }]);
		const [out] = ok(await run({ resource: 'task', operation: 'get', taskId: task(taskId) }));
		expect(out).toMatchObject({ callJobId: taskId, status: 0, statusLabel: 'not started', jobType: 2, jobTypeLabel: 'manual', totalCount: 2, doneCount: 2 });
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', taskId: String(taskId) });
	});

	it('get many: filters name / creation date / status, Return All pages through, Limit stops early', async () => {
		for (const name of ['回访A', '回访B', '回访C', '其他']) await makeTask({ taskName: name });
		sim.setTaskStatus(6002, 1);
		sim.server.clearLog();
		const all = ok(
			await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { taskName: '回访' }, options: { pageSize: 2 } }),
		);
		expect(all.map((t) => t.jobName).sort()).toEqual(['回访A', '回访B', '回访C']);
		expect(sim.server.log.map((r) => r.query)).toEqual([
			{ companyId: '1001', taskName: '回访', pageNum: '1', pageSize: '2' },
			{ companyId: '1001', taskName: '回访', pageNum: '2', pageSize: '2' },
		]);
		sim.server.clearLog();
		const today = sim.state.tasks.find((t) => t.callJobId === 6001)!.gmtCreate.slice(0, 10);
		const running = ok(
			await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { status: 1, createDate: `${today}T00:00:00` } }),
		);
		expect(running).toEqual([expect.objectContaining({ callJobId: 6002, status: 1, statusLabel: 'running' })]);
		expect(sim.server.log[0].query).toMatchObject({ status: '1', createDate: today, pageSize: '100' });
		sim.server.clearLog();
		const limited = ok(await run({ resource: 'task', operation: 'getMany', returnAll: false, limit: 1 }));
		expect(limited).toHaveLength(1);
		expect(sim.server.log).toHaveLength(1);
		expect(sim.server.log[0].query.pageSize).toBe('1');
	});
});

// ---------------------------------------------------------------------------------------------
// Customer
// ---------------------------------------------------------------------------------------------

describe('customer', () => {
	const people = (n: number, from = 0): INodeExecutionData[] =>
		Array.from({ length: n }, (_, i) => ({ json: { phone: `1390000${String(i + from).padStart(4, '0')}`, name: `客户${i + from}` } }));

	it('import: 250 items with batch size 100 → exactly 3 requests, one result per item', async () => {
		const taskId = await makeTask();
		const result = await run(
			{ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 100 } },
			people(250),
		);
		const out = ok(result);
		const requests = sim.server.requests('/task/importTaskCustomer');
		expect(requests).toHaveLength(3);
		expect(requests.map((r) => r.path)).toEqual(Array(3).fill('/openapi/v1/task/importTaskCustomer'));
		expect(requests.map((r) => ((r.body as IDataObject).customerInfoList as unknown[]).length)).toEqual([100, 100, 50]);
		expect(requests[0].body).toMatchObject({ companyId: 1001, taskId });
		// seed 001: no properties when the script has no variables
		expect(((requests[0].body as IDataObject).customerInfoList as IDataObject[])[0]).toEqual({ name: '客户0', phone: '13900000000' });
		expect(out).toHaveLength(250);
		expect(out[249]).toEqual({ companyId: 1001, taskId, name: '客户249', phone: '13900000249', status: 'imported' });
		expect(result.items.map((i) => i.pairedItem)).toEqual(people(250).map((_, i) => ({ item: i })));
		expect(sim.state.calls.filter((c) => c.callJobId === taskId)).toHaveLength(250);
	});

	it('import: default batch size is 100; the name falls back to the phone; script variables by mapping', async () => {
		const taskId = await makeTask({ robotDefId: '302', sceneDefId: '402', sceneRecordId: '503' });
		const items = people(120).map((item, i) => ({ json: { ...item.json, name: i === 0 ? '' : item.json.name, amount: 100 + i } }));
		ok(
			await run(
				{
					resource: 'customer',
					operation: 'import',
					taskId: task(taskId),
					variablesFrom: 'mapping',
					variables: { variable: [{ name: '客户姓名', value: '={{ $json.name || "先生" }}' }, { name: '金额', value: '={{ $json.amount }}' }] },
				},
				items,
			),
		);
		const requests = bodies('/task/importTaskCustomer');
		expect(requests.map((b) => (b.customerInfoList as unknown[]).length)).toEqual([100, 20]);
		expect((requests[0].customerInfoList as IDataObject[])[0]).toEqual({
			name: '13900000000',
			phone: '13900000000',
			properties: { 客户姓名: '先生', 金额: '100' },
		});
	});

	it('import v2: the v2 path, counts per batch, duplicates reported', async () => {
		const taskId = await makeTask();
		const items = [...people(3), people(1)[0]];
		const out = ok(
			await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { apiVersion: 'v2', batchSize: 10 } }, items),
		);
		expect(paths()).toEqual(['POST /openapi/v2/task/importTaskCustomer']);
		expect(out).toHaveLength(4);
		expect(out[0]).toMatchObject({
			status: 'partially imported',
			batch: { size: 4, successNum: 3, repeatNum: 1, placeFailNum: 0 },
		});
	});

	it('import: items of different tasks go to different requests', async () => {
		const a = await makeTask();
		const b = await makeTask({ taskName: 'b' });
		const items = people(4).map((item, i) => ({ json: { ...item.json, task: i % 2 ? b : a } }));
		ok(await run({ resource: 'customer', operation: 'import', taskId: { __rl: true, mode: 'id', value: '={{ $json.task }}' } }, items));
		expect(bodies('/task/importTaskCustomer').map((r) => [r.taskId, (r.customerInfoList as unknown[]).length])).toEqual([
			[a, 2],
			[b, 2],
		]);
	});

	it('list not dialed: Return All in pages of at most 50, status labels added', async () => {
		const taskId = await makeTask();
		ok(await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 1000 } }, people(120)));
		sim.completeCalls(taskId, 10);
		sim.server.clearLog();
		const out = ok(await run({ resource: 'customer', operation: 'listNotDialed', taskId: task(taskId), returnAll: true }));
		expect(out).toHaveLength(110);
		expect(out[0]).toMatchObject({ status: 0, statusLabel: 'not started', corpName: '杭州模拟科技有限公司' });
		expect(bodies('/task/notDialedCustomerList')).toEqual([
			{ taskId, pageNum: 1, pageSize: 50 },
			{ taskId, pageNum: 2, pageSize: 50 },
			{ taskId, pageNum: 3, pageSize: 50 },
		]);
	});
});

// ---------------------------------------------------------------------------------------------
// Call (legacy single calls)
// ---------------------------------------------------------------------------------------------

describe('call', () => {
	it('is marked legacy in the operation descriptions', () => {
		const operation = new Byrobot().description.properties.find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'call',
		)!;
		const options = operation.options as INodePropertyOptions[];
		expect(options.map((o) => o.value).sort()).toEqual(['callCustomer', 'callNumber']);
		for (const o of options) expect(o.description).toMatch(/^Legacy/);
	});

	it('call a number: sends `variables` (not `variable`) and sceneId', async () => {
		const out = ok(
			await run(
				{
					resource: 'call',
					operation: 'callNumber',
					mobile: '={{ $json.phone }}',
					robotDefId: '302',
					sceneDefId: '402',
					sceneRecordId: '503',
					variablesFrom: 'itemFields',
					variableFields: '客户姓名, 金额',
				},
				[{ json: { phone: '138-0000-1111', 客户姓名: '张三', 金额: 15 } }],
			),
		);
		expect(bodies('/task/singleCallByMobile')).toEqual([
			{ companyId: 1001, mobile: '13800001111', variables: { 客户姓名: '张三', 金额: '15' }, robotDefId: 302, sceneId: 402, sceneRecordId: 503 },
		]);
		expect(out[0]).toMatchObject({ success: true, mobile: '13800001111' });
		const call = sim.state.calls.find((c) => c.callJobId === null)!;
		expect(call.received).toMatchObject({ hadVariablesKey: true, hadVariableKey: false });
	});

	it('call a customer: sends the customerId of an existing customer', async () => {
		const taskId = await makeTask();
		const [customer] = addRecords(taskId, [{ customerTelephone: '13911112222' }]);
		const out = ok(
			await run({
				resource: 'call',
				operation: 'callCustomer',
				customerId: String(customer.customerId),
				mobile: '13911112222',
				robotDefId: '301',
				sceneDefId: '401',
				sceneRecordId: '502',
			}),
		);
		expect(bodies('/task/call')).toEqual([
			{ companyId: 1001, customerId: customer.customerId, mobile: '13911112222', robotDefId: 301, sceneId: 401, sceneRecordId: 502 },
		]);
		expect(out[0]).toMatchObject({ success: true, customerId: customer.customerId });
	});
});

// ---------------------------------------------------------------------------------------------
// Call Record
// ---------------------------------------------------------------------------------------------

describe('call record', () => {
	it('get many: every seed 002 filter is sent; intent letter, labels and seconds added', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [
			{ finishStatus: 0, duration: 27, chatRound: 5, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 80, chatRound: 5, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 30, chatRound: 1, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 30, chatRound: 5, intent: 'B级(一般)' },
			{ finishStatus: 8, duration: 0, chatRound: 0, intent: 'F级' },
		]);
		const out = ok(
			await run({
				resource: 'callRecord',
				operation: 'getMany',
				taskId: task(taskId),
				returnAll: true,
				afterIndex: -1,
				filters: {
					durationLeft: 10,
					durationRight: 60,
					chatRoundLeft: 2,
					chatRoundRight: 10,
					finishStatus: 0,
					results: { result: [{ name: '客户意向等级', value: 'A级(较强)' }] },
				},
				options: { pageSize: 20 },
			}),
		);
		expect(bodies('/task/queryDoneTaskPhones')).toEqual([
			{
				callJobId: taskId,
				durationLeft: 10,
				durationRight: 60,
				chatRoundLeft: 2,
				chatRoundRight: 10,
				finishStatus: 0,
				index: -1,
				resultQueryList: [{ name: '客户意向等级', value: 'A级(较强)' }],
				pageNum: 1,
				pageSize: 20,
			},
		]);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			callJobId: taskId,
			duration: '27秒',
			durationSeconds: 27,
			finishStatus: 0,
			finishStatusLabel: 'answered',
			status: 2,
			statusLabel: 'done',
			intentLevel: 'A',
			resultList: expect.arrayContaining([{ name: '客户意向等级', value: 'A级(较强)' }]),
		});
	});

	it('get many: the index cursor returns only newer records across two runs', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [{}, {}, {}]);
		const params = { resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true };
		const first = ok(await run({ ...params, afterIndex: -1 }));
		expect(first).toHaveLength(3);
		const cursor = Math.max(...first.map((r) => r.callIndex as number));
		expect(cursor).toBe(2);
		const newer = addRecords(taskId, [{ customerName: '新客户1' }, { customerName: '新客户2' }]);
		const second = ok(await run({ ...params, afterIndex: cursor }));
		expect(second.map((r) => r.callInstanceId).sort()).toEqual(newer.map((c) => c.callInstanceId).sort());
		expect(second.map((r) => r.customerName).sort()).toEqual(['新客户1', '新客户2']);
		expect(bodies('/task/queryDoneTaskPhones')[0]).toMatchObject({ index: 2 });
		const third = ok(await run({ ...params, afterIndex: Math.max(...second.map((r) => r.callIndex as number)) }));
		expect(third).toEqual([]);
	});

	it('get many: Return All pages through 50 at a time; Limit caps the result', async () => {
		const taskId = await makeTask();
		addRecords(taskId, Array.from({ length: 120 }, () => ({})));
		const all = ok(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true }));
		expect(all).toHaveLength(120);
		expect(new Set(all.map((r) => r.callInstanceId)).size).toBe(120);
		expect(bodies('/task/queryDoneTaskPhones').map((b) => [b.pageNum, b.pageSize])).toEqual([
			[1, 50],
			[2, 50],
			[3, 50],
		]);
		sim.server.clearLog();
		const some = ok(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: false, limit: 70 }));
		expect(some).toHaveLength(70);
		expect(sim.server.log).toHaveLength(2);
	});

	it('get many with Simplify: the shared call record shape', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [{ finishStatus: 0, duration: 27, chatRound: 4, intent: 'B级(一般)', customerName: '王五' }]);
		const [out] = ok(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true, simplify: true }));
		expect(out).toEqual({
			vendor: 'byrobot',
			callId: String(call.callInstanceId),
			jobId: String(taskId),
			phone: call.customerTelephone,
			customerName: '王五',
			status: 'answered',
			intentLevel: 'B',
			durationSeconds: 27,
			rounds: 4,
			startTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
			endTime: expect.stringMatching(/\+08:00$/),
			recordingUrl: call.luyinOssUrl,
			transcript: [],
			raw: expect.objectContaining({ callInstanceId: call.callInstanceId, duration: '27秒' }),
		});
		expect((out.raw as IDataObject).finishStatusLabel).toBeUndefined();
	});

	it('get: phoneLogInfo with transcript, intent letter and labels; Simplify gives the shared shape', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [
			{
				finishStatus: 0,
				duration: 87,
				chatRound: 2,
				intent: 'A级（较强）',
				hangUp: 1,
				phoneLogs: [
					{ speaker: 'AI', content: '您好，请问是张先生吗？' },
					{ speaker: 'ME', content: '是我' },
				],
			},
		]);
		const [out] = ok(
			await run({ resource: 'callRecord', operation: 'get', callInstanceId: '={{ $json.id }}' }, [{ json: { id: call.callInstanceId } }]),
		);
		expect(sim.server.log[0].query).toEqual({ callInstanceId: String(call.callInstanceId) });
		expect(out).toMatchObject({
			callInstanceId: call.callInstanceId,
			intentLevel: 'A',
			finishStatus: 0,
			finishStatusLabel: 'answered',
			hangUp: 1,
			hangUpLabel: 'customer',
			duration: 87,
			transcript: [
				{ speaker: 'bot', text: '您好，请问是张先生吗？' },
				{ speaker: 'customer', text: '是我' },
			],
			sceneInstance: expect.objectContaining({ callInstanceId: call.callInstanceId }),
			taskResult: expect.arrayContaining([expect.objectContaining({ resultName: '客户意向等级' })]),
			phoneLog: expect.objectContaining({ phoneLogs: expect.any(Array) }),
		});
		const [simple] = ok(await run({ resource: 'callRecord', operation: 'get', callInstanceId: String(call.callInstanceId), simplify: true }));
		expect(simple).toMatchObject({
			vendor: 'byrobot',
			callId: String(call.callInstanceId),
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 87,
			rounds: 2,
			transcript: [
				{ speaker: 'bot', text: '您好，请问是张先生吗？' },
				{ speaker: 'customer', text: '是我' },
			],
		});
	});
});

// ---------------------------------------------------------------------------------------------
// Company
// ---------------------------------------------------------------------------------------------

describe('company', () => {
	it('list companies: only those the key may operate', async () => {
		const out = ok(await run({ resource: 'company', operation: 'listCompanies' }));
		expect(out.map((c) => c.companyId)).toEqual([1001, 1002]);
		expect(paths()).toEqual(['GET /openapi/v1/company/getCompanys']);
	});

	it('list caller phones: phone type labelled', async () => {
		const out = ok(await run({ resource: 'company', operation: 'listPhones', companyId: '1001' }));
		expect(out.find((p) => p.userPhoneId === 203)).toMatchObject({ phoneType: 0, phoneTypeLabel: 'mobile (SIM)' });
		expect(out.find((p) => p.userPhoneId === 201)).toMatchObject({ phoneType: 1, phoneTypeLabel: 'landline' });
		expect(sim.server.log[0].query).toEqual({ companyId: '1001' });
	});

	it('list robots: scripts with their scene and recordings', async () => {
		const out = ok(await run({ resource: 'company', operation: 'listRobots', companyId: '1002' }));
		expect(out).toEqual([
			expect.objectContaining({ robotDefId: 311, sceneDefId: 411, sceneRecords: [{ sceneRecordId: 511, sceneRecordName: '标准录音' }] }),
		]);
	});

	it('get scene variables', async () => {
		const out = ok(await run({ resource: 'company', operation: 'getSceneVariables', sceneDefId: '402' }));
		expect(out).toEqual([{ sceneDefId: 402, variables: ['客户姓名', '金额'] }]);
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', sceneDefId: '402' });
	});
});

// ---------------------------------------------------------------------------------------------
// Dropdowns and the task picker
// ---------------------------------------------------------------------------------------------

describe('dropdowns', () => {
	const load = (methodName: string, parameters: INodeParameters = {}, credentials: IDataObject = {}) =>
		loadOptions({
			nodeType: new Byrobot(),
			credentialTypes: [new ByrobotApi()],
			credentials: { byrobotApi: { ...sim.credentials, ...credentials } },
			methodName,
			parameters: { resource: 'task', operation: 'create', ...parameters },
			kind: 'loadOptions',
		});

	it('companies and caller phones (the Company parameter wins, else the credential default)', async () => {
		const companies = await load('getCompanies');
		expect(companies.map((o) => o.value).sort()).toEqual(['1001', '1002']);
		expect(companies.find((o) => o.value === '1001')!.name).toBe('杭州模拟科技有限公司 (1001)');
		const phones = await load('getPhones');
		expect(phones.map((o) => o.value)).toEqual(expect.arrayContaining(['201', '202', '203', '204']));
		expect(phones.find((o) => o.value === '203')).toMatchObject({ name: 'SIM卡1 13800000003 (203)', description: 'mobile (SIM)' });
		expect((await load('getPhones', { companyId: '1002' })).map((o) => o.value)).toEqual(['211']);
		await expect(load('getPhones', {}, { companyId: '' })).rejects.toThrow(/Default Company ID/);
	});

	it('robot → scene → recording are chained', async () => {
		expect((await load('getRobots')).map((o) => o.value).sort()).toEqual(['301', '302', '303']);
		expect((await load('getScenes', { robotDefId: '302' })).map((o) => o.value)).toEqual(['402']);
		expect((await load('getScenes')).map((o) => o.value).sort()).toEqual(['401', '402', '403']);
		expect((await load('getRecordings', { robotDefId: '301', sceneDefId: '401' })).map((o) => o.value).sort()).toEqual(['501', '502']);
		expect((await load('getRecordings', { robotDefId: '302' })).map((o) => o.name)).toEqual(['回访录音 (503)']);
		const fields = new Byrobot().description.properties.filter((p) => ['sceneDefId', 'sceneRecordId'].includes(p.name));
		expect(fields.some((p) => p.typeOptions?.loadOptionsDependsOn?.includes('robotDefId'))).toBe(true);
	});

	it('scene variables and task variables', async () => {
		expect((await load('getSceneVariables', { resource: 'call', operation: 'callNumber', sceneDefId: '402' })).map((o) => o.value).sort()).toEqual(
			['客户姓名', '金额'].sort(),
		);
		const taskId = await makeTask({ robotDefId: '302', sceneDefId: '402', sceneRecordId: '503' });
		const vars = await load('getTaskVariables', { resource: 'customer', operation: 'import', taskId: task(taskId) });
		expect(vars.map((o) => o.value).sort()).toEqual(['客户姓名', '金额'].sort());
	});

	it('task picker: list search by name with pagination over getTasks', async () => {
		for (const name of ['回访一', '回访二', '其他']) await makeTask({ taskName: name });
		const result = await loadOptions({
			nodeType: new Byrobot(),
			credentialTypes: [new ByrobotApi()],
			credentials: { byrobotApi: sim.credentials },
			methodName: 'searchTasks',
			parameters: { resource: 'task', operation: 'start' },
			kind: 'listSearch',
			filter: '回访',
		});
		expect(result.results.map((r) => r.name).sort()).toEqual(['回访一 (6001, not started)', '回访二 (6002, not started)']);
		expect(result.paginationToken).toBeUndefined();
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', pageNum: '1', pageSize: '100', taskName: '回访' });
	});
});

// ---------------------------------------------------------------------------------------------
// Validation: every rule stops the run before any request
// ---------------------------------------------------------------------------------------------

describe('validation (nothing reaches the emulator)', () => {
	it('a scheduled task needs a start date', async () => {
		await expectInvalid(createParams({ taskType: 1 }), /Start Date is required for a scheduled task/);
	});

	it('the working window is HH:mm inside 09:00–20:00 with start before end', async () => {
		await expectInvalid(createParams({ workingStartTime: '08:30' }), /Working Start Time must not be before 09:00/);
		await expectInvalid(createParams({ workingEndTime: '20:30' }), /Working End Time must not be after 20:00/);
		await expectInvalid(createParams({ workingStartTime: '15:00', workingEndTime: '10:00' }), /Working Start Time must be before Working End Time/);
		await expectInvalid(createParams({ workingStartTime: '9am' }), /Working Start Time must be a time as HH:mm/);
	});

	it('the break lies inside the working window, start before end, both ends set', async () => {
		await expectInvalid(
			createParams({ workingEndTime: '18:00', additionalFields: { breakStartTime: '17:30', breakEndTime: '18:30' } }),
			/inside the daily window 09:00–18:00/,
		);
		await expectInvalid(createParams({ additionalFields: { breakStartTime: '13:00', breakEndTime: '12:00' } }), /Break Start Time must be before/);
		await expectInvalid(createParams({ additionalFields: { breakStartTime: '12:00' } }), /Break End Time must be set together/);
	});

	it('robot, scene, recording and caller phones are required', async () => {
		// n8n itself refuses an empty required field; an expression that resolves to nothing reaches the node
		await expectInvalid(createParams({ sceneRecordId: '={{ $json.recording }}' }), /Recording is required/);
		await expectInvalid(createParams({ robotDefId: '={{ "abc" }}' }), /Robot must be a numeric ID/);
		await expectInvalid(createParams({ userPhoneIds: '={{ $json.lines }}' }), /Caller Phones needs at least one id/);
		await expectInvalid(createParams({ userPhoneIds: '={{ ["201", "x"] }}' }), /Caller Phones must contain only numeric ids/);
	});

	it('page sizes are capped: 50 for call records and not-dialed lists, 100 for tasks', async () => {
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), options: { pageSize: 51 } },
			/Page Size must be at most 50/,
		);
		await expectInvalid(
			{ resource: 'customer', operation: 'listNotDialed', taskId: task(6001), options: { pageSize: 60 } },
			/Page Size must be at most 50/,
		);
		await expectInvalid({ resource: 'task', operation: 'getMany', options: { pageSize: 101 } }, /Page Size must be at most 100/);
	});

	it('duration and chat round ranges: left ≤ right', async () => {
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { durationLeft: 60, durationRight: 10 } },
			/Min Duration \(Seconds\) must not exceed Max Duration \(Seconds\) \(60 > 10\)/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { chatRoundLeft: 5, chatRoundRight: 2 } },
			/Min Rounds must not exceed Max Rounds/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), afterIndex: -2 },
			/Only Records After Index must be at least -1/,
		);
	});

	it('import: every customer needs a phone; one bad item stops the whole run before any request', async () => {
		const items = [{ json: { phone: '13900000001' } }, { json: { phone: '' } }, { json: { phone: '13900000003' } }];
		const result = await expectInvalid({ resource: 'customer', operation: 'import', taskId: task(6001) }, /Phone Number is required/, items);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001) },
			/Phone Number must be a phone number/,
			[{ json: { phone: 'abc' } }],
		);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001), options: { batchSize: 10001 } },
			/Batch Size must be at most 10000/,
			[{ json: { phone: '13900000001' } }],
		);
	});

	it('the company must resolve from the parameter or the credential default', async () => {
		const none = { companyId: '' };
		await expectInvalid(createParams(), /Company is required: choose a company, or set a Default Company ID/, undefined, none);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001) },
			/Company is required/,
			[{ json: { phone: '13900000001' } }],
			none,
		);
		await expectInvalid({ resource: 'company', operation: 'listPhones' }, /Company is required/, undefined, none);
		await expectInvalid({ resource: 'company', operation: 'listPhones', companyId: 'acme' }, /Company must be a numeric company ID/);
	});

	it('single calls validate the phone and the analysis-result filter rows', async () => {
		await expectInvalid(
			{ resource: 'call', operation: 'callNumber', mobile: '={{ $json.phone }}', robotDefId: '301', sceneDefId: '401', sceneRecordId: '501' },
			/Phone Number is required/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { results: { result: [{ name: '客户意向等级', value: '' }] } } },
			/Analysis Results row 1 needs a name and a value/,
		);
	});
});

// ---------------------------------------------------------------------------------------------
// Vendor failures, Continue On Fail, secrets
// ---------------------------------------------------------------------------------------------

describe('errors', () => {
	it('clock skew: the emulator rejects a datetime > 3 minutes off and the node surfaces code 408', async () => {
		const skewed = await startByrobotSimulator({ callsPerSecond: 0, now: () => Date.now() + 10 * 60_000 });
		try {
			const result = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { target: skewed });
			expect(result.error).toBeInstanceOf(NodeApiError);
			const error = result.error as NodeApiError;
			expect(error.description).toMatch(/vendor code 408/);
			expect(error.message).toMatch(/^Byrobot: request expired/);
			expect(skewed.server.log).toHaveLength(1);
		} finally {
			await skewed.close();
		}
	});

	it('bad signature (wrong secret): 401 with vendor code, message and requestId', async () => {
		const result = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { credentials: { appSecret: 'wrong-secret' } });
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		const answer = sim.server.log[0].response as IDataObject;
		expect(answer.code).toBe(401);
		expect(error.message).toBe(`Byrobot: ${String(answer.resultMsg)}`);
		expect(error.description).toContain('vendor code 401');
		expect(error.description).toContain(`requestId ${String(answer.requestId)}`);
		expect(error.description).toContain('endpoint GET /openapi/v1/company/getCompanys');
		expect(error.errorResponse).toMatchObject({ code: 401, requestId: answer.requestId });
	});

	it('Continue On Fail: error items for exactly the failed items, paired, in order', async () => {
		const taskId = await makeTask();
		const items = [{ json: { id: taskId } }, { json: { id: 9999 } }, { json: { id: 'x' } }, { json: { id: taskId } }];
		const result = await run({ resource: 'task', operation: 'get', taskId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, items, {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const out = json(result);
		expect(out).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0]).toMatchObject({ callJobId: taskId });
		expect(out[1]).toMatchObject({ code: 404, error: expect.stringMatching(/^Byrobot: taskId: task 9999 not found/), outcome: 'failed' });
		expect(out[2]).toMatchObject({ field: 'Task', outcome: 'not-sent' });
		expect(out[3]).toMatchObject({ callJobId: taskId });
		// the invalid item never left
		expect(sim.server.log).toHaveLength(3);
	});

	it('Continue On Fail on a batched import: only the refused batch becomes error items', async () => {
		const taskId = await makeTask();
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { phone: `1390000000${i}` } }));
		sim.server.injectFault({
			path: (req) => req.path.endsWith('/importTaskCustomer') && JSON.stringify(req.json).includes('13900000002'),
			response: { status: 200, body: { code: 500, data: null, resultMsg: 'busy', errorStackTrace: null, requestId: 'ABCDEFGH' } },
		});
		const result = await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 2 } }, items, {
			continueOnFail: true,
		});
		const out = json(result);
		expect(sim.server.requests('/importTaskCustomer')).toHaveLength(3);
		expect(out.map((o) => o.status ?? o.code)).toEqual(['imported', 'imported', 500, 500, 'imported']);
		expect(out[2]).toMatchObject({ phone: '13900000002', requestId: 'ABCDEFGH', error: 'Byrobot: busy' });
	});

	it('a failed import batch without Continue On Fail says what was and was not sent', async () => {
		const taskId = await makeTask();
		sim.server.injectFault({
			path: (req) => req.path.endsWith('/importTaskCustomer') && JSON.stringify(req.json).includes('13900000002'),
			response: { status: 200, body: { code: 412, data: null, resultMsg: 'bad phone', errorStackTrace: null } },
		});
		const items = Array.from({ length: 6 }, (_, i) => ({ json: { phone: `1390000000${i}` } }));
		const result = await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 2 } }, items);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).description).toMatch(/Items 3–4 were not accepted; 2 item\(s\) in earlier requests were accepted; 2 later item\(s\) were not sent/);
		expect(sim.server.requests('/importTaskCustomer')).toHaveLength(2);
	});

	it('the app secret never appears in outputs, errors, logs or on the wire', async () => {
		const secret = sim.credentials.appSecret;
		const taskId = await makeTask();
		const good = await run({ resource: 'task', operation: 'get', taskId: task(taskId) });
		const bad = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { credentials: { appSecret: `${secret}-wrong` } });
		const failed = await run({ resource: 'task', operation: 'get', taskId: task(424242) }, undefined, { continueOnFail: true });
		for (const result of [good, bad, failed]) {
			expect(JSON.stringify(result.items)).not.toContain(secret);
			expect(JSON.stringify(result.runData)).not.toContain(secret);
			expect(result.logs.join('\n')).not.toContain(secret);
			if (result.error) {
				const error = result.error as NodeApiError;
				expect(
					JSON.stringify({ message: error.message, description: error.description, response: error.errorResponse, stack: error.stack }),
				).not.toContain(secret);
			}
		}
		expect(JSON.stringify(bad.engineError)).not.toContain(secret);
		expect(allLogs().join('\n')).not.toContain(secret);
		expect(JSON.stringify(sim.server.log)).not.toContain(secret);
	});
});
