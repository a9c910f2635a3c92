/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { Byrobot } from '../../../../nodes/Byrobot/Byrobot.node';
import { byrobot, makeTask, sim, task, useEmulator } from '../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Dropdowns and the task picker
// ---------------------------------------------------------------------------------------------

describe('dropdowns', () => {
	const load = (methodName: string, parameters: INodeParameters = {}, credentials: IDataObject = {}) =>
		byrobot.load(methodName, 'loadOptions', { resource: 'task', operation: 'create', ...parameters }, { credentials });

	it('companies and caller phones (the Company parameter wins, else the credential default)', async () => {
		const companies = await load('getCompanies');
		expect(companies.map((o) => o.value).sort()).toEqual(['1001', '1002']);
		expect(companies.find((o) => o.value === '1001')!.name).toBe('杭州模拟科技有限公司 (1001)');
		const phones = await load('getPhones');
		expect(phones.map((o) => o.value)).toEqual(expect.arrayContaining(['201', '202', '203', '204']));
		expect(phones.find((o) => o.value === '203')).toMatchObject({ name: 'SIM卡1 13800000003 (203)', description: 'mobile (SIM)' });
		// useAvailable false (company.md "主叫号码是否可用") is shown
		expect(phones.find((o) => o.value === '205')).toMatchObject({ description: 'landline, unavailable' });
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
		const result = await byrobot.load('searchTasks', 'listSearch', { resource: 'task', operation: 'start' }, { filter: '回访' });
		expect(result.results.map((r) => r.name).sort()).toEqual(['回访一 (6001, not started)', '回访二 (6002, not started)']);
		expect(result.paginationToken).toBeUndefined();
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', pageNum: '1', pageSize: '100', taskName: '回访' });
	});
});
