import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import type { OperationSpec } from '../../../core/types';
import { compact, oneOf, parseNumericIds } from '../../../core/validation';
import { jobLocator } from '../../descriptions';
import { TASK_STATUS_VALUES, TASK_STATUSES } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/**
 * GET /callRecord/deleteRobotCallTaskList (seed 003): the vendor deletes with a GET, the ids or
 * filters in the query. It is marked retryable (`idempotent`), and that holds: with Call Task
 * IDs a repeat finds those calls gone and deletes nothing more; with filters a repeat deletes
 * what matches when it arrives, which is what the first request would have deleted had it
 * arrived those few seconds later (a call imported in between is deleted too, in both cases).
 * Being a GET, a proxy may repeat it as well; the same reasoning applies. Without IDs or a
 * filter it would delete every pending call of the job, so that needs an explicit switch.
 */
export const deleteManyToBeCalled: OperationSpec = {
	value: 'deleteMany',
	name: 'Delete Many To-Be-Called',
	action: 'Delete many customers still to be called',
	description: 'Remove pending calls from a job by IDs or by filters',
	properties: [
		jobLocator(),
		{
			displayName: 'Call Task IDs',
			name: 'robotCallTaskIds',
			type: 'string',
			default: '',
			placeholder: '3033729, 3033719',
			description: 'Comma-separated robotCallTaskId values. When set, the filters below are ignored by the vendor.',
		},
		collectionField('filters', [
			{ displayName: 'Phone Number', name: 'calledPhoneNumber', type: 'string', default: '' },
			{ displayName: 'Call Status', name: 'taskStatus', type: 'options', options: TASK_STATUSES, default: 'NOT_STARTED' },
			{
				displayName: 'Delete All Pending Calls of the Job',
				name: 'confirmDeleteAll',
				type: 'boolean',
				default: false,
				description: 'Whether to allow deleting every pending call when neither IDs nor filters are given',
			},
		]),
	],
	retry: 'idempotent',
	request: (p) => {
		const f = p.collection('filters');
		const ids = parseNumericIds(p.get('robotCallTaskIds', ''), 'Call Task IDs');
		const qs = compact({
			robotCallJobId: Number(p.locator('jobId', 'Job')),
			robotCallTaskIds: ids.length ? ids.join(',') : undefined,
			calledPhoneNumber: ids.length ? undefined : (f.calledPhoneNumber as string | undefined),
			taskStatus: ids.length || !f.taskStatus ? undefined : oneOf(f.taskStatus, TASK_STATUS_VALUES, 'Call Status'),
		});
		if (Object.keys(qs).length === 1 && f.confirmDeleteAll !== true) {
			throw new ValidationError(
				'Call Task IDs',
				'or a filter is required; to delete every pending call of the job turn on "Delete All Pending Calls of the Job"',
			);
		}
		return { method: 'GET', path: '/callRecord/deleteRobotCallTaskList', qs };
	},
	output: (data, p) => ({ deleted: true, robotCallJobId: Number(p.locator('jobId', 'Job')), data: data as IDataObject }),
};
