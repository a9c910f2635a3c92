import type { ResourceSpec } from '../../../core/types';
import { importNumbers } from './importNumbers';

export const customerResource: ResourceSpec = {
	value: 'customer',
	name: 'Customer',
	operations: [importNumbers],
};
