import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { parseNumericIds } from '../../../core/validation';

/** POST /job/getJobStatsInfoList (seed 000) */
export const getJobStats: OperationSpec = {
	value: 'getStats',
	name: 'Get Stats',
	action: 'Get job statistics',
	description: 'Total and completed calls per job',
	properties: [
		{
			displayName: 'Job IDs',
			name: 'jobIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: '1017, 1014',
			description: 'Comma-separated job IDs (or a JSON array)',
		},
	],
	retry: 'idempotent',
	// the vendor takes a bare JSON array of ids as the body (seed 000)
	request: (p) => ({ method: 'POST', path: '/job/getJobStatsInfoList', body: parseNumericIds(p.get('jobIds', ''), 'Job IDs', true).map(String) }),
	output: (data) =>
		isObject(data)
			? Object.entries(data).map(([id, stats]) => ({ robotCallJobId: Number(id), ...(stats as IDataObject) }))
			: [],
};
