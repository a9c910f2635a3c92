import { intentLetter } from '../core/callRecord';
import { allOptionsOf } from '../core/lookups';
import { cstEpoch as epoch, type CallRecordSource } from '../core/poll';
import { isObject } from '../core/util';
import { CALL_RECORD_PAGE_MAX, tanyi, tanyiPages } from './api';
import { listSearch } from './methods';
import { tanyiCallKey } from './callKey';
import { normalizeTanyiCall } from './normalize';

const pages = tanyiPages('body', CALL_RECORD_PAGE_MAX);

/**
 * Job statuses whose calls still come in (seed 000 job status enum): in process, runnable, queued,
 * suspended by the system, waiting for a redial.
 */
export const DIALING_JOB_STATUSES = ['IN_PROCESS', 'RUNNABLE', 'IN_QUEUE', 'SYSTEM_SUSPENDED', 'WAITING_FOR_REDIAL'];

/**
 * What the Tanyi Trigger polls. Tanyi's call record list (seed 003) has no time filter; it is
 * sorted by start time in a direction neither seed 003 nor yiwise/slate `callRecord.md` states:
 * the engine's `time` cursor (start time + the keys seen inside a lookback window) reads it from
 * its newest end either way. Vendor-side filters are not used, so `totalElements` counts every
 * record of the job.
 */
export const tanyiCallRecords: CallRecordSource = {
	vendor: tanyi,
	jobNoun: 'Job',
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
	dedupKey: (record) => tanyiCallKey(record) ?? `tanyi:call:${String(record.callRecordId)}`,
	time: (record) => epoch(record.startTime),
	status: (record) => (record.resultStatus === undefined ? undefined : String(record.resultStatus)),
	// a person's correction (realIntentLevel) wins over the robot's judgement
	intent: (record) => intentLetter(record.realIntentLevel) ?? intentLetter(record.intentLevel),
	output: (record, simplify) => (simplify ? normalizeTanyiCall(record) : record),
	runningJobs: {
		statuses: DIALING_JOB_STATUSES,
		request: async () => (status, pageNum, pageSize) => ({ method: 'GET', path: '/job/getJobs', qs: { status, pageNum, pageSize } }),
		idField: 'robotCallJobId',
	},
};

/** every job, for the "Several Jobs" picker */
export const getJobs = allOptionsOf(listSearch.searchJobs);
