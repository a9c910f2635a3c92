/**
 * Byrobot's API facts (VENDORS.md §2, seeds 001 and 002). The credential holds the host only;
 * every operation path starts with `V1`.
 */
import { byrobotHeaders } from '../../credentials/signing';
import { unwrapCodeEnvelope } from '../core/envelope';
import { pageNumberPages } from '../core/pagination';
import type { PaginationSpec, VendorSpec } from '../core/types';
import { pageSizeOption } from './params';

/** `{code, data, resultMsg, requestId}`, HTTP 200 even when the vendor refuses; pages are PageHelper objects (seed 002) */
export const byrobot: VendorSpec = {
	displayName: 'Byrobot',
	credentialType: 'byrobotApi',
	authHeaders: (credentials) => byrobotHeaders(credentials),
	unwrap: unwrapCodeEnvelope,
	secretOf: (credentials) => String(credentials.appSecret ?? ''),
	pageListKey: 'list',
};

/** every operation path starts here (VENDORS.md §2); the credential holds the host only */
export const V1 = '/openapi/v1';

/** Byrobot pages are PageHelper objects `{pageNum, pageSize, total, pages, list[]}` (seed 002). */
export function byrobotPages(where: 'qs' | 'body', maxPageSize: number, idKey?: string): PaginationSpec {
	return pageNumberPages({ in: where, listKey: byrobot.pageListKey!, maxPageSize, pageSize: (p) => pageSizeOption(p, maxPageSize), idKey });
}

/** seed 002 getTasks: page size "默认10"; VENDORS.md §2: at most 100 */
export const TASK_PAGE_MAX = 100;
/** seed 002 queryDoneTaskPhones: "取值1-50" */
export const CALL_RECORD_PAGE_MAX = 50;
/** seed 002: "此查询接口每页不能超过50条" */
export const NOT_DIALED_PAGE_MAX = 50;

/**
 * Seed 001 documents `/openapi/v1/task/importTaskCustomer` without a size limit; the vendor's
 * current docs use `/openapi/v2/...` with up to 10,000 customers per request, de-duplicating
 * phones inside a task (VENDORS.md §2). The same ceiling is assumed for v1 (inferred); the
 * default batch of 100 keeps a refused v1 request small.
 */
export const IMPORT_MAX = 10_000;
export const IMPORT_DEFAULT_BATCH = 100;

/**
 * The analysis result that holds the intent level (VENDORS.md §2 "Intent"). A vendor data value,
 * not UI text: the vendor names the result "customer intent level" in Chinese, and records are
 * matched against exactly this name.
 */
export const INTENT_RESULT_NAME = '客户意向等级';
