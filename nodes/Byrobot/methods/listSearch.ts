import type { IDataObject } from 'n8n-workflow';
import { listSearchOf, pick } from '../../core/lookups';
import { TASK_PAGE_MAX, V1, byrobot, byrobotPages } from '../api';
import { TASK_STATUS_LABELS, label } from '../options';
import { companyFor } from './editorParameters';

export const listSearch = {
	/** the company's tasks for the Task picker, searchable by name, 100 per page: `list[{callJobId, jobName, status}]` (seed 002) */
	searchTasks: listSearchOf({
		vendor: byrobot,
		paging: byrobotPages('qs', TASK_PAGE_MAX),
		request: async (ctx, filter) => {
			const qs: IDataObject = { companyId: await companyFor(ctx) };
			if (filter) qs.taskName = filter;
			return { method: 'GET', path: `${V1}/task/getTasks`, qs };
		},
		result: (task) => {
			const id = pick(task, 'callJobId') ?? '';
			const status = label(TASK_STATUS_LABELS, task.status);
			return { name: `${pick(task, 'jobName') ?? 'Task'} (${id}${status ? `, ${status}` : ''})`, value: id };
		},
	}),
};
