import { taskStateChange } from './stateChange';

export const startJob = taskStateChange({
	value: 'start',
	name: 'Start',
	action: 'Start a job',
	description: 'Start or resume calling (任务的启动)',
	verb: 'start',
	start: 1,
});
