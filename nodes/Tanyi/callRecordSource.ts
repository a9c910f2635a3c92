import type { IPollFunctions } from 'n8n-workflow';
import { intentLetter } from '../core/callRecord';
import { allOptionsOf, collectIds } from '../core/lookups';
import { cstEpoch as epoch, type CallRecordSource } from '../core/poll';
import { isObject } from '../core/util';
import { CALL_RECORD_PAGE_MAX, tanyi, tanyiPages } from './api';
import { listSearch } from './methods';
import { normalizeTanyiCall } from './normalize';

const pages = tanyiPages('body', CALL_RECORD_PAGE_MAX);

/**
 * What the Tanyi Trigger polls. Tanyi's call record list (seed 003) has no time filter and is
 * ordered by start time, newest first: the engine's `time` cursor (start time + the keys seen
 * inside a lookback window). Vendor-side filters are not used, so `totalElements` counts every
 * record of the job.
 */
export const tanyiCallRecords: CallRecordSource = {
	vendor: tanyi,
	cursor: 'time',
	maxPageSize: CALL_RECORD_PAGE_MAX,
	listRequest: (_ctx, jobId, page, pageSize) => ({
		method: 'POST',
		path: '/callRecord/getCallRecordInfoList',
		body: { robotCallJobId: Number(jobId), pageNum: page, pageSize },
	}),
	items: pages.items,
	total: (data) => (isObject(data) && data.totalElements !== undefined ? Number(data.totalElements) : undefined),
	isLastPage: pages.isLastPage,
	key: (record) => String(record.callRecordId),
	time: (record) => epoch(record.startTime),
	status: (record) => (record.resultStatus === undefined ? undefined : String(record.resultStatus)),
	// a person's correction (realIntentLevel) wins over the robot's judgement
	intent: (record) => intentLetter(record.realIntentLevel) ?? intentLetter(record.intentLevel),
	output: (record, simplify) => (simplify ? normalizeTanyiCall(record) : record),
	runningJobs: (ctx: IPollFunctions) =>
		collectIds(
			ctx,
			tanyi,
			(pageNum, pageSize) => ({ method: 'GET', path: '/job/getJobs', qs: { status: 'IN_PROCESS', pageNum, pageSize } }),
			['robotCallJobId'],
		),
};

/** every job, for the "Several Jobs" picker */
export const getJobs = allOptionsOf(listSearch.searchJobs);
