import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { ItemParams } from '../../core/params';
import type { OperationSpec, ResourceSpec } from '../../core/types';
import { checkPhone, compact } from '../../core/validation';
import { V1, companyField, companyIdOf, numericId, robotFields, scriptVariables, variableFields } from '../shared';

const mobileField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'mobile',
	type: 'string',
	default: '={{ $json.phone }}',
	required: true,
	description: 'The number to call; 5–20 digits, spaces and hyphens are removed',
};

/**
 * Seed 001 single calls. The seed's example says `variable`, its table `variables`; the vendor
 * reads `variables` (VENDORS.md §2), and so does this node.
 */
async function callBody(p: ItemParams, withCustomer: boolean): Promise<IDataObject> {
	const body = compact({
		customerId: withCustomer ? numericId(p, 'customerId', 'Customer ID') : undefined,
		mobile: checkPhone(p.get('mobile', ''), 'Phone Number'),
		variables: scriptVariables(p),
		robotDefId: numericId(p, 'robotDefId', 'Robot'),
		// the single-call APIs name the scene `sceneId` (createTask says sceneDefId)
		sceneId: numericId(p, 'sceneDefId', 'Scene'),
		sceneRecordId: numericId(p, 'sceneRecordId', 'Recording'),
	});
	return { companyId: await companyIdOf(p), ...body };
}

function singleCall(value: string, name: string, path: string, action: string, description: string, withCustomer: boolean): OperationSpec {
	return {
		value,
		name,
		action,
		description,
		properties: [
			companyField(),
			...(withCustomer
				? [
						{
							displayName: 'Customer ID',
							name: 'customerId',
							type: 'string',
							default: '',
							required: true,
							description: 'The vendor’s customerId of an existing customer',
						} as INodeProperties,
					]
				: []),
			mobileField,
			...robotFields,
			...variableFields('getSceneVariables', ['companyId', 'sceneDefId']),
		],
		// a resend could ring the person twice
		retry: 'never',
		request: async (p) => ({ method: 'POST', path: `${V1}${path}`, body: await callBody(p, withCustomer) }),
		output: (data, p) =>
			compact({
				success: true,
				mobile: checkPhone(p.get('mobile', ''), 'Phone Number'),
				customerId: withCustomer ? numericId(p, 'customerId', 'Customer ID') : undefined,
				data: data as IDataObject,
			}),
	};
}

export const callResource: ResourceSpec = {
	value: 'call',
	name: 'Call',
	operations: [
		singleCall('callCustomer', 'Call a Customer', '/task/call', 'Call a customer', 'Legacy: call an existing customer once (单次电话外呼). The vendor dropped this API from its docs in 2020; it may not be enabled for new accounts.', true),
		singleCall(
			'callNumber',
			'Call a Number',
			'/task/singleCallByMobile',
			'Call a phone number',
			'Legacy: call a phone number once; the result arrives by callback (根据手机号进行单次电话外呼). The vendor dropped this API from its docs in 2020; it may not be enabled for new accounts.',
			false,
		),
	],
};
