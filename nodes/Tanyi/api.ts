/**
 * Tanyi's API facts (VENDORS.md §1, seeds 000 and 003). The credential's Base URL ends in
 * `/apiOpen/v1`, so every path here starts after it.
 */
import { unwrapCodeEnvelope } from '../core/envelope';
import { pageNumberPages } from '../core/pagination';
import type { PaginationSpec, VendorSpec } from '../core/types';

/** `{code, data, resultMsg, requestId}`, HTTP 200 even when the vendor refuses */
export const tanyi: VendorSpec = {
	displayName: 'Tanyi',
	credentialType: 'tanyiApi',
	unwrap: unwrapCodeEnvelope,
	secretOf: (credentials) => String(credentials.appSecret ?? ''),
};

/** Tanyi page shape `{number, pageSize, totalElements, pages, content[]}` (seed 003); `idKey` names a record's id */
export function tanyiPages(where: 'qs' | 'body', maxPageSize: number, idKey?: string): PaginationSpec {
	return pageNumberPages({ in: where, listKey: 'content', maxPageSize, idKey });
}

/** seed 003: pageSize "最大不能超过100" */
export const CALL_RECORD_PAGE_MAX = 100;
/** GET /job/getJobs: the seed gives no maximum; 100 like the call record list (inferred) */
export const JOB_PAGE_MAX = 100;
/** GET /callRecord/toBeCalledList: the seed gives no maximum; 100 like the call record list (inferred) */
export const TO_BE_CALLED_PAGE_MAX = 100;

/** seed 000: "单次导入客户数量不能大于100"; importCustomerAsync takes up to 10,000 [public] */
export const SYNC_IMPORT_MAX = 100;
export const ASYNC_IMPORT_MAX = 10_000;
