import type { ResourceSpec } from '../../../core/types';
import { getSceneVariables } from './getSceneVariables';
import { listCompanies } from './listCompanies';
import { listPhones } from './listPhones';
import { listRobots } from './listRobots';

export const companyResource: ResourceSpec = {
	value: 'company',
	name: 'Company',
	operations: [listCompanies, listPhones, listRobots, getSceneVariables],
};
