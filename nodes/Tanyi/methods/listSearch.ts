import { listSearchOf, pick } from '../../core/lookups';
import { variableNameSearch } from '../../core/variables';
import { JOB_PAGE_MAX, tanyi, tanyiPages } from '../api';
import { JOB_STATUSES, words } from '../options';
import { loadOptions } from './loadOptions';

export const listSearch = {
	/** jobs for the Job picker, searchable by name, 100 per page: `content[{robotCallJobId, name, status}]` (yiwise/slate obtainTask.md) */
	searchJobs: listSearchOf({
		vendor: tanyi,
		paging: tanyiPages('qs', JOB_PAGE_MAX),
		request: (_ctx, filter) => ({ method: 'GET', path: '/job/getJobs', qs: filter ? { name: filter } : {} }),
		result: (job) => ({
			name: `${pick(job, 'name') ?? 'Job'} (${pick(job, 'robotCallJobId')}${job.status ? `, ${words(job.status, JOB_STATUSES)}` : ''})`,
			value: pick(job, 'robotCallJobId') ?? '',
		}),
	}),

	/** the variable names of the chosen job's script, for a mapped variable's "From List" */
	getJobProperties: variableNameSearch(loadOptions.getJobProperties),
};
