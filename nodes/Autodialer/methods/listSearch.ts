import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { listOf, pick } from '../../core/lookups';
import { searchPage } from '../../core/pagination';
import { autodialer, taskPages } from '../api';

export const listSearch = {
	/**
	 * Jobs for the Job picker: GET /v1/task, filtered here by name or uuid (the seed documents no
	 * search parameter). If the platform pages the list (Laravel `last_page`), the next page is
	 * fetched with `page` when the user scrolls.
	 */
	async searchJobs(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const { records, paginationToken: next } = await searchPage(this, autodialer, {
			// the first page without parameters: a platform that does not page answers the whole list
			request: (page) => ({ method: 'GET', path: '/v1/task', qs: page > 1 ? { page } : undefined }),
			paging: { ...taskPages, items: listOf },
			token: paginationToken,
		});
		const needle = (filter ?? '').trim().toLowerCase();
		const jobs = records.filter(
			(job) =>
				!needle ||
				String(job.name ?? '').toLowerCase().includes(needle) ||
				String(job.uuid ?? '').toLowerCase().includes(needle),
		);
		return {
			results: jobs.map((job) => ({
				name: `${pick(job, ['name']) ?? 'Job'} (${Number(job.start) === 1 ? 'running' : 'paused'})`,
				value: pick(job, ['uuid']) ?? '',
			})),
			paginationToken: next,
		};
	},
};
