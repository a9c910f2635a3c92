import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { companyField, taskLocator } from '../../descriptions';
import { taskIdOf } from '../../params';
import { callTypeField, concurrencyField, phonesField, startDateField, taskTypeField, updateTaskBody } from './taskSettings';

/** POST /task/update (seed 001) */
export const updateTask: OperationSpec = {
	value: 'update',
	name: 'Update',
	action: 'Update a task',
	description: 'Change a task’s name, type, caller phones and concurrency; the vendor needs every field',
	properties: [
		companyField(),
		taskLocator(),
		{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '', required: true },
		taskTypeField,
		{
			...startDateField,
			description: 'Optional: a new start day (yyyy-MM-dd) for a scheduled task; empty keeps the current one',
			displayOptions: { show: { taskType: [1] } },
		},
		phonesField,
		callTypeField,
		{ ...concurrencyField, required: true },
	],
	retry: 'idempotent',
	request: async (p) => ({ method: 'POST', path: `${V1}/task/update`, body: await updateTaskBody(p) }),
	output: (_data, p) => ({ success: true, taskId: taskIdOf(p) }),
};
