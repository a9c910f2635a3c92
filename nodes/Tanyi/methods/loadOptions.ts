import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { lookup, pick, toOptions } from '../../core/lookups';
import { isObject } from '../../core/util';
import { tanyi } from '../api';

function jobIdParameter(ctx: ILoadOptionsFunctions): string | undefined {
	const value = ctx.getCurrentNodeParameter('jobId') as unknown;
	const id = isObject(value) ? value.value : value;
	return id === undefined || id === null || id === '' ? undefined : String(id);
}

export const loadOptions = {
	/** scripts (话术): GET /dialogFlow/getDialogFlowList */
	async getDialogFlows(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const flows = await lookup(this, tanyi, { method: 'GET', path: '/dialogFlow/getDialogFlowList' });
		return toOptions(
			flows,
			['dialogFlowId', 'id'],
			(f, id) => `${pick(f, ['name', 'dialogFlowName']) ?? 'Script'} (${id})`,
			(f) => pick(f, ['status']),
		);
	},

	/** caller lines: GET /phone/getPhoneList (value = tenantPhoneNumberId) */
	async getPhones(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const phones = await lookup(this, tanyi, { method: 'GET', path: '/phone/getPhoneList' });
		return toOptions(
			phones,
			['tenantPhoneNumberId', 'phoneNumberId', 'id'],
			(p, id) => {
				const label = [pick(p, ['phoneName', 'name']), pick(p, ['phoneNumber', 'phone'])].filter(Boolean).join(' ');
				return `${label || 'Line'} (${id})`;
			},
			(p) => pick(p, ['phoneType']),
		);
	},

	/** human seat groups: GET /csRobot/staffGroupList */
	async getStaffGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const groups = await lookup(this, tanyi, { method: 'GET', path: '/csRobot/staffGroupList' });
		return toOptions(groups, ['csStaffGroupId', 'staffGroupId', 'id'], (g, id) => `${pick(g, ['name', 'groupName', 'csStaffGroupName']) ?? 'Group'} (${id})`);
	},

	/** the variables a job's script expects: GET /job/getJobProperties */
	async getJobProperties(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const jobId = jobIdParameter(this);
		if (!jobId) return [];
		const properties = await lookup(this, tanyi, {
			method: 'GET',
			path: '/job/getJobProperties',
			qs: { robotCallJobId: jobId },
		});
		return toOptions(properties, ['name', 'propertyName', 'value'], (p, id) => id);
	},
};
