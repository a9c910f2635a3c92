import { listSearchOf, pick } from '../../core/lookups';
import { JOB_PAGE_MAX, tanyi, tanyiPages } from '../api';

export const listSearch = {
	/** jobs for the Job picker, searchable by name, 100 per page: `content[{robotCallJobId, name, status}]` (yiwise/slate obtainTask.md) */
	searchJobs: listSearchOf({
		vendor: tanyi,
		paging: tanyiPages('qs', JOB_PAGE_MAX),
		request: (_ctx, filter) => ({ method: 'GET', path: '/job/getJobs', qs: filter ? { name: filter } : {} }),
		result: (job) => ({
			name: `${pick(job, 'name') ?? 'Job'} (${pick(job, 'robotCallJobId')}${job.status ? `, ${String(job.status)}` : ''})`,
			value: pick(job, 'robotCallJobId') ?? '',
		}),
	}),
};
