import type { OperationSpec } from '../../../core/types';
import { taskPages } from '../../api';

/** GET /v1/task (seed 004) */
export const getManyJobs: OperationSpec = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many jobs',
	description: 'List calling jobs; start 1 = running, 0 = paused',
	properties: [],
	retry: 'idempotent',
	paginate: taskPages,
	request: () => ({ method: 'GET', path: '/v1/task' }),
};
