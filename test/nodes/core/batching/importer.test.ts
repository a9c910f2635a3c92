/**
 * The import engine's rules one by one, on real import paths against the emulators (n8n-core's
 * engine, HTTP on loopback): repeated numbers, what each item says, counting requests, the
 * ledger's content and size, 429 and parallelism, numbers the job already holds, a process that
 * dies between sending and recording, and a Retry On Fail whose attempts need the ledger.
 */
import type { IDataObject } from 'n8n-workflow';
import { processedData } from '../../../harness/processedData';
import { PATHS, emulators, expectExactly, leads, useEmulators, type ImportPath } from './paths';

useEmulators();

const [tanyiSync, , byrobotV1, byrobotV2, autodialer] = PATHS;
const statusesOf = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.status);
const count = (list: unknown[], value: unknown) => list.filter((v) => v === value).length;
const hintsOf = (result: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> }) =>
	(result.runData['Node Under Test']?.[0]?.hints ?? []).map((h) => h.message);
const importsOf = (path: ImportPath) => path.server().requests().filter(path.isImport);

beforeEach(() => processedData.clear());

describe('every path', () => {
	it.each(PATHS.map((p) => [p.name, p] as const))('%s: 0 items make 0 requests', async (_n, path) => {
		const job = await path.makeJob();
		const result = await path.runner.run(path.params(job), []);
		expect(result.error).toBeUndefined();
		expect(path.server().log).toHaveLength(0);
	});

	it.each(PATHS.map((p) => [p.name, p] as const))(
		'%s: 10 repeated numbers in 1,000 items are sent once, the repeats say so, and the run says it was not clean',
		async (_n, path) => {
			const job = await path.makeJob();
			const input = [...leads(990), ...leads(10, 500)];
			const result = await path.runner.run(path.params(job, { batchSize: 100 }), input);
			expect(result.error).toBeUndefined();
			const statuses = statusesOf(result.items);
			expect([count(statuses, 'imported'), count(statuses, 'duplicate')]).toEqual([990, 10]);
			expect(result.items[990].json).toMatchObject({ status: 'duplicate', duplicateOfItem: 500 });
			expect(result.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			expectExactly(path, job, input);
			expect(path.stored(job)).toHaveLength(990);
			expect(hintsOf(result).join(' ')).toMatch(/10 item\(s\) repeated a number/);
		},
	);

	it('with Skip Repeated Numbers off, a repeated number is sent again (and a re-run still sends nothing)', async () => {
		const job = await tanyiSync.makeJob();
		const input = [...leads(3), ...leads(1)];
		const params = tanyiSync.params(job, { skipRepeated: false });
		expect(statusesOf((await tanyiSync.runner.run(params, input, { workflowId: 'w-rep', nodeId: 'n-rep' })).items)).toEqual(Array(4).fill('imported'));
		expect(tanyiSync.stored(job)).toHaveLength(4);
		const again = await tanyiSync.runner.run(params, input, { workflowId: 'w-rep', nodeId: 'n-rep' });
		expect(statusesOf(again.items)).toEqual(Array(4).fill('skipped'));
		expect(tanyiSync.stored(job)).toHaveLength(4);
	});
});

describe('requests, counted', () => {
	it('Tanyi, 1,000 leads into an empty job: 10 imports and 2 job-size reads; a re-run: 1 size read, 0 imports', async () => {
		const job = await tanyiSync.makeJob();
		const session = tanyiSync.runner.session(tanyiSync.params(job));
		expect((await session.run(leads(1000))).error).toBeUndefined();
		const paths = () => emulators.tanyi.server.log.map((r) => r.path.split('/').pop());
		expect(count(paths(), 'importCustomer')).toBe(10);
		expect(count(paths(), 'getJobStatsInfoList')).toBe(2);
		expect(emulators.tanyi.server.log).toHaveLength(12);
		emulators.tanyi.server.clearLog();
		const again = await session.run(leads(1000));
		expect(statusesOf(again.items)).toEqual(Array(1000).fill('skipped'));
		expect(paths()).toEqual(['getJobStatsInfoList']);
		expect(hintsOf(again).join(' ')).toMatch(/1000 of 1000 number\(s\) were already in their job/);
	});

	it('Byrobot: 1,000 leads in 10 requests and nothing else; a re-run sends nothing', async () => {
		const job = await byrobotV2.makeJob();
		const session = byrobotV2.runner.session(byrobotV2.params(job));
		await session.run(leads(1000));
		expect(emulators.byrobot.server.log).toHaveLength(10);
		await session.run(leads(1000));
		expect(emulators.byrobot.server.log).toHaveLength(10);
	});

	it('an import answered HTTP 401 is sent once (n8n does not re-send it after a credential refresh) and is "refused"', async () => {
		const job = await tanyiSync.makeJob();
		emulators.tanyi.server.injectFault({ path: tanyiSync.isImport, response: { status: 401, body: { code: 401, resultMsg: 'signature verification failed' } } });
		const result = await tanyiSync.runner.run(tanyiSync.params(job, { batchSize: 50 }), leads(50), { continueOnFail: true });
		expect(importsOf(tanyiSync)).toHaveLength(1);
		expect(statusesOf(result.items)).toEqual(Array(50).fill('refused'));
		expect(result.items[0].json).toMatchObject({ code: 401, httpStatus: 401 });
	});

	it.each([tanyiSync, byrobotV1, autodialer].map((p) => [p.name, p] as const))(
		'%s: HTTP 429 on three requests with 4 in flight: retried, parallelism halved, each number once',
		async (_n, path) => {
			const job = await path.makeJob();
			path.server().injectFault({ path: path.isImport, nth: 2, times: 3, response: { status: 429, body: { message: 'Too Many Requests' }, headers: { 'retry-after': '0' } } });
			const result = await path.runner.run(path.params(job, { batchSize: 50, parallelRequests: 4 }), leads(600));
			expect(result.error).toBeUndefined();
			expectExactly(path, job, leads(600));
			expect(importsOf(path)).toHaveLength(12 + 3);
			const log = result.logs.find((l) => l.includes('import: 600 items'))!;
			expect(log).toMatch(/"throttled":3/);
			expect(Number(/"peakParallel":(\d+)/.exec(log)![1])).toBeGreaterThan(1);
		},
	);
});

describe('what each item says', () => {
	it('Continue On Fail: one output per input, refused only where the vendor refused, the rest imported', async () => {
		const job = await autodialer.makeJob();
		const items = leads(6);
		items[1].json.phone = 'not-a-phone';
		emulators.autodialer.server.injectFault({ path: autodialer.isImport, nth: 2, response: { status: 422, body: { message: 'The numbers.0.number is invalid.' } } });
		const result = await autodialer.runner.run(autodialer.params(job, { batchSize: 2, parallelRequests: 1 }), items, { continueOnFail: true });
		expect(statusesOf(result.items)).toEqual(['imported', 'invalid', 'imported', 'refused', 'refused', 'imported']);
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(hintsOf(result).join(' ')).toMatch(/2 item\(s\) were not imported/);
	});

	it('expressions are not evaluated per item for the default mapping (the debug log counts them)', async () => {
		const job = await tanyiSync.makeJob();
		const result = await tanyiSync.runner.run(tanyiSync.params(job), leads(1000));
		expect(result.logs.find((l) => l.includes('Tanyi import: 1000 items'))).toMatch(/"expressionReads":0/);
	});

	it('an id or name of the wrong type fails before any request, naming the field', async () => {
		const job = await tanyiSync.makeJob();
		const abc = await tanyiSync.runner.run({ ...tanyiSync.params(job), jobId: { __rl: true, mode: 'id', value: '={{ $json.job }}' } }, [{ json: { phone: '13800000000', job: 'abc' } }]);
		expect(abc.error?.message).toBe('Invalid parameter: Job must be a numeric ID (got "abc")');
		const object = await tanyiSync.runner.run({ ...tanyiSync.params(job), customerName: '={{ $json.name }}' }, [{ json: { phone: '13800000000', name: { first: 'Li' } } }]);
		expect(object.error?.message).toMatch(/^Invalid parameter: Customer Name must be text, not an object/);
		const start = await tanyiSync.runner.run({ resource: 'job', operation: 'start', jobId: { __rl: true, mode: 'id', value: '={{ $json.job }}' } }, [{ json: { job: 'abc' } }]);
		expect(start.error?.message).toMatch(/Job must be a numeric ID/);
		expect(emulators.tanyi.server.log).toHaveLength(0);
	});
});

describe('the ledger', () => {
	it("holds two fingerprints per number and one job size, none derived from the number without the credential's secret", async () => {
		const job = await tanyiSync.makeJob();
		const session = tanyiSync.runner.session(tanyiSync.params(job));
		processedData.recordItems = true;
		await session.run(leads(1000));
		expect(processedData.entries(session.workflowId, session.nodeId)).toBe(2001);
		const phones = leads(1000).map((l) => String(l.json.phone));
		expect(processedData.itemsSeen.some((item) => phones.some((p) => item.includes(p)))).toBe(false);
		const row = [...processedData.rows.values()].join('');
		expect(phones.some((p) => row.includes(p))).toBe(false);
		// another account (secret) fingerprints the same numbers differently
		const seen = new Set(processedData.itemsSeen);
		processedData.clear();
		processedData.recordItems = true;
		await tanyiSync.runner.run(tanyiSync.params(job), leads(10), { credentials: { appSecret: 'another-secret' } });
		expect(processedData.itemsSeen.filter((i) => seen.has(i))).toEqual([]);
	});

	it('a process that dies after sending (nothing recorded after the claim): after a restart, each number once', async () => {
		// the store's calls before the requests go out: the claim (and Autodialer's size prediction)
		for (const [path, before] of [[tanyiSync, 1], [byrobotV2, 1], [autodialer, 2]] as const) {
			processedData.clear();
			const job = await path.makeJob();
			const session = path.runner.session(path.params(job, { batchSize: 50, parallelRequests: 2 }));
			// every call after the requests went out fails: nothing about their outcome is recorded
			processedData.failFromCall = before + 1;
			const died = await session.run(leads(300));
			expect(died.error).toBeDefined();
			expect(path.stored(job)).toHaveLength(300);
			processedData.failFromCall = undefined;
			session.restart();
			const after = await session.run(leads(300));
			expect(after.error).toBeUndefined();
			expectExactly(path, job, leads(300));
		}
	});

	it('Autodialer, Retry On Fail whose attempts need the ledger: the job size proves what the lost answer stored', async () => {
		const job = await autodialer.makeJob();
		const server = emulators.autodialer.server;
		server.injectFault({ path: autodialer.isImport, nth: 4, mode: 'commit-then-reset' });
		// the job size cannot be read for the check of attempt 1 nor at the start of attempt 2
		server.injectFault({ path: (r) => r.method === 'GET' && r.path === '/v1/task', nth: 2, times: 2, response: { status: 403, body: { message: 'This action is unauthorized.' } } });
		const result = await autodialer.runner
			.session(autodialer.params(job, { batchSize: 50, parallelRequests: 1, checkWait: 0 }))
			.run(leads(300), { retryOnFail: { maxTries: 3, waitBetweenTries: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.tries).toBe(3);
		expectExactly(autodialer, job, leads(300));
		expect(importsOf(autodialer)).toHaveLength(6);
		expect(result.items.slice(150, 200).every((i) => /job size shows/.test(String(i.json.reason)))).toBe(true);
	});
});

describe('numbers the job already holds', () => {
	it('Tanyi: a job with numbers this node did not import: each number is checked, those in the job are skipped', async () => {
		const job = await tanyiSync.makeJob();
		// imported elsewhere (no ledger): 20 of the 100 are already in the job, plus 5 others
		await tanyiSync.runner.run(tanyiSync.params(job, { remember: false }), [...leads(20, 40), ...leads(5, 900)]);
		emulators.tanyi.server.clearLog();
		const result = await tanyiSync.runner.run(tanyiSync.params(job), leads(100));
		expect(result.error).toBeUndefined();
		const statuses = statusesOf(result.items);
		expect([count(statuses, 'imported'), count(statuses, 'skipped')]).toEqual([80, 20]);
		expect(result.items[40].json.reason).toMatch(/Already in the job \(the vendor has this number\)/);
		expect(tanyiSync.stored(job).filter((p) => p < '13800000900').sort()).toEqual(leads(100).map((l) => l.json.phone).sort());
	});

	it('Autodialer cannot be asked per number: it stops before sending, or imports when told to', async () => {
		const job = await autodialer.makeJob();
		await autodialer.runner.run(autodialer.params(job, { remember: false }), leads(5, 900));
		emulators.autodialer.server.clearLog();
		const stopped = await autodialer.runner.run(autodialer.params(job), leads(10));
		expect(stopped.error?.message).toMatch(/The job holds 5 customers that this node did not import/);
		expect(importsOf(autodialer)).toHaveLength(0);
		const told = await autodialer.runner.run(autodialer.params(job, { existingNumbers: 'import' }), leads(10));
		expect(told.error).toBeUndefined();
		expect(autodialer.stored(job)).toHaveLength(15);
	});

	it('Autodialer with its vendor de-dup option: a lost answer is simply sent again', async () => {
		const other = await (async () => {
			const { startAutodialerSimulator } = await import('../../../emulators/autodialer');
			return startAutodialerSimulator({ callsPerSecond: 0, dedupNumbers: true });
		})();
		try {
			const [out] = (await autodialer.runner.run({ ...autodialer.params('x'), resource: 'job', operation: 'create', ...(await import('../../Autodialer/support')).createParams() }, undefined, { target: other })).items;
			const job = String(out.json.uuid);
			other.server.injectFault({ path: autodialer.isImport, nth: 2, mode: 'commit-then-500' });
			const result = await autodialer.runner.run(autodialer.params(job, { batchSize: 50, vendorDedup: true, checkWait: 0 }), leads(200), { target: other });
			expect(result.error).toBeUndefined();
			expect([...other.phonesOf(job)].sort()).toEqual(leads(200).map((l) => l.json.phone).sort());
			expect(other.server.requests().filter(autodialer.isImport)).toHaveLength(5);
		} finally {
			await other.close();
		}
	});
});
