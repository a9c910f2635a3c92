import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import type { ItemParams } from '../../../core/params';
import type { OperationSpec, RequestParts } from '../../../core/types';
import { V1 } from '../../api';
import { enrichCallDetail, normalizeByrobotCall } from '../../normalize';

/** GET /task/phoneLogInfo (seed 002) */
export const getCallRecord: OperationSpec = {
	value: 'get',
	name: 'Get',
	action: 'Get a call record',
	description: 'One call with its transcript and analysis results',
	properties: [
		{
			displayName: 'Call Instance ID',
			name: 'callInstanceId',
			type: 'string',
			default: '={{ $json.callInstanceId }}',
			required: true,
		},
	],
	retry: 'idempotent',
	simplify: normalizeByrobotCall,
	request: (p) => phoneLogInfoRequest(p),
	output: (data, p) => callDetailOutput(data, p),
};

/** the call instance ID of the item, a number */
export function callInstanceIdOf(p: ItemParams): string {
	const id = p.string('callInstanceId', 'Call Instance ID');
	if (!/^\d+$/.test(id)) throw new ValidationError('Call Instance ID', `must be a number (got "${id}")`);
	return id;
}

export function phoneLogInfoRequest(p: ItemParams): RequestParts {
	return { method: 'GET', path: `${V1}/task/phoneLogInfo`, qs: { callInstanceId: callInstanceIdOf(p) } };
}

/** the answer as is for Simplify, else with the main facts on top */
export function callDetailOutput(data: unknown, p: ItemParams): IDataObject {
	return p.get<boolean>('simplify', false) ? (data as IDataObject) : enrichCallDetail(data as IDataObject);
}
