import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { companyField } from '../../descriptions';
import { companyIdOf } from '../../params';

/** GET /company/getRobots (seed 001) */
export const listRobots: OperationSpec = {
	value: 'listRobots',
	name: 'List Robots',
	action: 'List robots',
	description: 'The company’s robot scripts with their scene and recordings',
	properties: [companyField()],
	retry: 'idempotent',
	request: async (p) => ({ method: 'GET', path: `${V1}/company/getRobots`, qs: { companyId: await companyIdOf(p) } }),
};
