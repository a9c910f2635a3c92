/**
 * The two legacy single-call operations (seed 001). Where the seed and the vendor's later text
 * disagree (indata-public/slate task.md history, byrobot-openapi-demo models), each operation's
 * file says which scene name it sends and why; both keep the seed's table name `variables`
 * (its examples say `variable`) and send it even when empty, as the last text asks.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';
import { ValidationError } from '../../../core/errors';
import type { ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { checkPhone, compact, oneOf } from '../../../core/validation';
import { scriptVariables } from '../../../core/variables';
import { V1 } from '../../api';
import { companyField, robotFields, variableFields } from '../../descriptions';
import { companyIdOf, numericId } from '../../params';

const mobileField = phoneNumberField({
	name: 'mobile',
	description: 'The number to call: digits only, no leading 0 or +, sent as a JSON number (Byrobot’s API types mobile as Integer)',
});

const customerIdField: INodeProperties = {
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	default: '',
	required: true,
	description: 'The vendor’s customerId of an existing customer',
};

/** seed 001: `mobile | Integer`; a number cannot keep a leading 0 or +, and must stay exact in JSON */
function mobileNumber(p: ItemParams): number {
	const digits = checkPhone(p.get('mobile', ''), 'Phone Number');
	if (!/^[1-9]\d{4,14}$/.test(digits)) {
		throw new ValidationError(
			'Phone Number',
			`must be digits without a leading 0 or + (Byrobot’s API takes mobile as an Integer; got "${digits}")`,
		);
	}
	return Number(digits);
}

function optionsFields(defaultScene: SceneKey, withUserName: boolean): INodeProperties {
	const fields: INodeProperties[] = [
		{
			displayName: 'Scene Field Name',
			name: 'sceneKey',
			type: 'options',
			options: [
				{ name: 'sceneDefId (Vendor Docs After 2018-09, Java Demo)', value: 'sceneDefId' },
				{ name: 'sceneId (2018 API Document)', value: 'sceneId' },
			],
			default: defaultScene,
			description: 'The name the scene is sent under; the vendor’s own texts disagree',
		},
	];
	if (withUserName) {
		fields.push({
			displayName: 'Customer Name',
			name: 'userName',
			type: 'string',
			default: '',
			description: 'Sent as userName (the vendor’s last text of this API: optional customer name)',
		});
	}
	return collectionField('options', fields);
}

async function callBody(p: ItemParams, o: SingleCallOptions): Promise<IDataObject> {
	const options = p.collection('options');
	const sceneKey = oneOf(options.sceneKey ?? o.sceneKey, ['sceneDefId', 'sceneId'] as const, 'Scene Field Name');
	const userName = String(options.userName ?? '').trim();
	const body = compact({
		customerId: o.withCustomer ? numericId(p, 'customerId', 'Customer ID') : undefined,
		mobile: mobileNumber(p),
		// always sent, `{}` when empty: "不传值情况下需要保留字段名"
		variables: scriptVariables(p) ?? {},
		robotDefId: numericId(p, 'robotDefId', 'Robot'),
		[sceneKey]: numericId(p, 'sceneDefId', 'Scene'),
		sceneRecordId: numericId(p, 'sceneRecordId', 'Recording'),
		userName: !o.withCustomer && userName ? userName : undefined,
	});
	return { companyId: await companyIdOf(p), ...body };
}

/** the scene's name in a single-call body */
export type SceneKey = 'sceneDefId' | 'sceneId';

export interface SingleCallOptions {
	value: string;
	name: string;
	action: string;
	description: string;
	/** the endpoint after V1 */
	path: string;
	/** the call goes to an existing customer (its customerId is sent) */
	withCustomer: boolean;
	/** the scene's name in the body by default */
	sceneKey: SceneKey;
}

export function singleCall(o: SingleCallOptions): OperationSpec {
	return {
		value: o.value,
		name: o.name,
		action: o.action,
		description: o.description,
		properties: [
			companyField(),
			...(o.withCustomer ? [customerIdField] : []),
			mobileField,
			...robotFields,
			...variableFields('getSceneVariables', ['companyId', 'sceneDefId']),
			optionsFields(o.sceneKey, !o.withCustomer),
		],
		// a resend could ring the person twice
		retry: 'never',
		request: async (p) => ({ method: 'POST', path: `${V1}${o.path}`, body: await callBody(p, o) }),
		output: (data, p) =>
			compact({
				success: true,
				mobile: String(mobileNumber(p)),
				customerId: o.withCustomer ? numericId(p, 'customerId', 'Customer ID') : undefined,
				data: data as IDataObject,
			}),
	};
}

