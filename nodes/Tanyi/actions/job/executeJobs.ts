import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import type { OperationSpec } from '../../../core/types';
import { isObject, tryParseJson } from '../../../core/util';
import { oneOf } from '../../../core/validation';
import { bulkOperationField } from '../../descriptions';

/** POST /job/executeJobs (seed 000): the bulk start or pause of what a check returned */
export const executeJobs: OperationSpec = {
	value: 'executeJobs',
	name: 'Bulk Start or Pause',
	action: 'Start or pause jobs in bulk',
	description: 'Start or pause the jobs a check said are executable',
	properties: [
		{ ...bulkOperationField, displayName: 'Operation' },
		{
			displayName: 'Executable Jobs',
			name: 'executable',
			type: 'json',
			default: '={{ $json.executable }}',
			required: true,
			description: 'The "executable" list returned by Check Before Bulk Start or Pause',
		},
	],
	retry: 'idempotent',
	request: (p) => {
		const raw = p.get<unknown>('executable', []);
		const executable = typeof raw === 'string' ? tryParseJson(raw) : raw;
		if (!Array.isArray(executable) || executable.length === 0) {
			throw new ValidationError('Executable Jobs', 'must be a non-empty array (the "executable" list of a check)');
		}
		executable.forEach((job, i) => {
			if (!isObject(job) || job.robotCallJobId === undefined) {
				throw new ValidationError('Executable Jobs', `entry ${i + 1} has no robotCallJobId`);
			}
		});
		return {
			method: 'POST',
			path: '/job/executeJobs',
			body: { operation: oneOf(p.get('bulkOperation', 'START'), ['START', 'PAUSE'] as const, 'Operation'), executable },
		};
	},
	// the answer lists only the jobs that failed, `[]` when none did: one summary item either way
	output: (data, p) => {
		const failed = Array.isArray(data) ? (data as IDataObject[]) : [];
		const raw = p.get<unknown>('executable', []);
		const executable = typeof raw === 'string' ? tryParseJson(raw) : raw;
		return {
			operation: p.get('bulkOperation', 'START') as string,
			requested: Array.isArray(executable) ? executable.length : 0,
			failedCount: failed.length,
			failed,
		};
	},
};
