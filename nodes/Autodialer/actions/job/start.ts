import { taskStateChange } from './stateChange';

export const startJob = taskStateChange({
	value: 'start',
	name: 'Start',
	action: 'Start a job',
	description: 'Start or resume calling',
	verb: 'start',
	start: 1,
});
