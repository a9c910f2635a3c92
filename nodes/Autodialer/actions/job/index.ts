import type { ResourceSpec } from '../../../core/types';
import { createJob } from './create';
import { deleteJob } from './delete';
import { getCreateOptions } from './getCreateOptions';
import { getManyJobs } from './getMany';
import { pauseJob } from './pause';
import { startJob } from './start';
import { updateJob } from './update';

export const jobResource: ResourceSpec = {
	value: 'job',
	name: 'Job',
	operations: [getCreateOptions, createJob, updateJob, getManyJobs, deleteJob, startJob, pauseJob],
};
