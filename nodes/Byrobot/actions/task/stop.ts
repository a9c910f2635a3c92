import { stateChangeOperation } from '../../../core/builders/stateChange';
import { V1 } from '../../api';
import { taskTarget } from '../../descriptions';

/** POST /task/stop {taskId} (seed 001) */
export const stopTask = stateChangeOperation({
	value: 'stop',
	name: 'Stop',
	action: 'Stop a task',
	description: 'Stop a task for good',
	...taskTarget,
	request: { method: 'POST', path: `${V1}/task/stop` },
});
