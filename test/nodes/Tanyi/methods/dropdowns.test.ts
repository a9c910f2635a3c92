/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { INodeParameters } from 'n8n-workflow';
import { createJob, job, sim, tanyi, useEmulator } from '../support';

useEmulator();

describe('Dropdowns', () => {
	const load = (methodName: string, kind: 'loadOptions' | 'listSearch', parameters: INodeParameters = {}, filter?: string) =>
		tanyi.load(methodName, kind, parameters, { filter });

	it('lists scripts, caller lines and staff groups from the vendor', async () => {
		const flows = (await load('getDialogFlows', 'loadOptions')) as Array<{ name: string; value: string }>;
		expect(flows.map((f) => f.value)).toEqual(expect.arrayContaining(['2', '139']));
		const lines = (await load('getPhones', 'loadOptions')) as Array<{ name: string; value: string }>;
		expect(lines.find((l) => l.value === '348')?.name).toContain('Hangzhou landline 1');
		const groups = (await load('getStaffGroups', 'loadOptions')) as Array<{ value: string }>;
		expect(groups.map((g) => g.value)).toEqual(['11', '12']);
	});

	it('lists the lines of the chosen Line Type, and policy groups for Call Policy Group', async () => {
		const landlines = (await load('getPhones', 'loadOptions', { phoneType: 'LANDLINE' })) as Array<{ value: string }>;
		expect(landlines.map((l) => l.value).sort()).toEqual(['348', '349']);
		const unfixed = (await load('getPhones', 'loadOptions', { phoneType: 'UNFIXED_CALL' })) as Array<{ value: string }>;
		expect(unfixed.map((l) => l.value).sort()).toEqual(['369', '370']);
		const groups = (await load('getPhones', 'loadOptions', { phoneType: 'CALL_POLICY_GROUP' })) as Array<{ name: string; value: string }>;
		expect(groups).toEqual([
			expect.objectContaining({ name: 'Call policy group East (900)', value: '900' }),
			expect.objectContaining({ name: 'Call policy group West (901)', value: '901' }),
		]);
		expect(sim.server.requests('/policyGroup/getIdAndNamePairList')).toHaveLength(1);
	});

	it('pages through every staff group with pageNum and pageSize (both required)', async () => {
		for (let i = 0; i < 130; i++) {
			sim.state.staffGroups.push({ csStaffGroupId: 100 + i, groupName: `Team ${i}`, dialogFlowId: 139, groupCapacity: 1, groupType: 'CS', enabledStatus: 'ENABLE' });
		}
		const groups = (await load('getStaffGroups', 'loadOptions')) as Array<{ name: string; value: string }>;
		expect(groups).toHaveLength(132);
		expect(groups.find((g) => g.value === '11')?.name).toBe('Sales team A (11)');
		expect(sim.server.requests('/csRobot/staffGroupList').map((r) => r.query)).toEqual([
			{ pageNum: '1', pageSize: '100' },
			{ pageNum: '2', pageSize: '100' },
		]);
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
