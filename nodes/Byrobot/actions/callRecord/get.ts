import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import type { OperationSpec } from '../../../core/types';
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
	request: (p) => {
		const id = p.string('callInstanceId', 'Call Instance ID');
		if (!/^\d+$/.test(id)) throw new ValidationError('Call Instance ID', `must be a number (got "${id}")`);
		return { method: 'GET', path: `${V1}/task/phoneLogInfo`, qs: { callInstanceId: id } };
	},
	output: (data, p) =>
		p.get<boolean>('simplify', false) ? (data as IDataObject) : enrichCallDetail(data as IDataObject),
};
