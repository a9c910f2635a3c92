/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { api, goodTask, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('lookups and ownership', () => {
		it('lists phones, robots and scene variables with the documented field names', async () => {
			const phones = await api('GET', `${V1}/company/getPhones`, { companyId: 1001 });
			expect(phones.json.code).toBe(200);
			expect(phones.json.data[0]).toEqual(expect.objectContaining({ userPhoneId: 201, phone: expect.any(String), phoneName: expect.any(String), phoneType: 1 }));
			expect(phones.json.data.map((p: { phoneType: number }) => p.phoneType).sort()).toEqual([0, 1, 1, 1, 2]);
			const robots = await api('GET', `${V1}/company/getRobots`, { companyId: 1001, robotStatus: 1 });
			expect(robots.json.data.map((r: { robotDefId: number }) => r.robotDefId)).toEqual([301, 302]);
			expect(robots.json.data[0]).toEqual(
				expect.objectContaining({ robotDefId: 301, robotName: '房产电销', sceneDefId: 401, sceneRecords: [{ sceneRecordId: 501, sceneRecordName: '女声-小美' }, { sceneRecordId: 502, sceneRecordName: '男声-张飞' }] }),
			);
			const vars = await api('GET', `${V1}/task/getSceneVariables`, { companyId: 1001, sceneDefId: 402 });
			expect(vars.json.data).toEqual(['客户姓名', '金额']);
			expect((await api('GET', `${V1}/task/getSceneVariables`, { companyId: 1001, sceneDefId: 411 })).json.code).toBe(404);
		});

		it('answers 403 for a company the key does not own and 404 for unknown ones', async () => {
			expect((await api('GET', `${V1}/company/getPhones`, { companyId: 1099 })).json.code).toBe(403);
			expect((await api('GET', `${V1}/company/getPhones`, { companyId: 4242 })).json.code).toBe(404);
			expect((await api('POST', `${V1}/task/start`, { taskId: 6000 })).json.code).toBe(403);
			expect((await api('POST', `${V1}/task/start`, { taskId: 123456 })).json.code).toBe(404);
			expect((await api('POST', `${V1}/task/createTask`, goodTask({ companyId: 1099 }))).json.code).toBe(403);
			const r = await api('GET', `${V1}/company/getPhones`, {});
			expect(r.json.code).toBe(412);
			expect(r.json.resultMsg).toContain('companyId');
		});
	});
});
