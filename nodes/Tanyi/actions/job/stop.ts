import { stateChangeOperation } from '../../../core/builders/stateChange';
import { jobTarget } from '../../descriptions';

/** POST /job/stop {robotCallJobId} (seed 000) */
export const stopJob = stateChangeOperation({
	value: 'stop',
	name: 'Stop',
	action: 'Stop a job',
	description: 'Stop a job for good',
	...jobTarget,
	request: { method: 'POST', path: '/job/stop' },
});
