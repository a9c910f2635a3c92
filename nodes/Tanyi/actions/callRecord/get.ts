import { ValidationError } from '../../../core/errors';
import type { ItemParams } from '../../../core/params';
import type { OperationSpec, RequestParts } from '../../../core/types';
import { normalizeTanyiCall } from '../../normalize';

/** GET /callRecord/callDetail (seed 003) */
export const getCallRecord: OperationSpec = {
	value: 'get',
	name: 'Get',
	action: 'Get a call record',
	description: 'One call with its transcript',
	properties: [
		{
			displayName: 'Call Record ID',
			name: 'callRecordId',
			type: 'string',
			default: '={{ $json.callRecordId }}',
			required: true,
		},
	],
	retry: 'idempotent',
	simplify: normalizeTanyiCall,
	request: (p) => callDetailRequest(p),
};

/** the call record ID of the item, a number */
export function callRecordIdOf(p: ItemParams): string {
	const id = p.string('callRecordId', 'Call Record ID');
	if (!/^\d+$/.test(id)) throw new ValidationError('Call Record ID', `must be a number (got "${id}")`);
	return id;
}

export function callDetailRequest(p: ItemParams): RequestParts {
	return { method: 'GET', path: '/callRecord/callDetail', qs: { callRecordId: Number(callRecordIdOf(p)) } };
}
