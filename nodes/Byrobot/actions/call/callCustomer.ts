import { singleCall } from './singleCall';

/** POST /task/call (seed 001) */
export const callCustomer = singleCall({
	value: 'callCustomer',
	name: 'Call a Customer',
	action: 'Call a customer',
	description:
		'Legacy: call an existing customer once. The vendor dropped this API from its docs in 2020; it may not be enabled for new accounts.',
	path: '/task/call',
	withCustomer: true,
});
