import type { OperationSpec } from '../../../core/types';
import { checkScriptNeeds, jobBody, jobFields } from './jobSettings';

/** POST /job/create (seed 000) */
export const createJob: OperationSpec = {
	value: 'create',
	name: 'Create',
	action: 'Create a job',
	description: 'Create a calling job',
	properties: jobFields,
	retry: 'never',
	precheck: checkScriptNeeds,
	request: (p) => ({ method: 'POST', path: '/job/create', body: jobBody(p) }),
};
