/**
 * The two legacy single-call operations (seed 001). The seed's example says `variable`, its table
 * `variables`; the vendor reads `variables` (VENDORS.md §2), and so does this node.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { phoneNumberField } from '../../../core/builders/fields';
import type { ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { checkPhone, compact } from '../../../core/validation';
import { scriptVariables } from '../../../core/variables';
import { V1 } from '../../api';
import { companyField, robotFields, variableFields } from '../../descriptions';
import { companyIdOf, numericId } from '../../params';

const mobileField = phoneNumberField({ name: 'mobile' });

const customerIdField: INodeProperties = {
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	default: '',
	required: true,
	description: 'The vendor’s customerId of an existing customer',
};

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

export interface SingleCallOptions {
	value: string;
	name: string;
	action: string;
	description: string;
	/** the endpoint after V1 */
	path: string;
	/** the call goes to an existing customer (its customerId is sent) */
	withCustomer: boolean;
}

export function singleCall(o: SingleCallOptions): OperationSpec {
	const { withCustomer } = o;
	return {
		value: o.value,
		name: o.name,
		action: o.action,
		description: o.description,
		properties: [
			companyField(),
			...(withCustomer ? [customerIdField] : []),
			mobileField,
			...robotFields,
			...variableFields('getSceneVariables', ['companyId', 'sceneDefId']),
		],
		// a resend could ring the person twice
		retry: 'never',
		request: async (p) => ({ method: 'POST', path: `${V1}${o.path}`, body: await callBody(p, withCustomer) }),
		output: (data, p) =>
			compact({
				success: true,
				mobile: checkPhone(p.get('mobile', ''), 'Phone Number'),
				customerId: withCustomer ? numericId(p, 'customerId', 'Customer ID') : undefined,
				data: data as IDataObject,
			}),
	};
}
