import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	startTanyiSimulator,
	tanyiSignature,
	wecomDecrypt,
	wecomEncrypt,
	wecomSignature,
	type TanyiSimOptions,
	type TanyiSimulator,
} from '.';

interface Envelope<T = any> {
	code: number;
	data: T;
	requestId: string;
	resultMsg: string;
	errorStackTrace: null;
}

/** signing written independently of the emulator (VENDORS.md §1) */
function sign(creds: { appKey: string; appSecret: string; tenantSign: string }, timestamp: string): string {
	return crypto
		.createHash('sha256')
		.update(
			`${creds.tenantSign}appKey=${creds.appKey}&appSecret=${creds.appSecret}&tenantSign=${creds.tenantSign}&version=v1&timestamp=${timestamp}`,
		)
		.digest('hex');
}

function headersFor(sim: TanyiSimulator, now = Date.now()): Record<string, string> {
	const ts = String(now);
	return {
		appKey: sim.credentials.appKey,
		tenantSign: sim.credentials.tenantSign,
		version: 'v1',
		timestamp: ts,
		signature: sign(sim.credentials, ts),
		'Content-Type': 'application/json',
	};
}

async function call<T = any>(
	sim: TanyiSimulator,
	method: string,
	path: string,
	body?: unknown,
	opts: { headers?: Record<string, string>; now?: number } = {},
): Promise<{ status: number; json: Envelope<T> }> {
	const res = await fetch(sim.url + path, {
		method,
		headers: opts.headers ?? headersFor(sim, opts.now),
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: res.status, json: (await res.json()) as Envelope<T> };
}

function jobBody(overrides: Record<string, unknown> = {}, jobOverrides: Record<string, unknown> = {}) {
	return {
		concurrencyQuota: 2,
		jobPhoneNumberIdList: [348],
		...overrides,
		robotCallJob: {
			name: 'API test job',
			mode: 'MANUAL',
			dailyStartTime: '09:00',
			dailyEndTime: '20:00',
			inactiveTimeList: [{ startTime: '12:00', endTime: '13:00' }],
			dialogFlowId: 2,
			robotCount: 2,
			phoneType: 'LANDLINE',
			wechatSendMethod: 'SENDTOALL',
			...jobOverrides,
		},
	};
}

function customers(n: number, prefix = '1380013') {
	return Array.from({ length: n }, (_, i) => ({
		name: `Customer ${i}`,
		phoneNumber: `${prefix}${String(i).padStart(4, '0')}`,
		properties: { 欠款金额: String(10 + i) },
	}));
}

async function createJob(sim: TanyiSimulator, overrides = {}, jobOverrides = {}): Promise<number> {
	const { json } = await call(sim, 'POST', '/job/create', jobBody(overrides, jobOverrides));
	expect(json.code).toBe(200);
	return json.data.robotCallJobId as number;
}

/** a callback receiver whose answers are scripted per request */
async function receiver(answer: (n: number, req: { url: string; body: string; headers: http.IncomingHttpHeaders }) => { status: number; body: string }) {
	const received: Array<{ url: string; body: string; headers: http.IncomingHttpHeaders }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const entry = { url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
			received.push(entry);
			const a = answer(received.length, entry);
			res.writeHead(a.status, { 'content-type': 'text/plain' });
			res.end(a.body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('Tanyi emulator', () => {
	let sim: TanyiSimulator;
	const opts: TanyiSimOptions = { callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10] };

	beforeEach(async () => {
		sim = await startTanyiSimulator(opts);
	});
	afterEach(async () => {
		await sim.close();
	});

	describe('authentication', () => {
		it('reproduces the worked example of VENDORS.md', () => {
			expect(tanyiSignature('demoAppKey123456', 'demoAppSecret0123456789abcdefghi', 'demotenant', '1557747252783')).toBe(
				'003ebb1200cf8e645215783ef7e39d40b9c03b0970b13a79ea20b4c0b2b12505',
			);
		});

		it('accepts the worked example headers when the clock is near the example timestamp', async () => {
			const demo = await startTanyiSimulator({
				appKey: 'demoAppKey123456',
				appSecret: 'demoAppSecret0123456789abcdefghi',
				tenantSign: 'demotenant',
				now: () => 1557747252783 + 60_000,
			});
			try {
				const headers = {
					appKey: 'demoAppKey123456',
					tenantSign: 'demotenant',
					version: 'v1',
					timestamp: '1557747252783',
					signature: '003ebb1200cf8e645215783ef7e39d40b9c03b0970b13a79ea20b4c0b2b12505',
				};
				const ok = await call(demo, 'GET', '/tenant/getTenant', undefined, { headers });
				expect(ok.status).toBe(200);
				expect(ok.json.code).toBe(200);
				expect(ok.json.data.tenantSign).toBe('demotenant');
				// one digit off in the signature → refused
				const bad = await call(demo, 'GET', '/tenant/getTenant', undefined, {
					headers: { ...headers, signature: headers.signature.replace(/^0/, '1') },
				});
				expect(bad.json.code).toBe(401);
			} finally {
				await demo.close();
			}
		});

		it('refuses missing, wrong, upper-case, stale and second-based signatures with HTTP 200 + code 401', async () => {
			const good = headersFor(sim);
			const variants: Array<Record<string, string>> = [
				(({ signature: _s, ...rest }) => rest)(good),
				{ ...good, signature: sign({ ...sim.credentials, appSecret: 'wrong' }, good.timestamp) },
				{ ...good, signature: good.signature.toUpperCase() },
				{ ...good, appKey: 'otherKey', signature: sign({ ...sim.credentials, appKey: 'otherKey' }, good.timestamp) },
				{ ...good, version: 'v2' },
				headersFor(sim, Date.now() - 6 * 60_000),
				(() => {
					const ts = String(Math.floor(Date.now() / 1000));
					return { ...good, timestamp: ts, signature: sign(sim.credentials, ts) };
				})(),
			];
			for (const headers of variants) {
				const { status, json } = await call(sim, 'GET', '/tenant/getTenant', undefined, { headers });
				expect(status).toBe(200);
				expect(json).toEqual({ code: 401, data: null, requestId: expect.any(String), resultMsg: expect.any(String), errorStackTrace: null });
			}
			const ok = await call(sim, 'GET', '/tenant/getTenant');
			expect(ok.json.code).toBe(200);
		});

		it('refuses a request that sends appSecret as a header even when the signature is right', async () => {
			const { json } = await call(sim, 'GET', '/tenant/getTenant', undefined, {
				headers: { ...headersFor(sim), appSecret: sim.credentials.appSecret },
			});
			expect(json.code).toBe(401);
			expect(json.resultMsg).toMatch(/appSecret/);
		});

		it('answers a wrong method with 405 and an unknown path with 404', async () => {
			const wrong = await call(sim, 'GET', '/job/create');
			expect(wrong.status).toBe(405);
			expect(wrong.json.code).toBe(405);
			const put = await call(sim, 'POST', '/job/modify', jobBody({ robotCallJobId: 1 }));
			expect(put.status).toBe(405);
			const unknown = await call(sim, 'GET', '/job/nothing');
			expect(unknown.status).toBe(404);
			expect(unknown.json.code).toBe(404);
		});
	});

	describe('job create / modify rules', () => {
		it('creates a valid job (LANDLINE, MOBILE without concurrencyQuota, AUTO with startTime, redial trio)', async () => {
			const id = await createJob(sim);
			expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.status).toBe('NOT_STARTED');
			await createJob(sim, { concurrencyQuota: undefined, jobPhoneNumberIdList: [401, 402] }, { phoneType: 'MOBILE' });
			await createJob(
				sim,
				{},
				{ mode: 'AUTO', startTime: '2030-01-01 10:00:00', redialCondition: ['BUSY', 'NO_ANSWER'], redialInterval: 6, redialTimes: 10 },
			);
			await createJob(sim, { jobPhoneNumberIdList: [900] }, { phoneType: 'CALL_POLICY_GROUP' });
			await createJob(sim, {}, { dialogFlowId: 139, csStaffGroupId: 11 });
			await createJob(sim, { transferPhoneNumber: ['1523654789'] }, { dialogFlowId: 140 });
			expect(sim.state.jobs).toHaveLength(6);
		});

		const violations: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
			['daily start before 09:00', {}, { dailyStartTime: '08:30' }, /dailyStartTime/],
			['daily end after 20:00', {}, { dailyEndTime: '21:00' }, /dailyEndTime/],
			['not HH:mm', {}, { dailyStartTime: '9:00' }, /dailyStartTime.*HH:mm/],
			['start not before end', {}, { dailyStartTime: '15:00', dailyEndTime: '15:00' }, /dailyStartTime/],
			['four inactive windows', {}, { inactiveTimeList: [1, 2, 3, 4].map((h) => ({ startTime: `1${h}:00`, endTime: `1${h}:30` })) }, /inactiveTimeList/],
			['inactive window outside daily window', {}, { dailyEndTime: '18:00', inactiveTimeList: [{ startTime: '17:00', endTime: '19:00' }] }, /inactiveTimeList\[0\]/],
			['inactive window reversed', {}, { inactiveTimeList: [{ startTime: '13:00', endTime: '12:00' }] }, /inactiveTimeList\[0\]\.startTime/],
			['AUTO without startTime', {}, { mode: 'AUTO' }, /startTime/],
			['bad mode', {}, { mode: 'SOMETIMES' }, /mode/],
			['bad phoneType', {}, { phoneType: 'FAX' }, /phoneType/],
			['LANDLINE with two lines', { jobPhoneNumberIdList: [348, 349] }, {}, /jobPhoneNumberIdList/],
			['LANDLINE id is a mobile line', { jobPhoneNumberIdList: [401] }, {}, /jobPhoneNumberIdList\[0\]/],
			['unknown line id', { jobPhoneNumberIdList: [77777] }, {}, /jobPhoneNumberIdList\[0\]/],
			['LANDLINE without concurrencyQuota', { concurrencyQuota: undefined }, {}, /concurrencyQuota/],
			['redial trio incomplete', {}, { redialCondition: ['BUSY'], redialTimes: 2 }, /redialInterval/],
			['redialInterval below 6', {}, { redialCondition: ['BUSY'], redialInterval: 5, redialTimes: 2 }, /redialInterval/],
			['redialTimes above 10', {}, { redialCondition: ['BUSY'], redialInterval: 6, redialTimes: 11 }, /redialTimes/],
			['redialCondition unknown', {}, { redialCondition: ['ANSWERED'], redialInterval: 6, redialTimes: 1 }, /redialCondition/],
			['redialCondition empty', {}, { redialCondition: [], redialInterval: 6, redialTimes: 1 }, /redialCondition/],
			['bad wechatSendMethod', {}, { wechatSendMethod: 'ALL' }, /wechatSendMethod/],
			['unknown dialogFlowId', {}, { dialogFlowId: 9999 }, /dialogFlowId/],
			['flow needs csStaffGroupId', {}, { dialogFlowId: 139 }, /csStaffGroupId/],
			['flow needs transferPhoneNumber', {}, { dialogFlowId: 140 }, /transferPhoneNumber/],
			['missing name', {}, { name: undefined }, /name/],
			['missing robotCount', {}, { robotCount: undefined }, /robotCount/],
		];
		it.each(violations)('refuses %s with 412 naming the field', async (_label, top, inner, field) => {
			const { status, json } = await call(sim, 'POST', '/job/create', jobBody(top, inner));
			expect(status).toBe(200);
			expect(json.code).toBe(412);
			expect(json.data).toBeNull();
			expect(json.resultMsg).toMatch(field);
			expect(sim.state.jobs).toHaveLength(0);
		});

		it('refuses a flat body without robotCallJob', async () => {
			const { json } = await call(sim, 'POST', '/job/create', { concurrencyQuota: 1, jobPhoneNumberIdList: [348], name: 'x', mode: 'MANUAL' });
			expect(json.code).toBe(412);
			expect(json.resultMsg).toMatch(/robotCallJob/);
		});

		it('modifies with robotCallJobId at top level or inside robotCallJob, applying the same rules', async () => {
			const id = await createJob(sim);
			const top = await call(sim, 'PATCH', '/job/modify', { ...jobBody({}, { name: 'Renamed' }), robotCallJobId: id });
			expect(top.json.code).toBe(200);
			expect(sim.state.jobs[0].name).toBe('Renamed');
			const inner = await call(sim, 'PATCH', '/job/modify', jobBody({}, { name: 'Inner', robotCallJobId: String(id) }));
			expect(inner.json.code).toBe(200);
			expect(sim.state.jobs[0].name).toBe('Inner');
			const bad = await call(sim, 'PATCH', '/job/modify', { ...jobBody({}, { dailyEndTime: '22:00' }), robotCallJobId: id });
			expect(bad.json.code).toBe(412);
			expect(bad.json.resultMsg).toMatch(/dailyEndTime/);
			expect(sim.state.jobs[0].dailyEndTime).toBe('20:00');
			const missing = await call(sim, 'PATCH', '/job/modify', { ...jobBody(), robotCallJobId: 424242 });
			expect(missing.json.code).toBe(404);
		});
	});

	describe('customers', () => {
		it('refuses 101 customers with 412 and leaves the state unchanged; accepts 100', async () => {
			const id = await createJob(sim);
			const tooMany = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(101) });
			expect(tooMany.json.code).toBe(412);
			expect(tooMany.json.resultMsg).toMatch(/customerPersons/);
			expect(sim.state.tasks).toHaveLength(0);
			expect(sim.state.customers).toHaveLength(0);

			const noPhone = customers(60);
			delete (noPhone[50] as { phoneNumber?: string }).phoneNumber;
			const missing = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: noPhone });
			expect(missing.json.code).toBe(412);
			expect(missing.json.resultMsg).toMatch(/customerPersons\[50\]\.phoneNumber/);
			expect(sim.state.tasks).toHaveLength(0);

			const empty = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: [] });
			expect(empty.json.code).toBe(412);
			const nested = await call(sim, 'POST', '/job/importCustomer', {
				robotCallJobId: id,
				customerPersons: [{ phoneNumber: '13800000000', properties: { a: { b: 1 } } }],
			});
			expect(nested.json.resultMsg).toMatch(/properties\.a/);

			const ok = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(100) });
			expect(ok.json).toEqual({ code: 200, data: null, requestId: expect.any(String), resultMsg: expect.any(String), errorStackTrace: null });
			expect(sim.state.tasks).toHaveLength(100);

			const noJob = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: 999999, customerPersons: customers(1) });
			expect(noJob.json.code).toBe(404);
			const noId = await call(sim, 'POST', '/job/importCustomer', { customerPersons: customers(1) });
			expect(noId.json.code).toBe(412);
			expect(noId.json.resultMsg).toMatch(/robotCallJobId/);
		});

		it('keeps duplicate phone numbers but counts them', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(3) });
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(2) });
			expect(sim.state.tasks).toHaveLength(5);
			expect(sim.state.duplicatePhoneImports).toBe(2);
		});

		it('imports asynchronously up to 10,000 and de-duplicates a repeated batchId', async () => {
			const id = await createJob(sim);
			const first = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-1', customerPersons: customers(250) });
			expect(first.json.data).toEqual({ batchId: 'b-1', importedCount: 250, duplicate: false });
			const again = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-1', customerPersons: customers(250) });
			expect(again.json.code).toBe(200);
			expect(again.json.data.duplicate).toBe(true);
			expect(sim.state.tasks).toHaveLength(250);
			const big = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-2', customerPersons: customers(10_001, '139') });
			expect(big.json.code).toBe(412);
			const noBatch = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, customerPersons: customers(1) });
			expect(noBatch.json.resultMsg).toMatch(/batchId/);
		});

		it('lists and deletes to-be-called customers (comma-separated or repeated ids)', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(45) });
			const list = await call(sim, 'GET', `/callRecord/toBeCalledList?robotCallJobId=${id}&pageNum=3&pageSize=20`);
			expect(list.json.data).toMatchObject({ number: 3, pageSize: 20, totalElements: 45, pages: 3 });
			expect(list.json.data.content).toHaveLength(5);
			expect(list.json.data.content[0]).toMatchObject({ status: 'NOT_STARTED', customerPersonName: 'Customer 40', properties: { 欠款金额: '50' } });

			const ids = sim.state.tasks.map((t) => t.robotCallTaskId);
			const one = await call(sim, 'POST', '/callRecord/deleteRobotCallTask', { robotCallTaskId: ids[0] });
			expect(one.json.code).toBe(200);
			const gone = await call(sim, 'POST', '/callRecord/deleteRobotCallTask', { robotCallTaskId: ids[0] });
			expect(gone.json.code).toBe(404);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&robotCallTaskIds=${ids[1]},${ids[2]}`);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&robotCallTaskIds=${ids[3]}&robotCallTaskIds=${ids[4]}&calledPhoneNumber=nomatch`);
			expect(sim.state.tasks).toHaveLength(40);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&calledPhoneNumber=13800130044`);
			expect(sim.state.tasks).toHaveLength(39);
			const wrongMethod = await call(sim, 'POST', '/callRecord/deleteRobotCallTaskList', { robotCallJobId: id });
			expect(wrongMethod.status).toBe(405);
		});
	});

	describe('job lifecycle and call records', () => {
		it('starts, completes calls, pages call records and completes the job', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(45) });
			expect((await call(sim, 'POST', '/job/pause', { robotCallJobId: id })).json.code).toBe(412);
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('IN_PROCESS');
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(412);

			const first = sim.completeCalls(id, 30);
			expect(first).toHaveLength(30);
			expect(first.map((r) => r.callRecordId)).toEqual([...first.map((r) => r.callRecordId)].sort((a, b) => a - b));

			const stats = await call(sim, 'POST', '/job/getJobStatsInfoList', [String(id), id]);
			expect(stats.json.data).toEqual({ [String(id)]: { taskTotal: 45, taskCompleted: 30 } });
			const objectBody = await call(sim, 'POST', '/job/getJobStatsInfoList', { robotCallJobId: [id] });
			expect(objectBody.json.code).toBe(412);

			const page2 = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageNum: 2, pageSize: 20 });
			expect(page2.json.data).toMatchObject({ number: 2, pageSize: 20, totalElements: 30, pages: 2 });
			expect(page2.json.data.content).toHaveLength(10);
			const rec = page2.json.data.content[0];
			expect(rec.startTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(rec.endTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(['A', 'B', 'C', 'D', 'E', 'F']).toContain(rec.intentLevel);
			expect(rec).toHaveProperty('callDetailList');
			expect(rec).toHaveProperty('fullAudioUrl');

			const all = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 100 });
			const starts: string[] = all.json.data.content.map((r: { startTime: string }) => r.startTime);
			expect(starts).toEqual([...starts].sort().reverse());
			const answered = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, resultStatuses: ['ANSWERED'], pageSize: 100 });
			expect(answered.json.data.totalElements).toBeGreaterThan(0);
			expect(answered.json.data.totalElements).toBeLessThan(30);
			expect(answered.json.data.content.every((r: { resultStatus: string }) => r.resultStatus === 'ANSWERED')).toBe(true);
			const byId = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, callRecordId: first[3].callRecordId });
			expect(byId.json.data.content.map((r: { callRecordId: number }) => r.callRecordId)).toEqual([first[3].callRecordId]);

			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 101 })).json.resultMsg).toMatch(/pageSize/);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, redialTimes: 1 })).json.resultMsg).toMatch(/redialTimes/);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, redialTimes: 0, lastCallRecord: true })).json.data.totalElements).toBe(30);
			expect((await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { pageSize: 10 })).json.code).toBe(412);

			const detail = await call(sim, 'GET', `/callRecord/callDetail?callRecordId=${first[0].callRecordId}`);
			expect(detail.json.data).toMatchObject({ callRecordId: first[0].callRecordId, robotCallJobId: id, customerPerson: { phoneNumber: first[0].calledPhoneNumber } });
			expect(detail.json.data.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
			expect((await call(sim, 'GET', '/callRecord/callDetail?callRecordId=1')).json.code).toBe(404);

			sim.completeCalls(id);
			expect(sim.state.jobs[0].status).toBe('COMPLETED');
			const restart = await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect(restart.json.code).toBe(412);
			expect(() => sim.completeCalls(id)).toThrow(/COMPLETED/);

			// re-adding called customers makes the job runnable again
			const re = await call(sim, 'POST', '/job/reAddCustomerToJob', { robotCallJobId: id, customerPersonIds: [first[0].customerPersonId] });
			expect(re.json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('RUNNABLE');
			const tbc = await call(sim, 'GET', `/callRecord/toBeCalledList?robotCallJobId=${id}`);
			expect(tbc.json.data.totalElements).toBe(1);
			expect((await call(sim, 'POST', '/job/start', { robotCallJobId: id })).json.code).toBe(200);
			sim.completeCalls(id);
			const last = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, lastCallRecord: true, pageSize: 100 });
			expect(last.json.data.totalElements).toBe(45);
			const withDupes = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, pageSize: 100 });
			expect(withDupes.json.data.totalElements).toBe(46);
		});

		it('pauses, stops and deletes; a terminated job cannot be started', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect((await call(sim, 'POST', '/job/pause', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('USER_PAUSE');
			expect(() => sim.completeCalls(id)).toThrow(/USER_PAUSE/);
			expect((await call(sim, 'PATCH', '/job/modify', { ...jobBody(), robotCallJobId: id })).json.code).toBe(200);
			expect((await call(sim, 'POST', '/job/stop', { robotCallJobId: id })).json.code).toBe(200);
			expect(sim.state.jobs[0].status).toBe('TERMINATE');
			const start = await call(sim, 'POST', '/job/start', { robotCallJobId: id });
			expect(start.json.code).toBe(412);
			expect((await call(sim, 'POST', '/job/updateAiCount', { robotCallJobId: id, robotCount: 0 })).json.resultMsg).toMatch(/robotCount/);
			expect((await call(sim, 'POST', '/job/updateAiCount', { robotCallJobId: id, robotCount: 5 })).json.code).toBe(200);
			expect(sim.state.jobs[0].robotCount).toBe(5);
			expect((await call(sim, 'POST', '/job/delete', { robotCallJobId: String(id) })).json.code).toBe(200);
			expect(sim.state.jobs).toHaveLength(0);
			expect((await call(sim, 'POST', '/job/delete', { robotCallJobId: id })).json.code).toBe(404);
		});

		it('checkAll / executeJobs split executable from unexecutable jobs', async () => {
			const a = await createJob(sim, {}, { name: 'alpha' });
			const b = await createJob(sim, {}, { name: 'beta' });
			await call(sim, 'POST', '/job/start', { robotCallJobId: b });
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: b, customerPersons: customers(1) });
			sim.completeCalls(b); // b is COMPLETED now
			const check = await call(sim, 'POST', '/job/checkAll', { operation: 'START', robotCallJobIdSet: [a, b] });
			expect(check.json.data.executable.map((j: { robotCallJobId: number }) => j.robotCallJobId)).toEqual([a]);
			expect(check.json.data.unexecutable).toEqual([expect.objectContaining({ robotCallJobId: b, msg: expect.stringMatching(/COMPLETED/) })]);
			expect(check.json.data.executable[0].statsInfo).toMatchObject({ robotCallJobId: a, totalTask: 0 });
			const exec = await call(sim, 'POST', '/job/executeJobs', { operation: 'START', executable: check.json.data.executable });
			expect(exec.json.data).toEqual([]);
			expect(sim.state.jobs.find((j) => j.robotCallJobId === a)?.status).toBe('IN_PROCESS');
			const again = await call(sim, 'POST', '/job/executeJobs', { operation: 'START', executable: [{ robotCallJobId: b }] });
			expect(again.json.data).toEqual([expect.objectContaining({ robotCallJobId: b })]);
			expect((await call(sim, 'POST', '/job/checkAll', { operation: 'STOP', robotCallJobIdSet: [a] })).json.resultMsg).toMatch(/operation/);
		});

		it('runs a started job on its own at callsPerSecond (lazy, clock-driven)', async () => {
			let now = Date.now();
			const timed = await startTanyiSimulator({ callsPerSecond: 10, now: () => now, tickMs: 0 });
			try {
				const id = await createJob(timed);
				await call(timed, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(25) }, { now });
				await call(timed, 'POST', '/job/start', { robotCallJobId: id }, { now });
				now += 1000;
				const after1s = await call(timed, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id }, { now });
				expect(after1s.json.data.totalElements).toBe(10);
				expect(timed.state.jobs[0].status).toBe('IN_PROCESS');
				now += 5000;
				const done = await call(timed, 'GET', `/job/getJobs?pageSize=100`, undefined, { now });
				expect(done.json.data.content[0]).toMatchObject({ robotCallJobId: id, status: 'COMPLETED' });
				expect(timed.state.callRecords).toHaveLength(25);
				// the clock window follows the emulator clock
				expect((await call(timed, 'GET', '/tenant/getTenant', undefined, { now: now - 10 * 60_000 })).json.code).toBe(401);
			} finally {
				await timed.close();
			}
		});

		it('same seed, same results', async () => {
			const run = async () => {
				const s = await startTanyiSimulator({ callsPerSecond: 0, seed: 99 });
				try {
					const id = await createJob(s);
					await call(s, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(20) });
					await call(s, 'POST', '/job/start', { robotCallJobId: id });
					return s.completeCalls(id).map((r) => `${r.resultStatus}/${r.intentLevel}/${r.chatDuration}`);
				} finally {
					await s.close();
				}
			};
			const [x, y] = [await run(), await run()];
			expect(x).toEqual(y);
			expect(new Set(x).size).toBeGreaterThan(3);
		});

		it('addCallRecords injects ties and out-of-order ids for trigger tests', async () => {
			const id = await createJob(sim);
			sim.addCallRecords(id, [
				{ callRecordId: 500, startTime: '2030-01-01 10:00:00', intentLevel: 'A' },
				{ callRecordId: 400, startTime: '2030-01-01 10:00:00' },
				{ callRecordId: 600, startTime: '2030-01-01 09:59:59' },
			]);
			const list = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id });
			expect(list.json.data.content.map((r: { callRecordId: number }) => r.callRecordId)).toEqual([500, 400, 600]);
			expect(list.json.data.content[0].intentLevelName).toMatch(/^A/);
			const a = await call(sim, 'POST', '/callRecord/getCallRecordInfoList', { robotCallJobId: id, intentLevels: ['A'] });
			expect(a.json.data.totalElements).toBe(1);
		});
	});

	describe('lookups', () => {
		it('serves phones, dialog flows, staff groups, job properties, tenant and getJobs paging', async () => {
			const phones = (await call(sim, 'GET', '/phone/getPhoneList')).json.data;
			expect(phones.map((p: { phoneType: string }) => p.phoneType)).toEqual(expect.arrayContaining(['MOBILE', 'LANDLINE', 'CALL_POLICY_GROUP']));
			const flows = (await call(sim, 'GET', '/dialogFlow/getDialogFlowList')).json.data;
			expect(flows[0]).toEqual({ dialogFlowId: 2, name: expect.any(String), status: 'PUBLISHED' });
			const info = (await call(sim, 'GET', '/dialogFlow/getDialogFlowCallJobRelatedInfo?dialogFlowId=139')).json.data;
			expect(info).toMatchObject({ dialogFlowId: 139, csStaffGroupRequired: true });
			expect((await call(sim, 'GET', '/dialogFlow/getDialogFlowCallJobRelatedInfo')).json.code).toBe(412);
			expect((await call(sim, 'GET', '/csRobot/staffGroupList')).json.data[0]).toHaveProperty('csStaffGroupId');
			const id = await createJob(sim);
			expect((await call(sim, 'GET', `/job/getJobProperties?robotCallJobId=${id}`)).json.data).toEqual(['欠款金额', '最后还款日期']);
			for (let i = 0; i < 4; i++) await createJob(sim, {}, { name: `batch ${i}` });
			const jobs = (await call(sim, 'GET', '/job/getJobs?name=batch&pageNum=2&pageSize=3')).json.data;
			expect(jobs).toMatchObject({ number: 2, pageSize: 3, totalElements: 4, pages: 2 });
			expect(jobs.content).toHaveLength(1);
			expect((await call(sim, 'GET', '/job/getJobs?pageSize=101')).json.resultMsg).toMatch(/pageSize/);
		});
	});

	describe('callbacks', () => {
		it('retries until the receiver answers exactly "success"', async () => {
			const hook = await receiver((n) => (n === 1 ? { status: 500, body: 'oops' } : n === 2 ? { status: 200, body: 'ok' } : { status: 200, body: 'success' }));
			try {
				const id = await createJob(sim);
				const isv = await call(sim, 'POST', '/isv/updateIsvInfo', { tenantSign: sim.credentials.tenantSign, callbackUrl: hook.url });
				expect(isv.json.code).toBe(200);
				expect((await call(sim, 'POST', '/isv/updateIsvInfo', { tenantSign: 'someoneelse', callbackUrl: hook.url })).json.code).toBe(403);
				await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(1) });
				await call(sim, 'POST', '/job/start', { robotCallJobId: id });
				const [record] = sim.completeCalls(id);
				await sim.flushCallbacks();
				const recordDelivery = sim.callbackDeliveries.find((d) => d.dataType === 'ROBOT_CALL_RECORD')!;
				expect(recordDelivery.state).toBe('delivered');
				const jobDelivery = sim.callbackDeliveries.find((d) => d.dataType === 'ROBOT_CALL_JOB')!;
				expect(jobDelivery.state).toBe('delivered');
				expect(recordDelivery.attempts.length + jobDelivery.attempts.length).toBe(4);
				const bodies = hook.received.map((r) => JSON.parse(r.body));
				const recordBodies = bodies.filter((b) => b.dataType === 'ROBOT_CALL_RECORD');
				expect(recordBodies[0].data).toMatchObject({
					callRecordId: record.callRecordId,
					robotCallJobId: id,
					properties: { 欠款金额: '10' },
					callDetailList: expect.any(Array),
				});
				expect(bodies.find((b) => b.dataType === 'ROBOT_CALL_JOB').data).toEqual({ robotCallJobId: id, tenantId: 1, status: 'COMPLETED' });
				expect(hook.received[0].headers['content-type']).toMatch(/application\/json/);
			} finally {
				await hook.close();
			}
		});

		it('gives up after 10 retries', async () => {
			const hook = await receiver(() => ({ status: 200, body: 'SUCCESS' }));
			try {
				const id = await createJob(sim);
				sim.setCallbackUrl(hook.url);
				sim.addCallRecords(id, [{}]);
				await sim.flushCallbacks();
				expect(sim.callbackDeliveries[0].state).toBe('failed');
				expect(sim.callbackDeliveries[0].attempts).toHaveLength(11);
				expect(hook.received).toHaveLength(11);
			} finally {
				await hook.close();
			}
		});

		it('encrypted mode posts WeCom-style XML that verifies and decrypts', async () => {
			const token = 'simToken123';
			const encodingAesKey = crypto.randomBytes(32).toString('base64').slice(0, 43);
			const decrypted: unknown[] = [];
			const hook = await receiver((_n, req) => {
				const q = new URL(req.url, 'http://x').searchParams;
				const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]><\/Encrypt>/.exec(req.body)?.[1] ?? '';
				if (q.has('echostr')) return { status: 200, body: wecomDecrypt(q.get('echostr')!, encodingAesKey).message };
				if (wecomSignature(token, q.get('timestamp')!, q.get('nonce')!, encrypt) !== q.get('msg_signature')) return { status: 403, body: 'bad signature' };
				decrypted.push(JSON.parse(wecomDecrypt(encrypt, encodingAesKey).message));
				return { status: 200, body: 'success' };
			});
			try {
				const id = await createJob(sim);
				sim.setCallbackUrl(hook.url, { encrypted: { token, encodingAesKey } });
				expect((await sim.verifyCallbackUrl()).ok).toBe(true);
				const [rec] = sim.addCallRecords(id, [{ customerPersonName: '张三', intentLevel: 'B' }]);
				await sim.flushCallbacks();
				expect(sim.callbackDeliveries[0]).toMatchObject({ state: 'delivered', encrypted: true });
				expect(decrypted).toEqual([{ dataType: 'ROBOT_CALL_RECORD', data: expect.objectContaining({ callRecordId: rec.callRecordId, customerPersonName: '张三' }) }]);
				expect(hook.received[1].headers['content-type']).toMatch(/xml/);
			} finally {
				await hook.close();
			}
		});

		it('wecomEncrypt builds the documented layout (independent check)', () => {
			const key = crypto.randomBytes(32);
			const aesKey = key.toString('base64').slice(0, 43);
			const random = Buffer.alloc(16, 7);
			const json = JSON.stringify({ dataType: 'ROBOT_CALL_JOB', data: { 名: 1 } });
			const { encrypt, msgSignature } = wecomEncrypt(json, 'tok', aesKey, '1700000000', 'nonce1', { random });
			// decrypt by hand: AES-256-CBC, IV = first 16 key bytes, PKCS#7 to 32-byte blocks
			const decipher = crypto.createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
			decipher.setAutoPadding(false);
			const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
			expect(plain.length % 32).toBe(0);
			const pad = plain[plain.length - 1];
			expect(plain.subarray(plain.length - pad).every((b) => b === pad)).toBe(true);
			expect(plain.subarray(0, 16).equals(random)).toBe(true);
			const len = plain.readUInt32BE(16);
			expect(len).toBe(Buffer.byteLength(json));
			expect(plain.subarray(20, 20 + len).toString('utf8')).toBe(json);
			expect(20 + len).toBe(plain.length - pad); // empty receiveId
			const expectedSig = crypto.createHash('sha1').update(['tok', '1700000000', 'nonce1', encrypt].sort().join('')).digest('hex');
			expect(msgSignature).toBe(expectedSig);
			expect(wecomDecrypt(encrypt, aesKey)).toEqual({ message: json, receiveId: '' });
		});
	});
});
