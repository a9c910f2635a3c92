import { NodeOperationError } from 'n8n-workflow';
import type { IPollFunctions } from 'n8n-workflow';
import { allOptionsOf } from '../core/lookups';
import { cstEpoch as epoch, type CallRecordSource } from '../core/poll';
import { isObject } from '../core/util';
import { CALL_RECORD_PAGE_MAX, V1, byrobot, byrobotPages } from './api';
import { listSearch } from './methods';
import { byrobotCallKey } from './callKey';
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
 * Task statuses whose calls still come in (seed 002 getTasks `status`): 1 running, 3 scheduling
 * (an intermediate state while starting), 5 paused by the system ("任务配置重拨没到拨打时间", public
 * `index.html.md`: it resumes when a redial falls due), 7 queued.
 */
export const DIALING_TASK_STATUSES = [1, 3, 5, 7];

/**
 * How many of the newest callIndex values the trigger reads again. callIndex is "电话结束顺序"
 * (the order calls END, seed 002) while a record is listed once its analysis is stored, so calls
 * that end while another call's analysis is still running are listed before it. 100 covers 100
 * such calls (e.g. 20 lines each ending 5 calls during a slow analysis); it costs
 * nothing on idle polls and about two more pages on polls that find new records.
 */
export const DEFAULT_OVERLAP_CALLS = 100;

/**
 * What the Byrobot Trigger polls. Byrobot's queryDoneTaskPhones (seed 002) takes `index` (records
 * above it are listed, -1 = all) and lists newest first: the engine's `index` cursor. A redial keeps
 * the callInstanceId and gets a new callIndex, so both form the key.
 */
export const byrobotCallRecords: CallRecordSource = {
	vendor: byrobot,
	jobNoun: 'Task',
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
	dedupKey: (record) => byrobotCallKey(record) ?? `byrobot:call:${String(record.callInstanceId)}:i${String(record.callIndex)}`,
	// seed 002 lists callIndex; the public docs dropped it in 2019, and the seed's own example lacks it on one record
	index: (record) => (typeof record.callIndex === 'number' || (typeof record.callIndex === 'string' && /^\d+$/.test(record.callIndex)) ? Number(record.callIndex) : undefined),
	indexField: 'callIndex',
	time: (record) => epoch(record.endTime) ?? epoch(record.startTime),
	status: (record) => (record.finishStatus === undefined || record.finishStatus === null ? undefined : String(record.finishStatus)),
	intent: (record) => intentFromResults(record.resultList),
	output: (record, simplify) => (simplify ? normalizeByrobotCall(record) : enrichCallListRecord(record)),
	runningJobs: {
		statuses: DIALING_TASK_STATUSES,
		async request(ctx: IPollFunctions) {
			const companyId = await companyOf(ctx);
			return (status, pageNum, pageSize) => ({ method: 'GET', path: `${V1}/task/getTasks`, qs: { companyId, status, pageNum, pageSize } });
		},
		idField: 'callJobId',
	},
};

/** every task of the chosen company, for the "Several Tasks" picker */
export const getTasks = allOptionsOf(listSearch.searchTasks);
