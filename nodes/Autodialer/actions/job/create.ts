import type { OperationSpec } from '../../../core/types';
import { checkAgainstMeta, jobFields, taskBody } from './jobSettings';

/** POST /v1/task (seed 004) */
export const createJob: OperationSpec = {
	value: 'create',
	name: 'Create',
	action: 'Create a job',
	description: 'Create a calling job; it starts paused',
	properties: jobFields,
	retry: 'never',
	precheck: checkAgainstMeta,
	request: (p) => ({ method: 'POST', path: '/v1/task', body: taskBody(p) }),
};
