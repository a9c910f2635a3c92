import type { IDataObject } from 'n8n-workflow';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { parseNumericIds } from '../../../core/validation';
import { jobIdsField } from '../../descriptions';

/** POST /job/getJobStatsInfoList (seed 000) */
export const getJobStats: OperationSpec = {
	value: 'getStats',
	name: 'Get Stats',
	action: 'Get job statistics',
	description: 'Total and completed calls per job',
	properties: [
		jobIdsField('jobIds', 'The jobs whose statistics to return.'),
	],
	retry: 'idempotent',
	// the vendor takes a bare JSON array of ids as the body (seed 000)
	request: (p) => ({ method: 'POST', path: '/job/getJobStatsInfoList', body: parseNumericIds(p.get('jobIds', ''), 'Job Names or IDs', true).map(String) }),
	output: (data) =>
		isObject(data)
			? Object.entries(data).map(([id, stats]) => ({ robotCallJobId: Number(id), ...(stats as IDataObject) }))
			: [],
};
