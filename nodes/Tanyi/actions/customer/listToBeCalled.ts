import type { OperationSpec } from '../../../core/types';
import { compact, oneOf } from '../../../core/validation';
import { tanyiPages, TO_BE_CALLED_PAGE_MAX } from '../../api';
import { jobLocator } from '../../descriptions';
import { TASK_STATUS_VALUES, TASK_STATUSES } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** GET /callRecord/toBeCalledList (seed 003) */
export const listToBeCalled: OperationSpec = {
	value: 'listToBeCalled',
	name: 'List To-Be-Called',
	action: 'List customers still to be called',
	description: 'Customers of a job not yet called',
	properties: [
		jobLocator(),
		collectionField('filters', [
			{ displayName: 'Phone Number', name: 'calledPhoneNumber', type: 'string', default: '' },
			{ displayName: 'Call Status', name: 'taskStatus', type: 'options', options: TASK_STATUSES, default: 'NOT_STARTED' },
		]),
	],
	retry: 'idempotent',
	paginate: tanyiPages('qs', TO_BE_CALLED_PAGE_MAX),
	request: (p) => {
		const f = p.collection('filters');
		return {
			method: 'GET',
			path: '/callRecord/toBeCalledList',
			qs: compact({
				robotCallJobId: Number(p.locator('jobId', 'Job')),
				calledPhoneNumber: f.calledPhoneNumber as string | undefined,
				taskStatus: f.taskStatus ? oneOf(f.taskStatus, TASK_STATUS_VALUES, 'Call Status') : undefined,
			}),
		};
	},
};
