import { stateChangeOperation } from '../../../core/builders/stateChange';
import { jobTarget } from '../../descriptions';

/** POST /job/pause {robotCallJobId} (seed 000) */
export const pauseJob = stateChangeOperation({
	value: 'pause',
	name: 'Pause',
	action: 'Pause a job',
	description: 'Pause calling',
	...jobTarget,
	request: { method: 'POST', path: '/job/pause' },
});
