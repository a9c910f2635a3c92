import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';

/** GET /company/getCompanys (seed 001) */
export const listCompanies: OperationSpec = {
	value: 'listCompanies',
	name: 'List Companies',
	action: 'List companies',
	description: 'The companies these keys may operate',
	properties: [],
	retry: 'idempotent',
	request: () => ({ method: 'GET', path: `${V1}/company/getCompanys` }),
};
