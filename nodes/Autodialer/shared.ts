import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { unwrapPlainJson } from '../core/envelope';
import type { ItemParams } from '../core/params';
import { isObject } from '../core/util';
import { send, type RequestContext } from '../core/transport';
import type { VendorSpec } from '../core/types';

/** No envelope: HTTP status is the truth and only JSON counts as an answer (VENDORS.md §3). */
export const autodialer: VendorSpec = {
	displayName: 'Autodialer',
	credentialType: 'autodialerApi',
	unwrap: unwrapPlainJson,
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

/** seed 004: "剩余并发,只能选大于1的": only lines with residue greater than 1 can be used */
export function isUsableLine(line: IDataObject): boolean {
	return Number(line.residue) > 1;
}

/** seed 004: a customer-service group needs a transfer line (not null) and status 1 */
export function isUsableCustomerService(group: IDataObject): boolean {
	return group.caller_line_id !== null && group.caller_line_id !== undefined && group.caller_line_id !== '' && Number(group.status) === 1;
}

/** `/v1/task/…/{id}` with the id made safe for a path */
export function taskPath(prefix: string, p: ItemParams): string {
	return `${prefix}/${encodeURIComponent(taskId(p))}`;
}

export function taskId(p: ItemParams): string {
	return p.locator('jobId', 'Job');
}

/** The job (task) picker: from a searchable list, or by its uuid. */
export function jobLocator(): INodeProperties {
	return {
		displayName: 'Job',
		name: 'jobId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The calling job (外呼任务)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchJobs', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 02f5bb4a-8a09-4eae-8969-6c2a3732f774',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[0-9A-Za-z_-]+$', errorMessage: 'A job ID is the task uuid' },
					},
				],
			},
		],
	};
}
