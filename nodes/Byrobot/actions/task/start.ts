import { stateChangeOperation } from '../../../core/builders/stateChange';
import { V1 } from '../../api';
import { taskTarget } from '../../descriptions';

/** POST /task/start {taskId} (seed 001) */
export const startTask = stateChangeOperation({
	value: 'start',
	name: 'Start',
	action: 'Start a task',
	description: 'Start calling',
	...taskTarget,
	request: { method: 'POST', path: `${V1}/task/start` },
});
