import { listSearchOf, pick } from '../../core/lookups';
import { autodialer, taskPages } from '../api';

export const listSearch = {
	/**
	 * Jobs for the Job picker: GET /v1/task, filtered here by name or uuid (the seed documents no
	 * search parameter). If the platform pages the list (Laravel `last_page`), the next page is
	 * fetched with `page` when the user scrolls.
	 */
	searchJobs: listSearchOf({
		vendor: autodialer,
		paging: taskPages,
		// the first page without parameters: a platform that does not page answers the whole list
		request: () => (page) => ({ method: 'GET', path: '/v1/task', qs: page > 1 ? { page } : undefined }),
		matches: (job, filter) => {
			const needle = filter.toLowerCase();
			return String(job.name ?? '').toLowerCase().includes(needle) || String(job.uuid ?? '').toLowerCase().includes(needle);
		},
		result: (job) => ({
			name: `${pick(job, 'name') ?? 'Job'} (${Number(job.start) === 1 ? 'running' : 'paused'})`,
			value: pick(job, 'uuid') ?? '',
		}),
	}),
};
