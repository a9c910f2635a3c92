import { stateChangeOperation } from '../../../core/builders/stateChange';
import { V1 } from '../../api';
import { taskTarget } from '../../descriptions';

/** POST /task/pause {taskId} (seed 001) */
export const pauseTask = stateChangeOperation({
	value: 'pause',
	name: 'Pause',
	action: 'Pause a task',
	description: 'Pause calling',
	...taskTarget,
	request: { method: 'POST', path: `${V1}/task/pause` },
});
