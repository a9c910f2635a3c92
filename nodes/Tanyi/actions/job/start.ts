import { stateChangeOperation } from '../../../core/builders/stateChange';
import { jobTarget } from '../../descriptions';

/** POST /job/start {robotCallJobId} (seed 000) */
export const startJob = stateChangeOperation({
	value: 'start',
	name: 'Start',
	action: 'Start a job',
	description: 'Start calling',
	...jobTarget,
	request: { method: 'POST', path: '/job/start' },
});
