/**
 * The Autodialer's API facts (VENDORS.md §3, seed 004): the FreeSWITCH-based `/v1/task` SaaS.
 * The credential holds the host; every path starts with `/v1/task`.
 */
import type { IDataObject } from 'n8n-workflow';
import { autodialerHeaders } from '../../credentials/signing';
import { unwrapPlainJson } from '../core/envelope';
import { send, type RequestContext } from '../core/transport';
import type { PaginationSpec, VendorSpec } from '../core/types';
import { isObject } from '../core/util';

/** No envelope: HTTP status is the truth and only JSON counts as an answer (VENDORS.md §3). */
export const autodialer: VendorSpec = {
	displayName: 'Autodialer',
	credentialType: 'autodialerApi',
	authHeaders: (credentials) => autodialerHeaders(credentials),
	unwrap: unwrapPlainJson,
	secretOf: (credentials) => String(credentials.apiToken ?? ''),
	pageListKey: 'data',
};

/** The `meta` of `GET /v1/task/create` (seed 004): the choices for creating a task. */
export interface CreateMeta {
	enum_disable_dial_timegroup: IDataObject[];
	caller_line_list: IDataObject[];
	auto_recycle_rules: IDataObject[];
	customer_service: IDataObject[];
	outbound_group: IDataObject[];
	[key: string]: unknown;
}

const META_LISTS = [
	'enum_disable_dial_timegroup',
	'caller_line_list',
	'auto_recycle_rules',
	'customer_service',
	'outbound_group',
] as const;

/** The meta with every documented list present (an absent list becomes empty). */
export function metaOf(data: unknown): CreateMeta {
	const meta = isObject(data) && isObject(data.meta) ? data.meta : {};
	const result: IDataObject = { ...meta };
	for (const key of META_LISTS) {
		const list = meta[key];
		result[key] = Array.isArray(list) ? list.filter(isObject) : [];
	}
	return result as unknown as CreateMeta;
}

export async function fetchCreateMeta(ctx: RequestContext): Promise<CreateMeta> {
	return metaOf(await send(ctx, autodialer, { method: 'GET', path: '/v1/task/create' }, { retry: 'idempotent' }));
}

/**
 * seed 004 says "剩余并发,只能选大于1的" (only residue greater than 1), yet its own create example
 * uses the line with residue 1 and maximumcall 1 ("不得超过选用线路的residue"). So a line needs
 * residue ≥ 1 by default; `strict` applies the literal > 1.
 */
export function minimumResidue(strict: boolean): number {
	return strict ? 2 : 1;
}

export function isUsableLine(line: IDataObject, strict = false): boolean {
	return Number(line.residue) >= minimumResidue(strict);
}

/** seed 004: a customer-service group needs a transfer line (not null) and status 1 */
export function isUsableCustomerService(group: IDataObject): boolean {
	return group.caller_line_id !== null && group.caller_line_id !== undefined && group.caller_line_id !== '' && Number(group.status) === 1;
}

/** `{data: [...]}`; pagination is not documented: if the answer has Laravel's `last_page`, it is followed */
export const taskPages: PaginationSpec = {
	in: 'qs',
	pageParam: 'page',
	sizeParam: 'per_page',
	firstPage: 1,
	maxPageSize: 100,
	items: (data) => (isObject(data) && Array.isArray(data.data) ? (data.data as IDataObject[]) : []),
	isLastPage: (data, page) => {
		if (!isObject(data)) return true;
		const meta = isObject(data.meta) ? data.meta : {};
		const last = Number(data.last_page ?? meta.last_page);
		// no paging information: the whole list came at once
		return Number.isFinite(last) ? page >= last : true;
	},
};

/**
 * Dial timeout bounds. The seed only gives 60 as the example; below 10 s most phones have not
 * rung yet and above 120 s the carrier has usually given up, so anything outside is a typo.
 */
export const ORIGINATE_TIMEOUT_MIN = 10;
export const ORIGINATE_TIMEOUT_MAX = 120;

/** a third-party integration reports at most 100 numbers per request (VENDORS.md §3) [inferred] */
export const IMPORT_BATCH_DEFAULT = 100;
export const IMPORT_BATCH_MAX = 10_000;

/** The import body is not documented (seed 004 gives only the URL): these keys are inferred. */
export const IMPORT_DEFAULT_KEYS = {
	listKey: 'numbers',
	numberKey: 'number',
	nameKey: 'name',
	variablesKey: 'variables',
} as const;
