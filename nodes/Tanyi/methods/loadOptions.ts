import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { lookup, lookupAllPages, pick, toOptions } from '../../core/lookups';
import { isObject } from '../../core/util';
import { STAFF_GROUP_PAGE_SIZE, tanyi, tanyiPages } from '../api';

function currentParameter(ctx: ILoadOptionsFunctions, name: string): string | undefined {
	const value = ctx.getCurrentNodeParameter(name) as unknown;
	const id = isObject(value) ? value.value : value;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

/** Field names as yiwise/slate documents them: tenant.md, callPolicyGroup.md, csRobot.md, obtainTask.md. */
export const loadOptions = {
	/** scripts (话术): GET /dialogFlow/getDialogFlowList → `[{dialogFlowId, name, status}]` */
	async getDialogFlows(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const flows = await lookup(this, tanyi, { method: 'GET', path: '/dialogFlow/getDialogFlowList' });
		return toOptions(
			flows,
			'dialogFlowId',
			(f, id) => `${pick(f, 'name') ?? 'Script'} (${id})`,
			(f) => pick(f, 'status'),
		);
	},

	/**
	 * caller lines of the chosen Line Type: GET /phone/getPhoneList → `[{tenantPhoneNumberId,
	 * phoneNumber, phoneName, phoneType}]`; for Call Policy Group the policy groups of GET
	 * /policyGroup/getIdAndNamePairList → `[{callPolicyGroupId, name}]` (seed 000: "如果外呼方式选择的是外呼策略组，则里面内容为外呼策略组的id")
	 */
	async getPhones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const phoneType = currentParameter(this, 'phoneType');
		if (phoneType === 'CALL_POLICY_GROUP') {
			const groups = await lookup(this, tanyi, { method: 'GET', path: '/policyGroup/getIdAndNamePairList' });
			return toOptions(groups, 'callPolicyGroupId', (g, id) => `${pick(g, 'name') ?? 'Policy group'} (${id})`);
		}
		const phones = await lookup(this, tanyi, { method: 'GET', path: '/phone/getPhoneList' });
		return toOptions(
			phones.filter((p) => !phoneType || p.phoneType === phoneType),
			'tenantPhoneNumberId',
			(p, id) => `${[pick(p, 'phoneName'), pick(p, 'phoneNumber')].filter(Boolean).join(' ') || 'Line'} (${id})`,
			(p) => pick(p, 'phoneType'),
		);
	},

	/** human seat groups: GET /csRobot/staffGroupList, paged (pageNum and pageSize required) → `content[{csStaffGroupId, groupName}]` */
	async getStaffGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const groups = await lookupAllPages(
			this,
			tanyi,
			{ method: 'GET', path: '/csRobot/staffGroupList' },
			tanyiPages('qs', STAFF_GROUP_PAGE_SIZE),
		);
		return toOptions(groups, 'csStaffGroupId', (g, id) => `${pick(g, 'groupName') ?? 'Group'} (${id})`);
	},

	/** the variables a job's script expects: GET /job/getJobProperties → a bare list of names */
	async getJobProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const jobId = currentParameter(this, 'jobId');
		if (!jobId) return [];
		const properties = await lookup(this, tanyi, {
			method: 'GET',
			path: '/job/getJobProperties',
			qs: { robotCallJobId: jobId },
		});
		return toOptions(properties, 'value', (_p, id) => id);
	},
};
