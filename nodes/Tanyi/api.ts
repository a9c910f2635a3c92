/**
 * Tanyi's API facts (VENDORS.md §1, seeds 000 and 003). The credential's Base URL ends in
 * `/apiOpen/v1`, so every path here starts after it.
 */
import { tanyiHeaders } from '../../credentials/signing';
import { unwrapCodeEnvelope } from '../core/envelope';
import { pageNumberPages } from '../core/pagination';
import type { PaginationSpec, VendorSpec } from '../core/types';

/**
 * `{code, data, resultMsg, requestId}`, HTTP 200 even when the vendor refuses; paged lists are
 * `{number, pageSize, totalElements, pages, content[]}` (seed 003; yiwise/slate obtainTask.md, csRobot.md)
 */
export const tanyi: VendorSpec = {
	displayName: 'Tanyi',
	credentialType: 'tanyiApi',
	authHeaders: (credentials) => tanyiHeaders(credentials),
	unwrap: unwrapCodeEnvelope,
	secretOf: (credentials) => String(credentials.appSecret ?? ''),
	pageListKey: 'content',
};

/** Tanyi's page shape, page number and size sent in the query or the body; `idKey` names a record's id */
export function tanyiPages(where: 'qs' | 'body', maxPageSize: number, idKey?: string): PaginationSpec {
	return pageNumberPages({ in: where, listKey: tanyi.pageListKey!, maxPageSize, idKey });
}

/** seed 003: pageSize "最大不能超过100" */
export const CALL_RECORD_PAGE_MAX = 100;
/** GET /job/getJobs: the seed gives no maximum; 100 like the call record list (inferred) */
export const JOB_PAGE_MAX = 100;
/** GET /callRecord/toBeCalledList: the seed gives no maximum; 100 like the call record list (inferred) */
export const TO_BE_CALLED_PAGE_MAX = 100;
/** GET /csRobot/staffGroupList: pageNum and pageSize required, no maximum given (yiwise/slate csRobot.md); 100 inferred */
export const STAFF_GROUP_PAGE_SIZE = 100;

/**
 * The script flags of GET /dialogFlow/getDialogFlowCallJobRelatedInfo (yiwise/slate
 * dialogFlow.md) and the job field each one makes required (seed 000, 创建任务接口:
 * csStaffGroupId "如果存在人工介入标识，需要传入坐席组Id", transferPhoneNumber "选择转人工话术时必填").
 */
export const SCRIPT_FLAGS = {
	humanIntervention: 'humanInterventionExist',
	transferToHuman: 'jumpToHumanServiceExist',
} as const;

/**
 * Line types that take several caller lines in one job. MOBILE: one line per robot (seed 000
 * table). UNFIXED_CALL: seed 000 更新说明 "支持使用多个无主叫固话,只需设置总并发数,由系统自动分配每个线路的并发",
 * and getPhoneList names UNFIXED_CALL "无主叫固话" (yiwise/slate tenant.md). LANDLINE and
 * CALL_POLICY_GROUP keep the table's "size只能是1".
 */
export const MULTI_LINE_TYPES: readonly string[] = ['MOBILE', 'UNFIXED_CALL'];

/** seed 000: "单次导入客户数量不能大于100"; importCustomerAsync takes up to 10,000 [public] */
export const SYNC_IMPORT_MAX = 100;
export const ASYNC_IMPORT_MAX = 10_000;
