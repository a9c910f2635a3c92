/**
 * A mapped script variable's name is a resource locator: its "From List" is fetched when opened,
 * with the job as the editor has it then (a dropdown nested in a fixed collection is not reloaded
 * by n8n 2.41 when the job changes), and "By Name" takes any name. Run against the Tanyi emulator.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { Tanyi } from '../../../../nodes/Tanyi/Tanyi.node';
import { createJob, job, phones, run, sim, tanyi, useEmulator } from '../support';

useEmulator();

const search = (parameters: IDataObject, filter?: string) =>
	tanyi.load('getJobProperties', 'listSearch', { resource: 'customer', operation: 'import', ...parameters }, { filter }) as Promise<{
		results: Array<{ name: string; value: string }>;
	}>;

describe('Script variable names', () => {
	it('are a resource locator (From List, By Name), not a dropdown the editor would flag', () => {
		const variables = new Tanyi().description.properties.find(
			(p) => p.name === 'variables' && p.displayOptions?.show?.operation?.includes('import'),
		);
		const name = (variables?.options?.[0] as { values: INodeProperties[] }).values.find((v) => v.name === 'name');
		expect(name?.type).toBe('resourceLocator');
		expect(name?.modes?.map((m) => m.name)).toEqual(['list', 'name']);
		expect(name?.modes?.[0].typeOptions?.searchListMethod).toBe('getJobProperties');
	});

	it('list the variables of the job chosen when the list is opened, filtered by what is typed', async () => {
		const debt = await createJob({ dialogFlowId: '2' });
		const estate = await createJob({ dialogFlowId: '139', additionalFields: { csStaffGroupId: '11' } });
		expect((await search({ jobId: job(debt) })).results.map((r) => r.value).sort()).toEqual(['最后还款日期', '欠款金额'].sort());
		// the same panel, the job changed: the next opening lists the other script's variables
		expect((await search({ jobId: job(estate) })).results).toEqual([{ name: '楼盘名称', value: '楼盘名称' }]);
		expect((await search({ jobId: job(debt) }, '金额')).results).toEqual([{ name: '欠款金额', value: '欠款金额' }]);
		expect(sim.server.requests('/job/getJobProperties')).toHaveLength(3);
		// no job yet: nothing to list, and no request
		expect((await search({ jobId: { __rl: true, mode: 'list', value: '' } })).results).toEqual([]);
		expect(sim.server.requests('/job/getJobProperties')).toHaveLength(3);
	});

	it('send the name of a locator value (list or typed) as before a plain name', async () => {
		const id = await createJob();
		sim.server.clearLog();
		const base = { resource: 'customer', operation: 'import', jobId: job(id), variablesFrom: 'mapping' };
		const mapped = (name: string | IDataObject): INodeParameters =>
			({ ...base, variables: { variable: [{ name, value: '={{ $json.amount }}' }] } }) as unknown as INodeParameters;
		await run(mapped({ __rl: true, mode: 'list', value: '欠款金额' }), phones(1));
		await run(mapped({ __rl: true, mode: 'name', value: '最后还款日期' }), phones(1, 1));
		await run(mapped('欠款金额'), phones(1, 2));
		const persons = sim.server.requests('/job/importCustomer').map((r) => (r.body as { customerPersons: IDataObject[] }).customerPersons[0]);
		expect(persons.map((p) => p.properties)).toEqual([{ 欠款金额: '0.50' }, { 最后还款日期: '0.50' }, { 欠款金额: '0.50' }]);
	});
});
