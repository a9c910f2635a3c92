import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { pick } from '../../core/lookups';
import { searchPage } from '../../core/pagination';
import { TASK_PAGE_MAX, V1, byrobot, byrobotPages } from '../api';
import { TASK_STATUS_LABELS, label } from '../options';
import { companyFor } from './editorParameters';

export const listSearch = {
	/** the company's tasks for the Task picker, searchable by name, 100 per page */
	async searchTasks(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const qs: IDataObject = { companyId: await companyFor(this) };
		if (filter) qs.taskName = filter;
		const { records, paginationToken: next } = await searchPage(this, byrobot, {
			request: { method: 'GET', path: `${V1}/task/getTasks`, qs },
			paging: byrobotPages('qs', TASK_PAGE_MAX),
			token: paginationToken,
		});
		return {
			results: records.map((task) => {
				const id = pick(task, ['callJobId']) ?? '';
				const status = label(TASK_STATUS_LABELS, task.status);
				return { name: `${pick(task, ['jobName']) ?? 'Task'} (${id}${status ? `, ${status}` : ''})`, value: id };
			}),
			paginationToken: next,
		};
	},
};
