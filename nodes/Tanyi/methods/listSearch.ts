import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { pick } from '../../core/lookups';
import { searchPage } from '../../core/pagination';
import { JOB_PAGE_MAX, tanyi, tanyiPages } from '../api';

export const listSearch = {
	/** jobs for the Job picker, searchable by name, 100 per page */
	async searchJobs(
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const { records, paginationToken: next } = await searchPage(this, tanyi, {
			request: { method: 'GET', path: '/job/getJobs', qs: filter ? { name: filter } : {} },
			paging: tanyiPages('qs', JOB_PAGE_MAX),
			token: paginationToken,
		});
		return {
			results: records.map((job) => ({
				name: `${pick(job, ['name', 'robotCallJobName']) ?? 'Job'} (${pick(job, ['robotCallJobId'])}${job.status ? `, ${String(job.status)}` : ''})`,
				value: pick(job, ['robotCallJobId']) ?? '',
			})),
			paginationToken: next,
		};
	},
};
