import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';
import { allOptionsOf, collectIds } from '../core/lookups';
import { cstEpoch as epoch, type CallRecordSource } from '../core/poll';
import { isObject } from '../core/util';
import { CALL_RECORD_PAGE_MAX, V1, byrobot, byrobotPages } from './api';
import { listSearch } from './methods';
import { enrichCallListRecord, intentFromResults, normalizeByrobotCall } from './normalize';

const pages = byrobotPages('body', CALL_RECORD_PAGE_MAX);

/** the Company parameter, else the credential's Default Company ID */
async function companyOf(ctx: IPollFunctions): Promise<string> {
	const own = String(ctx.getNodeParameter('companyId', '') ?? '').trim();
	const id = own || String((await ctx.getCredentials('byrobotApi')).companyId ?? '').trim();
	if (!/^\d+$/.test(id)) {
		throw new NodeOperationError(
			ctx.getNode(),
			id
				? `Invalid parameter: Company must be a numeric company ID (got "${id}")`
				: 'Choose a Company, or set a Default Company ID in the Byrobot credential, to watch all running tasks',
		);
	}
	return id;
}

/**
 * What the Byrobot Trigger polls. Byrobot's queryDoneTaskPhones (seed 002) takes `index`, the largest callIndex already fetched
 * (-1 first), and lists newest first: the engine's `index` cursor. A redial keeps the
 * callInstanceId and gets a new callIndex, so both form the key.
 */
export const byrobotCallRecords: CallRecordSource = {
	vendor: byrobot,
	cursor: 'index',
	maxPageSize: CALL_RECORD_PAGE_MAX,
	listRequest: (_ctx, jobId, page, pageSize, index) => ({
		method: 'POST',
		path: `${V1}/task/queryDoneTaskPhones`,
		body: { callJobId: Number(jobId), index, pageNum: page, pageSize },
	}),
	items: pages.items,
	total: (data) => (isObject(data) && data.total !== undefined ? Number(data.total) : undefined),
	isLastPage: pages.isLastPage,
	key: (record) => `${String(record.callInstanceId)}:${String(record.callIndex)}`,
	index: (record) => Number(record.callIndex ?? -1),
	time: (record) => epoch(record.endTime) ?? epoch(record.startTime),
	status: (record) => (record.finishStatus === undefined || record.finishStatus === null ? undefined : String(record.finishStatus)),
	intent: (record) => intentFromResults(record.resultList),
	output: (record, simplify) => (simplify ? normalizeByrobotCall(record) : enrichCallListRecord(record)),
	async runningJobs(ctx: IPollFunctions): Promise<string[]> {
		const companyId = await companyOf(ctx);
		return collectIds(
			ctx,
			byrobot,
			(pageNum, pageSize) => ({ method: 'GET', path: `${V1}/task/getTasks`, qs: { companyId, status: 1, pageNum, pageSize } }),
			['callJobId'],
		);
	},
};

/** every task of the chosen company, for the "Several Tasks" picker */
export const getTasks = allOptionsOf(listSearch.searchTasks);
