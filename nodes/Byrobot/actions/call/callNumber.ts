import { singleCall } from './singleCall';

/** POST /task/singleCallByMobile (seed 001) */
export const callNumber = singleCall({
	value: 'callNumber',
	name: 'Call a Number',
	action: 'Call a phone number',
	description:
		'Legacy: call a phone number once; the result arrives by callback. The vendor dropped this API from its docs in 2020; it may not be enabled for new accounts.',
	path: '/task/singleCallByMobile',
	withCustomer: false,
});
