import { stateChangeOperation } from '../../../core/builders/stateChange';
import { V1 } from '../../api';
import { taskTarget } from '../../descriptions';

/** POST /task/delete {taskId} (seed 001) */
export const deleteTask = stateChangeOperation({
	value: 'delete',
	name: 'Delete',
	action: 'Delete a task',
	description: 'Delete a task that is not running',
	...taskTarget,
	request: { method: 'POST', path: `${V1}/task/delete` },
});
