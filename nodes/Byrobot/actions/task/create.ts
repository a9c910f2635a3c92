import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { createFields, createTaskBody } from './taskSettings';

/** POST /task/createTask (seed 001) */
export const createTask: OperationSpec = {
	value: 'create',
	name: 'Create',
	action: 'Create a task',
	description: 'Create a calling task',
	properties: createFields,
	retry: 'never',
	request: async (p) => ({ method: 'POST', path: `${V1}/task/createTask`, body: await createTaskBody(p) }),
	output: (data, p) => ({ taskId: data as number, taskName: p.string('taskName', 'Task Name') }),
};
