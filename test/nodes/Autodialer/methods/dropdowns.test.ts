/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import {
	autodialer,
	callsTo,
	createJob,
	createParams,
	LINE_RESIDUE_0,
	LINE_RESIDUE_1,
	LINE_RESIDUE_30,
	LINE_RESIDUE_5,
	LUNCH_TIME,
	REST_TIME,
	useEmulator,
} from '../support';

useEmulator();

describe('dropdowns from GET /v1/task/create', () => {
	const load = (methodName: string) =>
		autodialer.load(methodName, 'loadOptions', createParams());

	it('caller lines: every line with free concurrency (residue ≥ 1, as the seed\'s example), showing the caller number and the free concurrency', async () => {
		const options = await load('getCallerLines');
		expect(options.map((o) => o.value).sort()).toEqual([LINE_RESIDUE_1, LINE_RESIDUE_30, LINE_RESIDUE_5].sort());
		const line5 = options.find((o) => o.value === LINE_RESIDUE_5)!;
		expect(line5.name).toContain('17361984317');
		expect(line5.name).toContain('5 free');
		expect(options.map((o) => o.value)).not.toContain(LINE_RESIDUE_0);
		expect(callsTo()).toEqual(['GET /v1/task/create']);
	});

	it('caller lines with Strict Residue Rule: only residue > 1', async () => {
		const options = await autodialer.load('getCallerLines', 'loadOptions', createParams({ options: { strictResidue: true } }));
		expect(options.map((o) => o.value).sort()).toEqual([LINE_RESIDUE_30, LINE_RESIDUE_5].sort());
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
			autodialer.load('searchJobs', 'listSearch', { resource: 'job', operation: 'start' }, { filter });
		expect((await search()).results).toHaveLength(2);
		const found = await search('alpha');
		expect(found.results).toEqual([{ name: 'Alpha leads (paused)', value: a }]);
		expect(found.paginationToken).toBeUndefined();
	});
});
