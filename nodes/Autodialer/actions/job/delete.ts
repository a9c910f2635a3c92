import { taskStateChange } from './stateChange';

export const deleteJob = taskStateChange({
	value: 'delete',
	name: 'Delete',
	action: 'Delete a job',
	description: 'Delete a job',
	verb: 'destroy',
});
