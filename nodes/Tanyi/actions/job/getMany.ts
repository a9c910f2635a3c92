import type { OperationSpec } from '../../../core/types';
import { compact } from '../../../core/validation';
import { JOB_PAGE_MAX, tanyiPages } from '../../api';
import { JOB_STATUSES } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** GET /job/getJobs (seed 000) */
export const getManyJobs: OperationSpec = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many jobs',
	description: 'List jobs, optionally by name and status',
	properties: [
		collectionField('filters', [
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Status', name: 'status', type: 'options', options: JOB_STATUSES, default: 'IN_PROCESS' },
		]),
	],
	retry: 'idempotent',
	paginate: tanyiPages('qs', JOB_PAGE_MAX),
	request: (p) => ({ method: 'GET', path: '/job/getJobs', qs: compact(p.collection('filters')) }),
};
