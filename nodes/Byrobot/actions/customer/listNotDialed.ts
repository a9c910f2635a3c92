import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { byrobotPages, NOT_DIALED_PAGE_MAX, V1 } from '../../api';
import { companyField, pageSizeProperty, taskLocator } from '../../descriptions';
import { CALL_STATUS_LABELS, label } from '../../options';
import { pageSizeOption, taskIdOf } from '../../params';
import { collectionField } from '../../../core/builders/fields';

/** POST /task/notDialedCustomerList (seed 002) */
export const listNotDialed: OperationSpec = {
	value: 'listNotDialed',
	name: 'List Not Dialed',
	action: 'List customers not dialed yet',
	description: 'Customers of a task still waiting to be called',
	properties: [
		companyField('picker'),
		taskLocator(),
		collectionField('options', [pageSizeProperty(NOT_DIALED_PAGE_MAX)]),
	],
	retry: 'idempotent',
	paginate: byrobotPages('body', NOT_DIALED_PAGE_MAX),
	request: (p) => {
		pageSizeOption(p, NOT_DIALED_PAGE_MAX);
		return { method: 'POST', path: `${V1}/task/notDialedCustomerList`, body: { taskId: taskIdOf(p) } };
	},
	output: (record) => ({
		...(record as IDataObject),
		statusLabel: label(CALL_STATUS_LABELS, (record as IDataObject).status),
	}),
};
