import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { listOf, pick, toOptions } from '../core/lookups';
import { searchPage } from '../core/pagination';
import { taskPages } from './resources/job';
import { autodialer, fetchCreateMeta, isUsableCustomerService, isUsableLine } from './shared';

/** Every dropdown comes from the `meta` of GET /v1/task/create (seed 004). */
export const loadOptions = {
	/** caller lines with free concurrency (residue) above 1; value = line id */
	async getCallerLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { caller_line_list } = await fetchCreateMeta(this);
		return toOptions(
			caller_line_list.filter(isUsableLine),
			['value'],
			(line, id) =>
				`${pick(line, ['name']) ?? id} · ${pick(line, ['call_number']) ?? 'no caller number'} · ${String(line.residue)} free`,
			(line) => `Caller number ${pick(line, ['call_number']) ?? '-'}; free concurrency ${String(line.residue)} of ${String(line.call_line ?? '?')}`,
		);
	},

	/** disable-dial time groups (禁呼时间); value = uuid */
	async getDisableDialTimeGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { enum_disable_dial_timegroup } = await fetchCreateMeta(this);
		return toOptions(enum_disable_dial_timegroup, ['uuid'], (group, id) => pick(group, ['name']) ?? id);
	},

	/** redial rules (重呼规则); value = id */
	async getRedialRules(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { auto_recycle_rules } = await fetchCreateMeta(this);
		return toOptions(
			auto_recycle_rules,
			['id'],
			(rule, id) => `${pick(rule, ['name']) ?? 'Rule'} (${id})${rule.status === false ? ' [disabled]' : ''}`,
			(rule) => pick(rule, ['remark']),
		);
	},

	/** customer-service groups (客服组) that can be used: a transfer line and status 1 */
	async getCustomerServiceGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { customer_service } = await fetchCreateMeta(this);
		return toOptions(customer_service.filter(isUsableCustomerService), ['id'], (group, id) => `${pick(group, ['name']) ?? 'Group'} (${id})`);
	},

	/** script groups (话术分组, `outbound_group`); value = id, sent as destination_extension */
	async getScriptGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { outbound_group } = await fetchCreateMeta(this);
		return toOptions(
			outbound_group,
			['id'],
			(group, id) => `${pick(group, ['name']) ?? 'Script'} (${id})`,
			(group) => (group.debug === true ? 'Debug mode: every line is spoken by TTS' : undefined),
		);
	},
};

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
