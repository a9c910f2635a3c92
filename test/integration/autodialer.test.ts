/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator (seed 004) over real HTTP on loopback. The emulator's request log lets every test
 * count exactly what was sent, and prove that invalid input sent nothing that changes state.
 */
import { inspect } from 'node:util';
import { NodeApiError, NodeOperationError, Workflow } from 'n8n-workflow';
import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeParameters,
	INodeTypes,
} from 'n8n-workflow';
import { AutodialerApi } from '../../credentials/AutodialerApi.credentials';
import { Autodialer } from '../../nodes/Autodialer/Autodialer.node';
import { allLogs, loadOptions, runNode, type RunNodeResult } from '../harness';
import { startAutodialerSimulator, type AutodialerSimulator } from '../emulators/autodialer';

// lodash's get, exactly what n8n's credential tester uses for responseSuccessBody rules (no @types here)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const get = require('lodash/get') as (object: unknown, path: string) => unknown;

const LINE_RESIDUE_0 = '5b1c0e2a-0d4f-4b8e-9a51-000000000000';
const LINE_RESIDUE_1 = '37d73edf-4628-4cf1-8beb-758433fd0aab';
const LINE_RESIDUE_5 = '83f180c4-00f3-4aaa-bc41-6cba4493e892';
const LINE_RESIDUE_30 = 'af69c544-a170-4a2d-b740-20bf66cc7ff4';
const REST_TIME = '146979fe-3864-4817-ad76-13b37f43bb1c';
const LUNCH_TIME = 'cf44b8fc-a60f-499e-a5c8-5340963a56a3';

let sim: AutodialerSimulator;

beforeAll(async () => {
	sim = await startAutodialerSimulator({ callsPerSecond: 0 });
});
afterAll(async () => sim.close());
beforeEach(() => {
	sim.reset();
	sim.server.clearLog();
	sim.server.clearFaults();
});

const job = (id: string) => ({ __rl: true, mode: 'id', value: id });

async function run(
	parameters: INodeParameters,
	items: INodeExecutionData[] = [{ json: {} }],
	options: { continueOnFail?: boolean; credentials?: IDataObject; target?: AutodialerSimulator } = {},
): Promise<RunNodeResult> {
	const target = options.target ?? sim;
	return runNode({
		nodeTypes: [new Autodialer()],
		credentialTypes: [new AutodialerApi()],
		credentials: { autodialerApi: { ...target.credentials, ...(options.credentials ?? {}) } },
		node: {
			type: 'autodialer',
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

/** requests that change state: anything but the two GET reads */
function stateChanging(target: AutodialerSimulator = sim) {
	return target.server.log.filter((r) => !(r.method === 'GET' && (r.path === '/v1/task' || r.path === '/v1/task/create')));
}

const callsTo = (target: AutodialerSimulator = sim) => target.server.log.map((r) => `${r.method} ${r.path}`);

const createParams = (over: INodeParameters = {}): INodeParameters => ({
	resource: 'job',
	operation: 'create',
	name: '春季回访',
	callerLineId: LINE_RESIDUE_5,
	maximumCall: 3,
	scriptGroupId: '1197',
	disableDialTimeGroup: REST_TIME,
	redialRuleId: '103',
	originateTimeout: 60,
	callPauseSecond: 10,
	...over,
});

async function createJob(over: INodeParameters = {}): Promise<string> {
	const [out] = jsonOf(await run(createParams(over)));
	return String(out.uuid);
}

const phones = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ json: { phone: `1380000${String(from + i).padStart(4, '0')}`, name: `Lead ${from + i}` } }));

const importParams = (jobId: string, over: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'importNumbers',
	jobId: job(jobId),
	phoneNumber: '={{ $json.phone }}',
	customerName: '={{ $json.name }}',
	...over,
});

/** everything a user or an operator could see after a run */
function visible(result: RunNodeResult): string {
	return [
		JSON.stringify(result.outputs),
		inspect(result.error, { depth: 8 }),
		JSON.stringify(result.engineError ?? null),
		JSON.stringify(result.runData),
		result.logs.join('\n'),
	].join('\n');
}

describe('node description', () => {
	const node = new Autodialer();
	it('is usable as a tool, needs the autodialerApi credential and lists every seed 004 operation', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(node.description.credentials).toEqual([{ name: 'autodialerApi', required: true }]);
		const ops = (resource: string) =>
			(node.description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource,
			)?.options ?? []) as Array<{ value: string; description?: string }>;
		expect(ops('job').map((o) => o.value).sort()).toEqual(
			['create', 'delete', 'getCreateOptions', 'getMany', 'pause', 'start', 'update'].sort(),
		);
		expect(ops('customer').map((o) => o.value)).toEqual(['importNumbers']);
		expect(ops('job').find((o) => o.value === 'pause')?.description).toMatch(/stop/);
	});

	it('never asks for random_assignment_number or recycle_limit', () => {
		const names = node.description.properties.map((p) => p.name);
		expect(names.join(',')).not.toMatch(/random|recycle_limit|recycleLimit/i);
	});
});

describe('credential', () => {
	const credential = new AutodialerApi();

	it('is named autodialerApi with a required base URL without default and a masked token', () => {
		expect(credential.name).toBe('autodialerApi');
		expect(credential.displayName).toBe('Autodialer API');
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#autodialer');
		const field = (name: string) => credential.properties.find((p) => p.name === name)!;
		expect(field('baseUrl')).toMatchObject({ required: true, default: '' });
		expect(field('apiToken').typeOptions?.password).toBe(true);
		expect(field('headerName').default).toBe('Authorization');
		expect(field('headerPrefix').default).toBe('Bearer ');
		for (const p of credential.properties) {
			if (/token|key/i.test(p.name)) expect(p.typeOptions?.password).toBe(true);
		}
	});

	it('authenticate adds <headerName>: <headerPrefix><apiToken>', async () => {
		const request: IHttpRequestOptions = { url: '/v1/task', headers: { Accept: 'application/json' } };
		const out = await credential.authenticate(
			{ apiToken: 'abc', headerName: 'X-Api-Key', headerPrefix: 'Token ' },
			request,
		);
		expect(out.headers).toEqual({ Accept: 'application/json', 'X-Api-Key': 'Token abc' });
		const defaults = await credential.authenticate({ apiToken: 'abc', headerName: 'Authorization', headerPrefix: 'Bearer ' }, { url: '/' });
		expect(defaults.headers).toEqual({ Authorization: 'Bearer abc' });
	});

	/**
	 * What n8n's CredentialsTester (packages/cli, not installed here) does with `test`: send the
	 * request with the credential's authentication; a non-2xx answer fails (responseCode rules
	 * give the message, else the status); a 2xx answer fails when a responseSuccessBody rule's
	 * `get(body, key) === value`; otherwise OK. The body is what axios gives: parsed JSON, or the
	 * raw text when it is not JSON.
	 */
	async function credentialTest(data: IDataObject): Promise<{ status: 'OK' | 'Error'; message: string }> {
		const { request, rules = [] } = credential.test;
		const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: nodeTypes as unknown as INodeTypes });
		const baseURL = workflow.expression.getSimpleParameterValue(
			{ id: 't', name: 't', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
			String(request.baseURL),
			'internal',
			{ $credentials: data },
			undefined,
			'',
		) as string;
		const options = await credential.authenticate(data as never, { url: request.url!, headers: {} });
		const response = await fetch(`${baseURL}${request.url}`, {
			method: request.method,
			headers: { Accept: 'application/json', ...(options.headers as Record<string, string>) },
		});
		const text = await response.text();
		let body: unknown;
		try {
			body = JSON.parse(text);
		} catch {
			body = text;
		}
		const all = rules as Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody>;
		if (response.status < 200 || response.status > 299) {
			const rule = all.find((r) => r.type === 'responseCode' && r.properties.value === response.status);
			return { status: 'Error', message: rule?.properties.message ?? `Received HTTP status code: ${response.status}` };
		}
		for (const rule of all) {
			if (rule.type === 'responseSuccessBody' && get(body, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	}

	it('test request: GET /v1/task succeeds with the right token (trailing slash in the base URL is fine)', async () => {
		const result = await credentialTest({ ...sim.credentials, baseUrl: `${sim.url}/` });
		expect(result).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(callsTo()).toEqual(['GET /v1/task']);
		expect(sim.server.log[0].headers.authorization).toBe(`Bearer ${sim.credentials.apiToken}`);
	});

	it('test request: a wrong token (401) and a 403 fail with a clear message', async () => {
		expect(await credentialTest({ ...sim.credentials, apiToken: 'wrong' })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/rejected the token \(HTTP 401\)/),
		});
		sim.server.injectFault({ path: '/v1/task', response: { status: 403, body: { message: 'Forbidden' } } });
		expect((await credentialTest(sim.credentials)).message).toMatch(/no permission.*403/);
	});

	it('test request: an HTML login page or any other non-JSON 200 answer fails', async () => {
		const html = await startAutodialerSimulator({ unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const result = await credentialTest({ ...html.credentials, apiToken: 'wrong' });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/HTML page instead of JSON/);
		} finally {
			await html.close();
		}
		sim.server.injectFault({ path: '/v1/task', response: { status: 200, raw: 'OK' } });
		expect(await credentialTest(sim.credentials)).toEqual({ status: 'Error', message: expect.stringMatching(/not the JSON task list/) });
		sim.server.injectFault({ path: '/v1/task', response: { status: 200, body: { result: 'something else' } } });
		expect((await credentialTest(sim.credentials)).status).toBe('Error');
	});
});

describe('dropdowns from GET /v1/task/create', () => {
	const load = (methodName: string) =>
		loadOptions({
			nodeType: new Autodialer(),
			credentialTypes: [new AutodialerApi()],
			credentials: { autodialerApi: sim.credentials },
			methodName,
			parameters: createParams(),
			kind: 'loadOptions',
		});

	it('caller lines: only residue > 1, showing the caller number and the free concurrency', async () => {
		const options = await load('getCallerLines');
		expect(options.map((o) => o.value).sort()).toEqual([LINE_RESIDUE_30, LINE_RESIDUE_5].sort());
		const line5 = options.find((o) => o.value === LINE_RESIDUE_5)!;
		expect(line5.name).toContain('17361984317');
		expect(line5.name).toContain('5 free');
		expect(options.map((o) => o.value)).not.toContain(LINE_RESIDUE_1);
		expect(options.map((o) => o.value)).not.toContain(LINE_RESIDUE_0);
		expect(callsTo()).toEqual(['GET /v1/task/create']);
	});

	it('disable-dial time groups, redial rules and script groups', async () => {
		expect((await load('getDisableDialTimeGroups')).map((o) => [o.name, o.value])).toEqual(
			expect.arrayContaining([
				['休息时间', REST_TIME],
				['午休时间', LUNCH_TIME],
			]),
		);
		expect((await load('getRedialRules')).map((o) => o.value).sort()).toEqual(['1', '103']);
		const scripts = await load('getScriptGroups');
		expect(scripts.map((o) => o.value).sort()).toEqual(['1197', '390', '447']);
		expect(scripts.find((o) => o.value === '390')?.name).toBe('测试话术【复制】 (390)');
	});

	it('customer-service groups: only those with a transfer line and status 1', async () => {
		const groups = await load('getCustomerServiceGroups');
		expect(groups.map((o) => o.value)).toEqual(['21']);
	});

	it('job picker: searches GET /v1/task by name', async () => {
		const a = await createJob({ name: 'Alpha leads' });
		await createJob({ name: 'Beta leads' });
		const search = (filter?: string) =>
			loadOptions({
				nodeType: new Autodialer(),
				credentialTypes: [new AutodialerApi()],
				credentials: { autodialerApi: sim.credentials },
				methodName: 'searchJobs',
				parameters: { resource: 'job', operation: 'start' },
				kind: 'listSearch',
				filter,
			});
		expect((await search()).results).toHaveLength(2);
		const found = await search('alpha');
		expect(found.results).toEqual([{ name: 'Alpha leads (paused)', value: a }]);
		expect(found.paginationToken).toBeUndefined();
	});
});

describe('Job operations', () => {
	it('get create options returns the meta (optionally only the usable entries)', async () => {
		const [meta] = jsonOf(await run({ resource: 'job', operation: 'getCreateOptions' }));
		expect(meta.caller_line_list).toHaveLength(4);
		expect(meta.max_recycle_limit).toBe('50');
		expect((meta.outbound_group as IDataObject[]).map((g) => g.id)).toContain(390);
		const [usable] = jsonOf(await run({ resource: 'job', operation: 'getCreateOptions', usableOnly: true }));
		expect((usable.caller_line_list as IDataObject[]).map((l) => l.value).sort()).toEqual([LINE_RESIDUE_30, LINE_RESIDUE_5].sort());
		expect((usable.customer_service as IDataObject[]).map((g) => g.id)).toEqual([21]);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'GET /v1/task/create']);
	});

	it('creates a task: vendor field names, fixed zeros, one lookup for the residue check', async () => {
		const result = await run(
			createParams({ additionalFields: { customerServiceId: '21', remark: '第一个任务' } }),
		);
		const [task] = jsonOf(result);
		expect(task).toMatchObject({ name: '春季回访', start: 0, maximumcall: 3, customer_service_id: 21, remark: '第一个任务' });
		expect(task.progress_bar).toEqual({ total: 0, progress: 0, percent: 0 });
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task']);
		expect(sim.server.log[1].body).toEqual({
			name: '春季回访',
			caller_line_id: LINE_RESIDUE_5,
			maximumcall: 3,
			destination_extension: 1197,
			disable_dial_timegroup: REST_TIME,
			auto_recycle_rule_id: 103,
			_originate_timeout: 60,
			call_pause_second: 10,
			random_assignment_number: 0,
			recycle_limit: 0,
			customer_service_id: 21,
			remark: '第一个任务',
		});
		expect(sim.state.tasks).toHaveLength(1);
		expect(sim.server.log[1].headers.authorization).toBe(`Bearer ${sim.credentials.apiToken}`);
	});

	it('creates one task per item with a single meta lookup for the whole run', async () => {
		const items = [{ json: { n: 'A' } }, { json: { n: 'B' } }, { json: { n: 'C' } }];
		const out = jsonOf(await run(createParams({ name: '={{ $json.n }}' }), items));
		expect(out.map((t) => t.name)).toEqual(['A', 'B', 'C']);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task', 'POST /v1/task', 'POST /v1/task']);
	});

	it('updates a task with PUT and the full field set', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const [task] = jsonOf(
			await run({
				...createParams({ name: '改名', callerLineId: LINE_RESIDUE_30, maximumCall: 20, disableDialTimeGroup: LUNCH_TIME, callPauseSecond: 0 }),
				operation: 'update',
				jobId: job(uuid),
			}),
		);
		expect(task).toMatchObject({ uuid, name: '改名', maximumcall: 20, caller_line_id: LINE_RESIDUE_30, call_pause_second: 0 });
		expect(callsTo()).toEqual(['GET /v1/task/create', `PUT /v1/task/${uuid}`]);
		expect(sim.server.log[1].body).toMatchObject({ random_assignment_number: 0, recycle_limit: 0, disable_dial_timegroup: LUNCH_TIME });
		expect(sim.task(uuid)).toMatchObject({ name: '改名', maximumcall: 20 });
	});

	it('gets many tasks from {data: [...]}, with a limit', async () => {
		for (const name of ['one', 'two', 'three']) await createJob({ name });
		sim.server.clearLog();
		const all = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }));
		expect(all.map((t) => t.name)).toEqual(['one', 'two', 'three']);
		expect(all[0]).toHaveProperty('caller_line');
		const two = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: false, limit: 2 }));
		expect(two.map((t) => t.name)).toEqual(['one', 'two']);
		expect(callsTo()).toEqual(['GET /v1/task', 'GET /v1/task']);
	});

	it('follows Laravel pages when the platform pages the list', async () => {
		for (let i = 0; i < 5; i++) await createJob({ name: `t${i}` });
		sim.server.clearLog();
		const out = jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: false, limit: 2 }));
		expect(out.map((t) => t.name)).toEqual(['t0', 't1']);
		expect(sim.server.log[0].query).toEqual({ page: '1', per_page: '2' });
	});

	it('starts, pauses (GET /v1/task/stop) and deletes a task', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const [started] = jsonOf(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }));
		expect(started).toMatchObject({ uuid, start: 1 });
		expect(sim.task(uuid)?.start).toBe(1);
		const [paused] = jsonOf(await run({ resource: 'job', operation: 'pause', jobId: job(uuid) }));
		expect(paused).toMatchObject({ uuid, start: 0 });
		expect(sim.task(uuid)?.start).toBe(0);
		const [deleted] = jsonOf(await run({ resource: 'job', operation: 'delete', jobId: job(uuid) }));
		expect(deleted).toEqual({ success: true, uuid, message: 'ok' });
		expect(sim.task(uuid)).toBeUndefined();
		expect(callsTo()).toEqual([`GET /v1/task/start/${uuid}`, `GET /v1/task/stop/${uuid}`, `GET /v1/task/destroy/${uuid}`]);
	});

	it('summarises start/pause when the platform answers with an empty body', async () => {
		const quiet = await startAutodialerSimulator({ actionReply: 'empty', callsPerSecond: 0 });
		try {
			const [out] = jsonOf(await run(createParams(), undefined, { target: quiet }));
			const uuid = String(out.uuid);
			expect(jsonOf(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }, undefined, { target: quiet }))).toEqual([
				{ success: true, uuid, start: 1 },
			]);
			expect(quiet.task(uuid)?.start).toBe(1);
		} finally {
			await quiet.close();
		}
	});

	it('reports the vendor message of a 404 and a 422 as a NodeApiError', async () => {
		const missing = await run({ resource: 'job', operation: 'start', jobId: job('no-such-task') });
		expect(missing.error).toBeInstanceOf(NodeApiError);
		expect(missing.error!.message).toBe('Autodialer: Task not found: no-such-task');
		expect((missing.error as NodeApiError).httpCode).toBe('404');

		// a script group the account does not have: only the vendor knows
		const invalid = await run(createParams({ scriptGroupId: '999' }));
		expect(invalid.error).toBeInstanceOf(NodeApiError);
		expect(invalid.error!.message).toMatch(/The selected destination extension is invalid/);
		expect((invalid.error as NodeApiError).httpCode).toBe('422');
		expect(sim.state.tasks).toHaveLength(0);
	});

	it('does not retry a create after a 5xx (outcome unknown), but retries a read', async () => {
		sim.server.injectFault({ path: '/v1/task', response: { status: 502, raw: 'Bad Gateway' } });
		const failed = await run(createParams());
		expect(failed.error).toBeInstanceOf(NodeApiError);
		expect((failed.error as NodeApiError).description).toMatch(/outcome unknown/);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task']);

		sim.server.clearLog();
		sim.server.injectFault({ path: '/v1/task', response: { status: 503, body: { message: 'busy' } } });
		expect(jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }))).toEqual([]);
		expect(callsTo()).toEqual(['GET /v1/task', 'GET /v1/task']);
	});
});

describe('validation before any state-changing request', () => {
	const cases: Array<[string, INodeParameters, RegExp, boolean]> = [
		['Max Concurrent Calls 0', { maximumCall: 0 }, /Max Concurrent Calls must be at least 1/, false],
		['Max Concurrent Calls above the line residue', { maximumCall: 6 }, /Max Concurrent Calls must be at most 5, the free concurrency/, true],
		['a line with residue 1', { callerLineId: LINE_RESIDUE_1, maximumCall: 1 }, /Caller Line .* has 1 free concurrent call\(s\); only lines with more than 1/, true],
		['an unknown line', { callerLineId: 'nope' }, /Caller Line "nope" is not one of the account's caller lines/, true],
		['an unusable customer-service group', { additionalFields: { customerServiceId: '22' } }, /Customer Service Group 22 is not usable/, true],
		['negative pause', { callPauseSecond: -1 }, /Pause Between Calls \(Seconds\) must be at least 0/, false],
		['dial timeout too short', { originateTimeout: 5 }, /Dial Timeout \(Seconds\) must be at least 10/, false],
		['dial timeout too long', { originateTimeout: 300 }, /Dial Timeout \(Seconds\) must be at most 120/, false],
		['no name', { name: '  ' }, /Job Name is required/, false],
		['fractional concurrency', { maximumCall: 1.5 }, /Max Concurrent Calls must be a whole number/, false],
	];

	it.each(cases)('rejects %s', async (_label, over, message, looksUp) => {
		const result = await run(createParams(over));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toMatch(message);
		expect(stateChanging()).toEqual([]);
		// the residue check needs exactly one lookup; checks without the vendor need none
		expect(callsTo()).toEqual(looksUp ? ['GET /v1/task/create'] : []);
		expect(sim.state.tasks).toHaveLength(0);
	});

	it('checks update the same way (no PUT)', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const result = await run({ ...createParams({ maximumCall: 31, callerLineId: LINE_RESIDUE_30 }), operation: 'update', jobId: job(uuid) });
		expect(result.error!.message).toMatch(/must be at most 30/);
		expect(callsTo()).toEqual(['GET /v1/task/create']);
	});

	it('an invalid item stops the run before any item is sent', async () => {
		const items = [{ json: { m: 2 } }, { json: { m: 0 } }];
		const result = await run(createParams({ maximumCall: '={{ $json.m }}' }), items);
		expect(result.error!.message).toMatch(/at least 1/);
		expect(sim.server.log).toHaveLength(0);
	});

	it('rejects a missing or malformed phone number before any import request', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		for (const phone of ['', '12ab45', '123']) {
			const result = await run(importParams(uuid), [{ json: { phone: '13800000000' } }, { json: { phone } }]);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect(result.error!.message).toMatch(/Phone Number (is required|must be a phone number)/);
		}
		const badJson = await run(importParams(uuid, { extraFields: '{nope' }));
		expect(badJson.error!.message).toMatch(/Extra Fields per Number \(JSON\) must be valid JSON/);
		expect(sim.server.log).toHaveLength(0);
		expect(sim.task(uuid)?.numbers).toHaveLength(0);
	});
});

describe('Customer: import numbers', () => {
	it('sends 250 numbers in 3 requests of at most 100 and answers one item per number', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const result = await run(importParams(uuid), phones(250));
		const out = jsonOf(result);
		expect(out).toHaveLength(250);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 250 }, (_, item) => ({ item })));
		expect(out[0]).toEqual({ jobId: uuid, number: '13800000000', name: 'Lead 0', imported: true });
		const imports = sim.server.requests(`/import_task_customer/${uuid}`);
		expect(imports.map((r) => ((r.body as IDataObject).numbers as unknown[]).length)).toEqual([100, 100, 50]);
		expect(callsTo()).toHaveLength(3);
		expect(sim.task(uuid)!.numbers.map((n) => n.number)).toEqual(phones(250).map((p) => p.json.phone));
	});

	it('honours a configured batch size and sends variables and extra fields per number', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const items = phones(5).map((p, i) => ({ json: { ...p.json, amount: `${i}00`, region: i % 2 ? 'north' : 'south' } }));
		const out = jsonOf(
			await run(
				importParams(uuid, {
					variablesJson: '={{ JSON.stringify({ amount: $json.amount }) }}',
					extraFields: '={{ JSON.stringify({ region: $json.region, source: "crm" }) }}',
					options: { batchSize: 2 },
				}),
				items,
			),
		);
		expect(out).toHaveLength(5);
		const imports = sim.server.requests('/import_task_customer/' + uuid);
		expect(imports.map((r) => ((r.body as IDataObject).numbers as unknown[]).length)).toEqual([2, 2, 1]);
		expect(((imports[0].body as IDataObject).numbers as IDataObject[])[1]).toEqual({
			region: 'north',
			source: 'crm',
			number: '13800000001',
			name: 'Lead 1',
			variables: { amount: '100' },
		});
		const stored = sim.task(uuid)!.numbers[1];
		expect(stored).toMatchObject({ number: '13800000001', variables: { amount: '100' }, extra: { region: 'north', source: 'crm' } });
	});

	it('adapts to a platform with other body keys (List Key / Number Key options)', async () => {
		const other = await startAutodialerSimulator({ importListKey: 'customers', importNumberKey: 'phone', callsPerSecond: 0 });
		try {
			const [task] = jsonOf(await run(createParams(), undefined, { target: other }));
			const uuid = String(task.uuid);
			// the default shape is refused by this platform…
			const refused = await run(importParams(uuid), phones(2), { target: other });
			expect(refused.error).toBeInstanceOf(NodeApiError);
			expect(refused.error!.message).toMatch(/The customers field is required/);
			// …and accepted once the keys are set
			const out = jsonOf(
				await run(importParams(uuid, { options: { listKey: 'customers', numberKey: 'phone' } }), phones(2), { target: other }),
			);
			expect(out[0]).toEqual({ jobId: uuid, phone: '13800000000', name: 'Lead 0', imported: true });
			const last = other.server.requests('/import_task_customer/' + uuid).pop()!;
			expect(last.body).toEqual({
				customers: [
					{ phone: '13800000000', name: 'Lead 0' },
					{ phone: '13800000001', name: 'Lead 1' },
				],
			});
			expect(other.task(uuid)!.numbers.map((n) => n.number)).toEqual(['13800000000', '13800000001']);
		} finally {
			await other.close();
		}
	});

	it('does not resend a batch whose outcome is unknown and says which items are affected', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/import_task_customer/' + uuid, response: { status: 500, body: { message: 'Server Error' } }, afterHandler: false });
		const result = await run(importParams(uuid), phones(150));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).description).toMatch(/Items 1–100 may or may not have been accepted.*50 later item\(s\) were not sent/);
		expect(sim.server.requests('/import_task_customer/' + uuid)).toHaveLength(1);
	});
});

describe('Continue On Fail', () => {
	it('returns an error item for exactly the failed items of a per-item operation', async () => {
		const a = await createJob({ name: 'a' });
		const b = await createJob({ name: 'b' });
		sim.server.clearLog();
		const items = [{ json: { id: a } }, { json: { id: 'missing-task' } }, { json: { id: b } }];
		const result = await run({ resource: 'job', operation: 'start', jobId: job('={{ $json.id }}') as never }, items, {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const out = result.items;
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json).toMatchObject({ uuid: a, start: 1 });
		expect(out[1].json).toMatchObject({ error: 'Autodialer: Task not found: missing-task', httpStatus: 404 });
		expect(out[2].json).toMatchObject({ uuid: b, start: 1 });
	});

	it('an invalid item gets an error item; the others are created', async () => {
		const items = [{ json: { m: 2 } }, { json: { m: 9 } }, { json: { m: 0 } }, { json: { m: 3 } }];
		const result = await run(createParams({ maximumCall: '={{ $json.m }}' }), items, { continueOnFail: true });
		const out = result.items.map((i) => i.json);
		expect(out[0]).toMatchObject({ maximumcall: 2 });
		expect(out[1]).toMatchObject({ error: expect.stringMatching(/must be at most 5/), outcome: 'not-sent' });
		expect(out[2]).toMatchObject({ error: expect.stringMatching(/at least 1/), outcome: 'not-sent' });
		expect(out[3]).toMatchObject({ maximumcall: 3 });
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task', 'POST /v1/task']);
	});

	it('import: a bad number and a failed batch give error items for exactly those items', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const items = phones(6);
		items[1].json.phone = 'not-a-phone';
		// the second import request fails
		let seen = 0;
		sim.server.injectFault({
			path: (req) => req.path.includes('/import_task_customer/') && ++seen === 2,
			response: { status: 422, body: { message: 'The numbers.0.number has already been taken.' } },
		});
		const result = await run(importParams(uuid, { options: { batchSize: 2 } }), items, { continueOnFail: true });
		const out = result.items.map((i) => i.json);
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(out[1]).toMatchObject({ error: expect.stringMatching(/Phone Number must be a phone number/), outcome: 'not-sent' });
		// valid items 0,2 | 3,4 | 5 → the second batch (items 3 and 4) failed
		expect(out[0]).toMatchObject({ imported: true });
		expect(out[2]).toMatchObject({ imported: true });
		expect(out[3]).toMatchObject({ number: '13800000003', error: 'Autodialer: The numbers.0.number has already been taken.', httpStatus: 422 });
		expect(out[4]).toMatchObject({ number: '13800000004', httpStatus: 422 });
		expect(out[5]).toMatchObject({ imported: true });
		expect(sim.task(uuid)!.numbers.map((n) => n.number)).toEqual(['13800000000', '13800000002', '13800000005']);
	});
});

describe('authentication failures and non-JSON answers', () => {
	it('a wrong token gives a clear 401 error and sends nothing else', async () => {
		const result = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
			credentials: { apiToken: 'wrong-token-123' },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toBe('Autodialer: Unauthenticated.');
		expect((result.error as NodeApiError).httpCode).toBe('401');
		expect(callsTo()).toEqual(['GET /v1/task']);
	});

	it('a custom header name and prefix reach the platform', async () => {
		const custom = await startAutodialerSimulator({ headerName: 'X-Api-Key', headerPrefix: '', apiToken: 'k-123', callsPerSecond: 0 });
		try {
			expect(jsonOf(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target: custom }))).toEqual([]);
			expect(custom.server.log[0].headers['x-api-key']).toBe('k-123');
			const wrong = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
				target: custom,
				credentials: { headerName: 'Authorization', headerPrefix: 'Bearer ' },
			});
			expect(wrong.error!.message).toBe('Autodialer: Unauthenticated.');
		} finally {
			await custom.close();
		}
	});

	it('an HTML login page (HTTP 200) is an error, not data, and no create is sent', async () => {
		const html = await startAutodialerSimulator({ unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const list = await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, {
				target: html,
				credentials: { apiToken: 'expired' },
			});
			expect(list.error).toBeInstanceOf(NodeApiError);
			expect(list.error!.message).toMatch(/HTML page instead of JSON .*login page.*API token/);
			expect(list.items).toEqual([]);

			const create = await run(createParams(), undefined, { target: html, credentials: { apiToken: 'expired' } });
			expect(create.error!.message).toMatch(/HTML page instead of JSON/);
			expect(callsTo(html)).toEqual(['GET /v1/task', 'GET /v1/task/create']);
			expect(html.state.tasks).toHaveLength(0);
		} finally {
			await html.close();
		}
	});

	it('a 200 with a non-JSON body is an error', async () => {
		const uuid = await createJob();
		sim.server.injectFault({ path: `/v1/task/start/${uuid}`, response: { status: 200, raw: 'started, thanks' } });
		const result = await run({ resource: 'job', operation: 'start', jobId: job(uuid) });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toBe('Autodialer: answered with a non-JSON body: started, thanks');
		expect((result.error as NodeApiError).description).toMatch(`endpoint GET /v1/task/start/${uuid}`);
	});
});

describe('secrecy', () => {
	it('the token never appears in outputs, errors or logs', async () => {
		const secret = 'sk-SUPER-secret-token-987';
		const target = await startAutodialerSimulator({ apiToken: secret, callsPerSecond: 0 });
		const html = await startAutodialerSimulator({ apiToken: secret, unauthenticatedMode: 'html-login', callsPerSecond: 0 });
		try {
			const results: RunNodeResult[] = [];
			results.push(await run(createParams(), undefined, { target }));
			const uuid = String(results[0].items[0].json.uuid);
			results.push(await run(importParams(uuid), phones(3), { target }));
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target }));
			// failures: wrong token (401), 5xx, non-JSON, HTML login page, continue-on-fail items
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target, credentials: { apiToken: `${secret}-x` } }));
			target.server.injectFault({ path: '/v1/task', response: { status: 500, raw: 'boom' }, times: 3 });
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target }));
			target.server.injectFault({ path: `/v1/task/start/${uuid}`, response: { status: 200, raw: 'plain' } });
			results.push(await run({ resource: 'job', operation: 'start', jobId: job(uuid) }, undefined, { target }));
			results.push(await run({ resource: 'job', operation: 'start', jobId: job('nope') }, undefined, { target, continueOnFail: true }));
			results.push(await run({ resource: 'job', operation: 'getMany', returnAll: true }, undefined, { target: html, credentials: { apiToken: `${secret}-old` } }));
			expect(results.filter((r) => r.error)).toHaveLength(4);
			for (const result of results) expect(visible(result)).not.toContain(secret);
			expect(allLogs().join('\n')).not.toContain(secret);
			// the token did travel where it belongs
			expect(target.server.log[0].headers.authorization).toBe(`Bearer ${secret}`);
		} finally {
			await target.close();
			await html.close();
		}
	});
});
