import type { ResourceSpec } from '../../../core/types';
import { callCustomer } from './callCustomer';
import { callNumber } from './callNumber';

export const callResource: ResourceSpec = {
	value: 'call',
	name: 'Call',
	operations: [callCustomer, callNumber],
};
