import type { ResourceSpec } from '../../../core/types';
import { checkAllJobs } from './checkAll';
import { createJob } from './create';
import { deleteJob } from './delete';
import { executeJobs } from './executeJobs';
import { getManyJobs } from './getMany';
import { getJobStats } from './getStats';
import { pauseJob } from './pause';
import { setAiSeats } from './setAiSeats';
import { startJob } from './start';
import { stopJob } from './stop';
import { updateJob } from './update';

export const jobResource: ResourceSpec = {
	value: 'job',
	name: 'Job',
	operations: [
		createJob,
		updateJob,
		startJob,
		pauseJob,
		stopJob,
		deleteJob,
		setAiSeats,
		checkAllJobs,
		executeJobs,
		getJobStats,
		getManyJobs,
	],
};
