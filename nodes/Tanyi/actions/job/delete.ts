import { stateChangeOperation } from '../../../core/builders/stateChange';
import { jobTarget } from '../../descriptions';

/** POST /job/delete {robotCallJobId} (seed 000) */
export const deleteJob = stateChangeOperation({
	value: 'delete',
	name: 'Delete',
	action: 'Delete a job',
	description: 'Delete a job',
	...jobTarget,
	request: { method: 'POST', path: '/job/delete' },
});
