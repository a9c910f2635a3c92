/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { call, createJob, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('lookups', () => {
		it('serves phones, policy groups, dialog flows, staff groups, job properties, tenant and getJobs paging', async () => {
			const phones = (await call(sim, 'GET', '/phone/getPhoneList')).json.data;
			// yiwise/slate tenant.md: getPhoneList knows MOBILE, LANDLINE and UNFIXED_CALL only
			expect(new Set(phones.map((p: { phoneType: string }) => p.phoneType))).toEqual(new Set(['MOBILE', 'LANDLINE', 'UNFIXED_CALL']));
			expect(Object.keys(phones[0]).sort()).toEqual(
				['areaCode', 'callOutIndustry', 'city', 'localBillRate', 'otherBillRate', 'phoneName', 'phoneNumber', 'phoneType', 'province', 'tenantPhoneNumberId'],
			);
			const groups = (await call(sim, 'GET', '/policyGroup/getIdAndNamePairList')).json.data;
			expect(groups[0]).toEqual({ callPolicyGroupId: 900, tenantId: 1, name: expect.any(String) });
			const flows = (await call(sim, 'GET', '/dialogFlow/getDialogFlowList')).json.data;
			expect(flows[0]).toEqual({ dialogFlowId: 2, name: expect.any(String), status: 'APPROVED' });
			const info = (await call(sim, 'GET', '/dialogFlow/getDialogFlowCallJobRelatedInfo?dialogFlowId=139')).json.data;
			// exactly yiwise/slate dialogFlow.md's answer
			expect(info).toEqual({ dialogFlowId: 139, placeholderExist: true, jumpToHumanServiceExist: false, humanInterventionExist: true });
			expect((await call(sim, 'GET', '/dialogFlow/getDialogFlowCallJobRelatedInfo')).json.code).toBe(412);
			const tenant = (await call(sim, 'GET', '/tenant/getTenant')).json.data;
			expect(tenant).toEqual({ tenantId: 1, tenantName: expect.any(String) });
			const id = await createJob(sim);
			expect((await call(sim, 'GET', `/job/getJobProperties?robotCallJobId=${id}`)).json.data).toEqual(['欠款金额', '最后还款日期']);
			for (let i = 0; i < 4; i++) await createJob(sim, {}, { name: `batch ${i}` });
			const jobs = (await call(sim, 'GET', '/job/getJobs?name=batch&pageNum=2&pageSize=3')).json.data;
			expect(jobs).toMatchObject({ number: 2, pageSize: 3, totalElements: 4, pages: 2 });
			expect(jobs.content).toHaveLength(1);
			expect(Object.keys(jobs.content[0]).sort()).toEqual(
				['completedTask', 'createTime', 'createdByUserName', 'name', 'organizationName', 'robotCallJobId', 'status', 'taskCallTotal'],
			);
			expect((await call(sim, 'GET', '/job/getJobs?pageSize=101')).json.resultMsg).toMatch(/pageSize/);
		});

		it('pages the staff groups and requires pageNum and pageSize (yiwise/slate csRobot.md)', async () => {
			expect((await call(sim, 'GET', '/csRobot/staffGroupList')).json).toMatchObject({ code: 412, resultMsg: expect.stringMatching(/pageNum/) });
			expect((await call(sim, 'GET', '/csRobot/staffGroupList?pageNum=1')).json).toMatchObject({ code: 412, resultMsg: expect.stringMatching(/pageSize/) });
			const first = (await call(sim, 'GET', '/csRobot/staffGroupList?pageNum=1&pageSize=1')).json.data;
			expect(first).toMatchObject({ number: 1, pageSize: 1, totalElements: 2, pages: 2 });
			expect(first.content[0]).toMatchObject({ csStaffGroupId: 11, groupName: 'Sales team A', dialogFlowId: 139, enabledStatus: 'ENABLE' });
		});
	});
});
