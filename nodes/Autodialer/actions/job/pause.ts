import { taskStateChange } from './stateChange';

export const pauseJob = taskStateChange({
	value: 'pause',
	name: 'Pause',
	action: 'Pause a job',
	description: 'Pause calling; the vendor calls this endpoint "stop" (/v1/task/stop), but Start resumes the job',
	// the vendor's "stop" pauses: Start resumes the task
	verb: 'stop',
	start: 0,
});
