import type { IDataObject } from 'n8n-workflow';
import { checkInteger } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { checkDate, compact } from '../../../core/validation';
import { byrobotPages, TASK_PAGE_MAX, V1 } from '../../api';
import { companyField, pageSizeProperty } from '../../descriptions';
import { enrichTask } from '../../normalize';
import { TASK_STATUS_OPTIONS } from '../../options';
import { companyIdOf, pageSizeOption } from '../../params';
import { collectionField } from '../../../core/builders/fields';

/** GET /task/getTasks (seed 002) */
export const getManyTasks: OperationSpec = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many tasks',
	description: 'List a company’s tasks, optionally by name, creation date and status',
	properties: [
		companyField(),
		collectionField('filters', [
			{ displayName: 'Created On', name: 'createDate', type: 'dateTime', default: '', description: 'Day of creation (yyyy-MM-dd)' },
			{ displayName: 'Name', name: 'taskName', type: 'string', default: '', description: 'Task name (contains)' },
			{ displayName: 'Status', name: 'status', type: 'options', options: TASK_STATUS_OPTIONS, default: 1 },
		]),
		collectionField('options', [pageSizeProperty(TASK_PAGE_MAX)]),
	],
	retry: 'idempotent',
	paginate: byrobotPages('qs', TASK_PAGE_MAX),
	request: async (p) => {
		const f = p.collection('filters');
		const qs = compact({
			taskName: f.taskName as string | undefined,
			createDate: f.createDate ? checkDate(f.createDate, 'Created On') : undefined,
			status: f.status === undefined ? undefined : checkInteger(f.status, 'Status', 0, 10),
		});
		pageSizeOption(p, TASK_PAGE_MAX);
		return { method: 'GET', path: `${V1}/task/getTasks`, qs: { companyId: await companyIdOf(p), ...qs } };
	},
	output: (record) => enrichTask(record as IDataObject),
};
