import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { isUsableCustomerService, isUsableLine, metaOf } from '../../api';

/** GET /v1/task/create (seed 004): the meta lists a task is created from */
export const getCreateOptions: OperationSpec = {
	value: 'getCreateOptions',
	name: 'Get Create Options',
	action: 'Get the options for creating a job',
	description:
		'Caller lines, disable-dial time groups, redial rules, customer-service groups and script groups',
	properties: [
		{
			displayName: 'Usable Only',
			name: 'usableOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to drop caller lines without free concurrency (residue 0) and customer-service groups without a transfer line or not enabled',
		},
	],
	retry: 'idempotent',
	request: () => ({ method: 'GET', path: '/v1/task/create' }),
	output: (data, p) => {
		const meta = metaOf(data);
		if (!p.get<boolean>('usableOnly', false)) return meta as IDataObject;
		return {
			...meta,
			caller_line_list: meta.caller_line_list.filter((line) => isUsableLine(line)),
			customer_service: meta.customer_service.filter(isUsableCustomerService),
		} as IDataObject;
	},
};
