import type { OperationSpec } from '../../../core/types';
import { checkDate, compact, oneOf, parseNumericIds } from '../../../core/validation';
import { bulkOperationField, jobIdsField } from '../../descriptions';
import { JOB_STATUSES } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** POST /job/checkAll (seed 000): which jobs a bulk start or pause could act on */
export const checkAllJobs: OperationSpec = {
	value: 'checkAll',
	name: 'Check Before Bulk Start or Pause',
	action: 'Check jobs before a bulk start or pause',
	description: 'List which jobs can be started or paused; feed the result to Bulk Start or Pause',
	properties: [
		bulkOperationField,
		jobIdsField('robotCallJobIdSet', 'The jobs to check.'),
		collectionField('filters', [
			{ displayName: 'Created From', name: 'beginCreateDate', type: 'dateTime', default: '', description: 'Earliest creation date (yyyy-MM-dd)' },
			{ displayName: 'Created Until', name: 'endCreateDate', type: 'dateTime', default: '', description: 'Latest creation date (yyyy-MM-dd)' },
			{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
			{ displayName: 'Statuses', name: 'statusSet', type: 'multiOptions', options: JOB_STATUSES, default: [] },
		]),
	],
	retry: 'idempotent',
	request: (p) => {
		const filters = p.collection('filters');
		return {
			method: 'POST',
			path: '/job/checkAll',
			body: compact({
				operation: oneOf(p.get('bulkOperation', 'START'), ['START', 'PAUSE'] as const, 'Operation to Check'),
				robotCallJobIdSet: parseNumericIds(p.get('robotCallJobIdSet', ''), 'Job Names or IDs', true),
				statusSet: filters.statusSet as string[] | undefined,
				name: filters.name as string | undefined,
				beginCreateDate: filters.beginCreateDate ? checkDate(filters.beginCreateDate, 'Created From') : undefined,
				endCreateDate: filters.endCreateDate ? checkDate(filters.endCreateDate, 'Created Until') : undefined,
			}),
		};
	},
};
