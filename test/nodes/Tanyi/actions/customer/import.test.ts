/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { WINDOW } from '../../../../../nodes/core/batching/importer';
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, phones, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Customer', () => {
	it('imports 10,000 items in exactly 100 requests of at most 100, one paired output per item', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const result = await importLeads(id, 10_000);
		const out = jsonOf(result);
		const imports = sim.server.requests('/job/importCustomer');
		expect(imports).toHaveLength(100);
		expect(imports.every((r) => (r.body as { customerPersons: unknown[] }).customerPersons.length === 100)).toBe(true);
		// + the job's size once before and after every ledger window (10,000: one window): nothing else
		const windows = Math.ceil(10_000 / WINDOW);
		expect(windows).toBe(1);
		expect(sim.server.requests('/job/getJobStatsInfoList')).toHaveLength(windows + 1);
		expect(sim.server.log).toHaveLength(100 + windows + 1);
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

	it('imports asynchronously with a batch id derived from the content, up to 10,000 per request', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const params = { resource: 'customer', operation: 'import', jobId: job(id), options: { importMode: 'async', batchSize: 5000, remember: false } };
		const out = jsonOf(await run(params, phones(6000)));
		const requests = sim.server.requests('/job/importCustomerAsync');
		expect(requests.map((r) => ((r.body as IDataObject).customerPersons as unknown[]).length)).toEqual([5000, 1000]);
		const batchIds = requests.map((r) => (r.body as IDataObject).batchId);
		expect(new Set(batchIds).size).toBe(2);
		expect(out[5999]).toMatchObject({ status: 'imported', note: 'Accepted for asynchronous import' });
		// another execution with the same content sends the same batch ids (no ledger here: the
		// job's size shows the numbers are there, so each is checked and none is sent)
		const other = await createJob();
		sim.server.clearLog();
		jsonOf(await run({ ...params, jobId: job(other) }, phones(6000)));
		const again = await run({ ...params, jobId: job(other) }, phones(10));
		expect(again.items.map((i) => i.json.status)).toEqual(Array(10).fill('skipped'));
		expect(sim.phonesOf(other)).toHaveLength(6000);
	});

	it('the batch id of a request is the same in every execution with the same content', async () => {
		const id = await createJob();
		const params = { resource: 'customer', operation: 'import', jobId: job(id), options: { importMode: 'async', remember: false, existingNumbers: 'import' } };
		await run(params, phones(3));
		await run(params, phones(3));
		const ids = sim.server.requests('/job/importCustomerAsync').map((r) => (r.body as IDataObject).batchId);
		expect(ids).toHaveLength(2);
		expect(ids[0]).toBe(ids[1]);
		expect(String(ids[0])).toMatch(/^n8n-[0-9a-f]{32}$/);
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

	it('turns a vendor refusal of one batch into "refused" items for that batch only', async () => {
		const id = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({
			path: '/job/importCustomer',
			response: { status: 200, body: { code: 412, data: null, requestId: 'FAILBTCH', resultMsg: 'import failed', errorStackTrace: null } },
		});
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { batchSize: 2 } }, phones(5), {
			continueOnFail: true,
		});
		expect(result.items.map((i) => i.json.status)).toEqual(['refused', 'refused', 'imported', 'imported', 'imported']);
		expect(result.items[0].json).toMatchObject({ requestId: 'FAILBTCH', code: 412, error: 'Tanyi: import failed', phoneNumber: '13800000000' });
		expect(sim.server.requests('/job/importCustomer')).toHaveLength(3);
	});

	it('an "unknown error" answer (code 500) after the vendor stored the batch is unknown, checked, and not resent', async () => {
		const id = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/job/importCustomer', mode: 'commit-then-envelope-error' });
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { checkWait: 0 } }, phones(3));
		expect(jsonOf(result).map((o) => o.status)).toEqual(['imported', 'imported', 'imported']);
		expect(result.items[0].json.checked).toMatch(/job size shows the vendor stored it/);
		expect(sim.server.requests('/job/importCustomer')).toHaveLength(1);
		expect(sim.phonesOf(id)).toHaveLength(3);
	});

	it('an answer lost after the vendor stored the batch, with the vendor unable to tell: unknown, not resent, said so', async () => {
		const id = await createJob();
		sim.server.clearLog();
		sim.server.injectFault({ path: '/job/importCustomer', mode: 'commit-then-reset' });
		sim.server.injectFault({ path: '/job/getJobStatsInfoList', nth: 2, times: 100, response: sim.server.internalError() });
		const result = await run({ resource: 'customer', operation: 'import', jobId: job(id), options: { checkWait: 0 } }, phones(3));
		expect(sim.server.requests('/job/importCustomer')).toHaveLength(1);
		expect(result.error?.message).toContain('Tanyi');
		expect(String(result.error?.description)).toMatch(/outcome unknown/);
		expect(String(result.error?.description)).toMatch(/Items 1–3 may or may not have been accepted/);
	});
});

describe('Validation before any request (VENDORS.md §1 rules)', () => {
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
});
