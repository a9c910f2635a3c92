import { singleCall } from './singleCall';

/**
 * POST /task/singleCallByMobile (seed 001). The scene goes as `sceneDefId`: the vendor renamed
 * seed 001's `sceneId` five weeks after the seed's text (indata-public/slate 2f5934c, 2018-09-04)
 * and kept sceneDefId until it retired the API (71497b8, 2020-01-16); its Java demo's SingleCallVO
 * says sceneDefId too. Options → Scene Field Name sends the seed's name instead.
 */
export const callNumber = singleCall({
	value: 'callNumber',
	name: 'Call a Number',
	action: 'Call a phone number',
	description:
		'Legacy: call a phone number once; the result arrives by callback. The vendor dropped this API from its docs in 2020; it may not be enabled for new accounts.',
	path: '/task/singleCallByMobile',
	withCustomer: false,
	sceneKey: 'sceneDefId',
});
