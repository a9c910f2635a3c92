import { singleCall } from './singleCall';

/**
 * POST /task/call (seed 001). The scene goes as `sceneId`: seed 001's table and the vendor's Java
 * demo (byrobot-openapi-demo CallCustomerInfoVO, 2020) agree. The public text said sceneDefId
 * from 2018-09-04 (indata-public/slate 2f5934c), kept only robotDefId on 2019-06-26 (727e514) and
 * removed the API the same day (fae7050). Options → Scene Field Name sends sceneDefId instead.
 */
export const callCustomer = singleCall({
	value: 'callCustomer',
	name: 'Call a Customer',
	action: 'Call a customer',
	description:
		'Legacy: call an existing customer once. The vendor dropped this API from its docs in 2019; it may not be enabled for new accounts.',
	path: '/task/call',
	withCustomer: true,
	sceneKey: 'sceneId',
});
