import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { V1 } from '../../api';
import { companyField } from '../../descriptions';
import { CALL_TYPE_LABELS, label } from '../../options';
import { companyIdOf } from '../../params';

/** GET /company/getPhones (seed 001) */
export const listPhones: OperationSpec = {
	value: 'listPhones',
	name: 'List Caller Phones',
	action: 'List caller phones',
	description: 'The company’s caller lines with their userPhoneId',
	properties: [companyField()],
	retry: 'idempotent',
	request: async (p) => ({ method: 'GET', path: `${V1}/company/getPhones`, qs: { companyId: await companyIdOf(p) } }),
	// phoneType uses the callType numbering: 0 mobile, 1 landline, 2 no caller id
	output: (data) =>
		(Array.isArray(data) ? (data as IDataObject[]) : []).map((phone) => ({
			...phone,
			phoneTypeLabel: label(CALL_TYPE_LABELS, phone.phoneType),
		})),
};
