/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator
 * over real HTTP on loopback. The emulator recomputes every signature and enforces the
 * vendor's rules, and its request log lets each test count what was actually sent.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';
import { Tanyi } from '../../nodes/Tanyi/Tanyi.node';
import { loadOptions, runNode, type RunNodeResult } from '../harness';
import { startTanyiSimulator, type TanyiSimulator } from '../emulators/tanyi';

let sim: TanyiSimulator;

beforeAll(async () => {
	sim = await startTanyiSimulator({ callsPerSecond: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.server.clearLog();
});

const job = (id: number | string) => ({ __rl: true, mode: 'id', value: String(id) });

async function run(
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: { continueOnFail?: boolean; credentials?: IDataObject } = {},
): Promise<RunNodeResult> {
	return runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: { ...sim.credentials, ...(options.credentials ?? {}) } },
		node: {
			type: 'tanyi',
			parameters,
			onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
		},
		items,
	});
}

function jsonOf(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.items.map((i) => i.json);
}

const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	name: 'Spring campaign',
	dialogFlowId: '2',
	phoneType: 'LANDLINE',
	jobPhoneNumberIdList: ['348'],
	concurrencyQuota: 2,
	robotCount: 2,
	mode: 'MANUAL',
	dailyStartTime: '09:00',
	dailyEndTime: '20:00',
	...over,
});

async function createJob(over: INodeParameters = {}): Promise<number> {
	const [out] = jsonOf(await run(createParams(over)));
	return Number(out.robotCallJobId);
}

const phones = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ json: { phone: `1380000${String(from + i).padStart(4, '0')}`, name: `Lead ${from + i}`, amount: `${i}.50` } }));

async function importLeads(jobId: number, n: number) {
	return run({ resource: 'customer', operation: 'import', jobId: job(jobId), variablesFrom: 'none' }, phones(n));
}

describe('Job', () => {
	it('creates a job with every seed field mapped into robotCallJob', async () => {
		const result = await run(
			createParams({
				mode: 'AUTO',
				startTime: '2026-12-01T09:30:00+08:00',
				additionalFields: {
					description: 'from n8n',
					inactiveTimeList: { window: [{ startTime: '12:00', endTime: '13:00' }] },
					redialCondition: ['NO_ANSWER', 'BUSY'],
					redialInterval: 30,
					redialTimes: 2,
					wechatSendMethod: 'SENDTOONE',
					smsAlertLevel: ['A', 'B'],
					alertUsers: '1, 2',
				},
			}),
		);
		const [out] = jsonOf(result);
		expect(out.robotCallJobId).toEqual(expect.any(Number));
		const created = sim.server.requests('/job/create')[0].body as IDataObject;
		expect(created).toMatchObject({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: {
				name: 'Spring campaign',
				mode: 'AUTO',
				startTime: '2026-12-01 09:30:00',
				dialogFlowId: 2,
				phoneType: 'LANDLINE',
				robotCount: 2,
				inactiveTimeList: [{ startTime: '12:00', endTime: '13:00' }],
				redialCondition: ['NO_ANSWER', 'BUSY'],
				redialInterval: 30,
				redialTimes: 2,
				wechatSendMethod: 'SENDTOONE',
				smsAlertLevel: ['A', 'B'],
				alertUsers: [1, 2],
				description: 'from n8n',
			},
		});
		const stored = sim.state.jobs.find((j) => j.robotCallJobId === out.robotCallJobId);
		expect(stored?.status).toBe('NOT_STARTED');
	});

	it('converts a UTC start time to China Standard Time', async () => {
		await createJob({ mode: 'AUTO', startTime: '2026-12-01T01:30:00Z' });
		const body = sim.server.requests('/job/create')[0].body as { robotCallJob: IDataObject };
		expect(body.robotCallJob.startTime).toBe('2026-12-01 09:30:00');
	});

	it('updates a job with PATCH /job/modify', async () => {
		const id = await createJob();
		const result = await run({ ...createParams({ name: 'Renamed', robotCount: 3 }), operation: 'update', jobId: job(id) });
		expect(result.error).toBeUndefined();
		const modify = sim.server.requests('/job/modify')[0];
		expect(modify.method).toBe('PATCH');
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)).toMatchObject({ name: 'Renamed', robotCount: 3 });
	});

	it('starts, pauses, stops and deletes', async () => {
		const id = await createJob();
		await importLeads(id, 3);
		for (const [operation, status] of [
			['start', 'IN_PROCESS'],
			['pause', 'USER_PAUSE'],
			['start', 'IN_PROCESS'],
			['stop', 'TERMINATE'],
		]) {
			const [out] = jsonOf(await run({ resource: 'job', operation, jobId: job(id) }));
			expect(out).toEqual({ success: true, robotCallJobId: id });
			expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.status).toBe(status);
		}
		jsonOf(await run({ resource: 'job', operation: 'delete', jobId: job(id) }));
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)).toBeUndefined();
	});

	it('sets the AI seats', async () => {
		const id = await createJob();
		jsonOf(await run({ resource: 'job', operation: 'setAiSeats', jobId: job(id), robotCount: 5 }));
		expect(sim.server.requests('/job/updateAiCount')[0].body).toEqual({ robotCallJobId: id, robotCount: 5 });
		expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.robotCount).toBe(5);
	});

	it('checks jobs and then starts the executable ones in bulk', async () => {
		const a = await createJob({ name: 'A' });
		const b = await createJob({ name: 'B' });
		const [check] = jsonOf(
			await run({ resource: 'job', operation: 'checkAll', bulkOperation: 'START', robotCallJobIdSet: `${a}, ${b}` }),
		);
		expect((check.executable as IDataObject[]).map((j) => j.robotCallJobId).sort()).toEqual([a, b].sort());
		const result = await run(
			{ resource: 'job', operation: 'executeJobs', bulkOperation: 'START', executable: '={{ $json.executable }}' },
			[{ json: check }],
		);
		expect(result.error).toBeUndefined();
		expect(sim.server.requests('/job/executeJobs')).toHaveLength(1);
		expect(sim.state.jobs.filter((j) => [a, b].includes(j.robotCallJobId)).map((j) => j.status)).toEqual([
			'IN_PROCESS',
			'IN_PROCESS',
		]);
	});

	it('gets stats with a bare JSON array body, one item per job', async () => {
		const a = await createJob();
		await importLeads(a, 4);
		const out = jsonOf(await run({ resource: 'job', operation: 'getStats', jobIds: String(a) }));
		expect(sim.server.requests('/job/getJobStatsInfoList')[0].body).toEqual([String(a)]);
		expect(out).toEqual([{ robotCallJobId: a, taskTotal: 4, taskCompleted: 0 }]);
	});

	it('lists jobs with Return All across pages', async () => {
		for (let i = 0; i < 3; i++) await createJob({ name: `Job ${i}` });
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }));
		expect(out).toHaveLength(3);
		expect(sim.server.requests('/job/getJobs')[0].query).toMatchObject({ pageNum: '1', pageSize: '100' });
	});
});

describe('Customer', () => {
	it('imports 10,000 items in exactly 100 requests of at most 100, one paired output per item', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const result = await importLeads(id, 10_000);
		const out = jsonOf(result);
		const imports = sim.server.requests('/job/importCustomer');
		expect(imports).toHaveLength(100);
		expect(imports.every((r) => (r.body as { customerPersons: unknown[] }).customerPersons.length === 100)).toBe(true);
		expect(sim.server.log).toHaveLength(100);
		expect(out).toHaveLength(10_000);
		expect(result.items[9_999].pairedItem).toEqual({ item: 9_999 });
		expect(out[0]).toEqual({ robotCallJobId: id, name: 'Lead 0', phoneNumber: '13800000000', status: 'imported' });
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(10_000);
	});

	it('groups items by job and honours a smaller batch size', async () => {
		const a = await createJob();
		const b = await createJob();
		sim.server.clearLog();
		const items = phones(5).map((item, i) => ({ json: { ...item.json, job: i % 2 ? b : a } }));
		const result = await run(
			{
				resource: 'customer',
				operation: 'import',
				jobId: { __rl: true, mode: 'id', value: '={{ $json.job }}' },
				options: { batchSize: 2 },
			},
			items,
		);
		expect(jsonOf(result).map((o) => o.robotCallJobId)).toEqual([a, b, a, b, a]);
		const sizes = sim.server.requests('/job/importCustomer').map((r) => (r.body as { customerPersons: unknown[] }).customerPersons.length);
		expect(sizes).toEqual([2, 1, 2]);
	});

	it('sends script variables from item fields, a mapping, or JSON', async () => {
		const id = await createJob();
		const base = { resource: 'customer', operation: 'import', jobId: job(id) };
		await run({ ...base, variablesFrom: 'itemFields', variableFields: 'amount' }, phones(1));
		await run(
			{ ...base, variablesFrom: 'mapping', variables: { variable: [{ name: '欠款金额', value: '={{ $json.amount }}' }] } },
			phones(1, 1),
		);
		await run({ ...base, variablesFrom: 'json', variablesJson: '{"最后还款日期": "2026-12-01", "n": 3}' }, phones(1, 2));
		const persons = sim.server.requests('/job/importCustomer').map((r) => (r.body as { customerPersons: IDataObject[] }).customerPersons[0]);
		expect(persons.map((p) => p.properties)).toEqual([{ amount: '0.50' }, { 欠款金额: '0.50' }, { 最后还款日期: '2026-12-01', n: '3' }]);
	});

	it('imports asynchronously with a batch id, up to 10,000 per request', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const out = jsonOf(
			await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { importMode: 'async', batchSize: 5000 } }, phones(6000)),
		);
		const requests = sim.server.requests('/job/importCustomerAsync');
		expect(requests).toHaveLength(2);
		const batchIds = requests.map((r) => (r.body as IDataObject).batchId);
		expect(new Set(batchIds).size).toBe(2);
		expect(out[5999]).toMatchObject({ status: 'submitted' });
	});

	it('with Continue On Fail, reports exactly the failed items and imports the rest', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const items = phones(4);
		items[2].json.phone = 'not-a-phone';
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id) }, items, { continueOnFail: true });
		expect(result.items.map((i) => i.json.error === undefined)).toEqual([true, true, false, true]);
		expect(result.items[2].json.error).toContain('Phone Number');
		expect(result.items[2].pairedItem).toEqual({ item: 2 });
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(3);
	});

	it('turns a vendor refusal of one batch into error items for that batch only', async () => {
		const id = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({
			path: '/job/importCustomer',
			response: { status: 200, body: { code: 500, data: null, requestId: 'FAILBTCH', resultMsg: 'import failed', errorStackTrace: null } },
		});
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { batchSize: 2 } }, phones(5), {
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.status ?? i.json.code)).toEqual([500, 500, 'imported', 'imported', 'imported']);
		expect(result.items[0].json).toMatchObject({ requestId: 'FAILBTCH', outcome: 'failed', phoneNumber: '13800000000' });
		expect(sim.server.requests('/job/importCustomer')).toHaveLength(3);
	});

	it('does not resend an import whose outcome is unknown, and says so', async () => {
		const id = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/job/importCustomer', drop: true, afterHandler: true });
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id) }, phones(3));
		expect(sim.server.requests('/job/importCustomer')).toHaveLength(1);
		expect(result.error?.message).toContain('Tanyi');
		expect(String(result.error?.description)).toMatch(/outcome unknown/);
		expect(String(result.error?.description)).toMatch(/may or may not have been accepted/);
	});

	it('re-adds called customers', async () => {
		const id = await createJob();
		await importLeads(id, 2);
		await run({ resource: 'job', operation: 'start', jobId: job(id) });
		const records = sim.completeCalls(id);
		const ids = records.map((r) => r.customerPersonId).join(',');
		const [out] = jsonOf(
			await run({ resource: 'customer', operation: 'reAdd', jobId: job(id), customerPersonIds: ids, filters: { intentLevels: ['A'], lastCallRecord: true } }),
		);
		expect(out.success).toBe(true);
		expect(sim.server.requests('/job/reAddCustomerToJob')[0].body).toMatchObject({
			robotCallJobId: id,
			customerPersonIds: records.map((r) => r.customerPersonId),
			intentLevels: ['A'],
			lastCallRecord: true,
		});
	});

	it('lists to-be-called customers with Limit using the fewest requests', async () => {
		const id = await createJob();
		await importLeads(id, 30);
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'customer', operation: 'listToBeCalled', jobId: job(id), returnAll: false, limit: 25 }));
		expect(out).toHaveLength(25);
		const requests = sim.server.requests('/callRecord/toBeCalledList');
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toMatchObject({ pageNum: '1', pageSize: '25', robotCallJobId: String(id) });
	});

	it('lists all to-be-called customers across pages and filters by status', async () => {
		const id = await createJob();
		await importLeads(id, 230);
		sim.server.clearLog();
		const out = jsonOf(
			await run({ resource: 'customer', operation: 'listToBeCalled', jobId: job(id), returnAll: true, filters: { taskStatus: 'NOT_STARTED' } }),
		);
		expect(out).toHaveLength(230);
		expect(new Set(out.map((o) => o.robotCallTaskId)).size).toBe(230);
		expect(sim.server.requests('/callRecord/toBeCalledList').map((r) => r.query.pageNum)).toEqual(['1', '2', '3']);
	});

	it('deletes one and many to-be-called customers', async () => {
		const id = await createJob();
		await importLeads(id, 5);
		const tasks = sim.state.tasks.filter((t) => t.robotCallJobId === id);
		jsonOf(await run({ resource: 'customer', operation: 'deleteOne', robotCallTaskId: String(tasks[0].robotCallTaskId) }));
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(4);
		jsonOf(
			await run({
				resource: 'customer',
				operation: 'deleteMany',
				jobId: job(id),
				robotCallTaskIds: `${tasks[1].robotCallTaskId},${tasks[2].robotCallTaskId}`,
			}),
		);
		expect(sim.server.requests('/callRecord/deleteRobotCallTaskList')[0].query).toMatchObject({
			robotCallTaskIds: `${tasks[1].robotCallTaskId},${tasks[2].robotCallTaskId}`,
		});
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(2);
		jsonOf(await run({ resource: 'customer', operation: 'deleteMany', jobId: job(id), filters: { confirmDeleteAll: true } }));
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(0);
	});
});

describe('Call Record', () => {
	async function jobWithCalls(n: number): Promise<number> {
		const id = await createJob();
		await importLeads(id, n);
		await run({ resource: 'job', operation: 'start', jobId: job(id) });
		sim.completeCalls(id);
		sim.server.clearLog();
		return id;
	}

	it('returns all records across pages at the maximum page size of 100', async () => {
		const id = await jobWithCalls(250);
		const out = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), returnAll: true }));
		expect(out).toHaveLength(250);
		const pages = sim.server.requests('/callRecord/getCallRecordInfoList').map((r) => r.body as IDataObject);
		expect(pages.map((b) => [b.pageNum, b.pageSize])).toEqual([
			[1, 100],
			[2, 100],
			[3, 100],
		]);
	});

	it('stops at the limit with the fewest requests and applies filters', async () => {
		const id = await jobWithCalls(120);
		const out = jsonOf(
			await run({
				resource: 'callRecord',
				operation: 'getMany',
				jobId: job(id),
				limit: 5,
				filters: { resultStatuses: ['ANSWERED'], chatDurationMin: 1, chatDurationMax: 600 },
			}),
		);
		expect(out.length).toBeLessThanOrEqual(5);
		expect(out.every((r) => r.resultStatus === 'ANSWERED')).toBe(true);
		const requests = sim.server.requests('/callRecord/getCallRecordInfoList');
		expect(requests).toHaveLength(1);
		expect(requests[0].body).toMatchObject({ pageSize: 5, resultStatuses: ['ANSWERED'], chatDurationMin: 1, chatDurationMax: 600 });
	});

	it('simplifies records into the shared call-record shape', async () => {
		const id = await jobWithCalls(3);
		const [record] = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', jobId: job(id), limit: 1, simplify: true }));
		expect(record).toMatchObject({
			vendor: 'tanyi',
			jobId: String(id),
			callId: expect.any(String),
			phone: expect.stringMatching(/^1380000/),
			status: expect.any(String),
		});
		expect(record.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(record.raw).toBeDefined();
	});

	it('gets one call with its transcript', async () => {
		const id = await jobWithCalls(2);
		const answered = sim.state.callRecords.find((r) => r.robotCallJobId === id && r.callDetailList.length > 0) ?? sim.state.callRecords[0];
		const [raw] = jsonOf(await run({ resource: 'callRecord', operation: 'get', callRecordId: String(answered.callRecordId) }));
		expect(raw.callRecordId).toBe(answered.callRecordId);
		expect(sim.server.requests('/callRecord/callDetail')[0].query).toEqual({ callRecordId: String(answered.callRecordId) });
		const [simple] = jsonOf(
			await run({ resource: 'callRecord', operation: 'get', callRecordId: String(answered.callRecordId), simplify: true }),
		);
		expect((simple.transcript as IDataObject[]).length).toBe(answered.callDetailList.length);
	});
});

describe('Dropdowns', () => {
	const load = (methodName: string, kind: 'loadOptions' | 'listSearch', parameters: INodeParameters = {}, filter?: string) =>
		loadOptions({
			nodeType: new Tanyi(),
			credentialTypes: [new TanyiApi()],
			credentials: { tanyiApi: sim.credentials },
			methodName,
			kind,
			parameters,
			filter,
		} as never);

	it('lists scripts, caller lines and staff groups from the vendor', async () => {
		const flows = (await load('getDialogFlows', 'loadOptions')) as Array<{ name: string; value: string }>;
		expect(flows.map((f) => f.value)).toEqual(expect.arrayContaining(['2', '139']));
		const lines = (await load('getPhones', 'loadOptions')) as Array<{ name: string; value: string }>;
		expect(lines.find((l) => l.value === '348')?.name).toContain('Hangzhou landline 1');
		const groups = (await load('getStaffGroups', 'loadOptions')) as Array<{ value: string }>;
		expect(groups.map((g) => g.value)).toEqual(['11', '12']);
	});

	it('lists the job’s script variables and searches jobs by name', async () => {
		const id = await createJob({ name: 'Autumn debt reminder' });
		await createJob({ name: 'Other' });
		const variables = (await load('getJobProperties', 'loadOptions', {
			resource: 'customer',
			operation: 'import',
			jobId: job(id),
		})) as Array<{ value: string }>;
		expect(variables.map((v) => v.value).sort()).toEqual(['最后还款日期', '欠款金额'].sort());
		const found = (await load('searchJobs', 'listSearch', {}, 'Autumn')) as unknown as { results: Array<{ value: string; name: string }> };
		expect(found.results).toEqual([expect.objectContaining({ value: String(id) })]);
	});
});

describe('Validation before any request (VENDORS.md §1 rules)', () => {
	const rules: Array<[string, INodeParameters, RegExp]> = [
		['daily start before 09:00', createParams({ dailyStartTime: '08:30' }), /Daily Start Time must not be before 09:00/],
		['daily end after 20:00', createParams({ dailyEndTime: '21:00' }), /Daily End Time must not be after 20:00/],
		['daily start not before end', createParams({ dailyStartTime: '15:00', dailyEndTime: '14:00' }), /Daily Start Time must be before/],
		['time not HH:mm', createParams({ dailyStartTime: '9am' }), /Daily Start Time must be a time as HH:mm/],
		[
			'more than 3 inactive windows',
			createParams({
				additionalFields: {
					inactiveTimeList: {
						window: [
							{ startTime: '10:00', endTime: '10:30' },
							{ startTime: '11:00', endTime: '11:30' },
							{ startTime: '12:00', endTime: '12:30' },
							{ startTime: '13:00', endTime: '13:30' },
						],
					},
				},
			}),
			/Inactive Windows allows at most 3/,
		],
		[
			'inactive window outside the daily window',
			createParams({ additionalFields: { inactiveTimeList: { window: [{ startTime: '19:30', endTime: '20:30' }] } } }),
			/must lie inside the daily window/,
		],
		[
			'inactive window start not before end',
			createParams({ additionalFields: { inactiveTimeList: { window: [{ startTime: '13:00', endTime: '12:00' }] } } }),
			/Inactive Window 1 Start Time must be before/,
		],
		['AUTO without start time', createParams({ mode: 'AUTO', startTime: '={{ "" }}' }), /Start Time is required when Mode is Automatic/],
		['two lines for a landline job', createParams({ jobPhoneNumberIdList: ['348', '349'] }), /Caller Lines must be exactly one ID for line type LANDLINE/],
		['policy group with two ids', createParams({ phoneType: 'CALL_POLICY_GROUP', jobPhoneNumberIdList: ['900', '901'] }), /exactly one ID for line type CALL_POLICY_GROUP/],
		['no concurrency for a landline job', createParams({ concurrencyQuota: '' }), /Concurrency is required/],
		['redial conditions without interval/times', createParams({ additionalFields: { redialCondition: ['BUSY'] } }), /needs Auto Redial Conditions, Redial Interval and Redial Times together/],
		['redial interval below 6', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 5, redialTimes: 1 } }), /Redial Interval \(Minutes\) must be at least 6/],
		['redial interval above 1440', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 1441, redialTimes: 1 } }), /must be at most 1440/],
		['redial times above 10', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 6, redialTimes: 11 } }), /Redial Times must be at most 10/],
		['unknown WeChat send method', createParams({ additionalFields: { wechatSendMethod: 'SENDTOSOME' } }), /WeChat Send Method must be one of SENDTOALL, SENDTOONE, SENDTONONE/],
		['no caller line', createParams({ jobPhoneNumberIdList: '={{ [] }}' }), /Caller Lines needs at least one id/],
		[
			'redial times filter without latest-call-only',
			{ resource: 'callRecord', operation: 'getMany', jobId: job(1), filters: { redialTimes: 2 } },
			/Redial Times filter works only with "Latest Call per Customer Only"/,
		],
		[
			'min duration above max',
			{ resource: 'callRecord', operation: 'getMany', jobId: job(1), filters: { chatDurationMin: 60, chatDurationMax: 10 } },
			/Min Duration \(Seconds\) must not exceed Max Duration/,
		],
		['batch size above 100 per import', { resource: 'customer', operation: 'import', jobId: job(1), options: { batchSize: 101 } }, /Batch Size must be at most 100/],
		['delete all without confirmation', { resource: 'customer', operation: 'deleteMany', jobId: job(1) }, /or a filter is required/],
		['limit below 1', { resource: 'callRecord', operation: 'getMany', jobId: job(1), limit: 0 }, /Limit must be at least 1/],
	];

	it.each(rules)('%s: clear error, nothing sent', async (_name, parameters, message) => {
		const result = await run(parameters, parameters.operation === 'import' ? phones(3) : [{ json: {} }]);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/^Invalid parameter: /);
		expect(sim.server.log).toHaveLength(0);
	});

	it('rejects a missing or malformed phone number before sending any batch', async () => {
		const items = phones(150);
		items[120].json.phone = '';
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(1) }, items);
		expect(result.error?.message).toMatch(/Phone Number is required/);
		expect(sim.server.log).toHaveLength(0);
		items[120].json.phone = '12ab';
		const again = await run({ resource: 'customer', operation: 'import', jobId: job(1) }, items);
		expect(again.error?.message).toMatch(/Phone Number must be a phone number of 5–20 digits/);
		expect(sim.server.log).toHaveLength(0);
	});

	it('requires a staff group for a script with human hand-off (looked up, nothing created)', async () => {
		const result = await run(createParams({ dialogFlowId: '139' }));
		expect(result.error?.message).toMatch(/Staff Group is required/);
		expect(sim.server.requests('/job/create')).toHaveLength(0);
		const ok = await run(createParams({ dialogFlowId: '139', additionalFields: { csStaffGroupId: '11' } }));
		expect(ok.error).toBeUndefined();
	});
});

describe('Vendor errors and secrets', () => {
	it('surfaces an HTTP 200 {code != 200} as a NodeApiError with code, message, requestId and endpoint', async () => {
		const result = await run({ resource: 'job', operation: 'start', jobId: job(999999) });
		const error = result.error as unknown as { message: string; description: string; context?: unknown };
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Tanyi: /);
		expect(error.description).toMatch(/vendor code 404/);
		expect(error.description).toMatch(/requestId [A-Z]{8}/);
		expect(error.description).toMatch(/endpoint POST \/job\/start/);
	});

	it('reports a wrong secret as the vendor’s 401 and never shows the secret or signature', async () => {
		const secret = 'wrong-secret-value-42';
		const result = await run({ resource: 'job', operation: 'getMany', limit: 5 }, [{ json: {} }], { credentials: { appSecret: secret } });
		const error = result.error as unknown as { description: string };
		expect(error.description).toMatch(/vendor code 401/);
		const signatures = sim.server.log.map((r) => String(r.headers.signature));
		const everything = JSON.stringify({ error: result.error, engineError: result.engineError, items: result.items, logs: result.logs });
		expect(everything).not.toContain(secret);
		expect(everything).not.toContain(sim.credentials.appSecret);
		for (const signature of signatures) expect(everything).not.toContain(signature);
	});

	it('keeps secrets out of successful outputs and of error items', async () => {
		const id = await createJob();
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id) }, [{ json: { phone: 'bad' } }, ...phones(1)], {
			continueOnFail: true,
		});
		const signatures = sim.server.log.map((r) => String(r.headers.signature));
		const everything = JSON.stringify({ items: result.items, logs: result.logs });
		expect(everything).not.toContain(sim.credentials.appSecret);
		for (const signature of signatures) expect(everything).not.toContain(signature);
		expect(sim.server.log.every((r) => r.headers.appsecret === undefined)).toBe(true);
	});

	it('retries an idempotent read after a 5xx but never a create', async () => {
		sim.server.injectFault({ path: '/job/getJobs', response: { status: 503, raw: 'busy' } });
		const result = await run({ resource: 'job', operation: 'getMany', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(sim.server.requests('/job/getJobs')).toHaveLength(2);
		sim.server.clearLog();
		sim.server.injectFault({ path: '/job/create', response: { status: 502, raw: 'bad gateway' } });
		const create = await run(createParams());
		expect(sim.server.requests('/job/create')).toHaveLength(1);
		expect(String((create.error as unknown as { description: string }).description)).toMatch(/outcome unknown/);
	});
});
