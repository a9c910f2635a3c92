/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { call, createJob, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

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
});
