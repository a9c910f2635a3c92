import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { parseNumericIds } from '../../../core/validation';

/** POST /callRecord/deleteRobotCallTask (seed 003) */
export const deleteOneToBeCalled: OperationSpec = {
	value: 'deleteOne',
	name: 'Delete One To-Be-Called',
	action: 'Delete one customer still to be called',
	description: 'Remove one pending call from a job',
	properties: [
		{
			displayName: 'Call Task ID',
			name: 'robotCallTaskId',
			type: 'string',
			default: '',
			required: true,
			description: 'The robotCallTaskId from List To-Be-Called',
		},
	],
	retry: 'idempotent',
	request: (p) => ({
		method: 'POST',
		path: '/callRecord/deleteRobotCallTask',
		body: { robotCallTaskId: parseNumericIds(p.string('robotCallTaskId', 'Call Task ID'), 'Call Task ID', true)[0] },
	}),
	output: (data, p) => ({ deleted: true, robotCallTaskId: Number(p.string('robotCallTaskId', 'Call Task ID')), data: data as IDataObject }),
};
