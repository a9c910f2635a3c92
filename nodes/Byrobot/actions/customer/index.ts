import type { ResourceSpec } from '../../../core/types';
import { importCustomers } from './import';
import { listNotDialed } from './listNotDialed';

export const customerResource: ResourceSpec = {
	value: 'customer',
	name: 'Customer',
	operations: [importCustomers, listNotDialed],
};
