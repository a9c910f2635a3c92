import type { OperationSpec } from '../../../core/types';
import { jobLocator } from '../../descriptions';
import { taskPath } from '../../params';
import { checkAgainstMeta, jobFields, taskBody } from './jobSettings';

/** PUT /v1/task/{uuid} (seed 004) */
export const updateJob: OperationSpec = {
	value: 'update',
	name: 'Update',
	action: 'Update a job',
	description: 'Replace a job’s settings; the vendor takes the same full set of fields as Create',
	properties: [jobLocator(), ...jobFields],
	retry: 'idempotent',
	precheck: checkAgainstMeta,
	request: (p) => ({ method: 'PUT', path: taskPath('/v1/task', p), body: taskBody(p) }),
};
