import type { ResourceSpec } from '../../../core/types';
import { deleteManyToBeCalled } from './deleteMany';
import { deleteOneToBeCalled } from './deleteOne';
import { importCustomers } from './import';
import { listToBeCalled } from './listToBeCalled';
import { reAddCustomers } from './reAdd';

export const customerResource: ResourceSpec = {
	value: 'customer',
	name: 'Customer',
	operations: [importCustomers, reAddCustomers, listToBeCalled, deleteOneToBeCalled, deleteManyToBeCalled],
};
