import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../core/errors';
import { checkInteger, type ItemParams } from '../../core/params';
import { isObject } from '../../core/util';
import type { ResourceSpec } from '../../core/types';
import { checkPhone, compact, oneOf } from '../../core/validation';
import { CALL_STATUS_LABELS, V1, byrobotPages, companyField, companyIdOf, label, pageSizeOption, pageSizeProperty, scriptVariables, taskIdOf, taskLocator, variableFields } from '../shared';

/**
 * Seed 001 documents `/openapi/v1/task/importTaskCustomer` without a size limit; the vendor's
 * current docs use `/openapi/v2/...` with up to 10,000 customers per request, de-duplicating
 * phones inside a task (VENDORS.md §2). The same ceiling is assumed for v1 (inferred); the
 * default batch of 100 keeps a refused v1 request small.
 */
export const IMPORT_MAX = 10_000;
export const IMPORT_DEFAULT_BATCH = 100;
/** seed 002: "此查询接口每页不能超过50条" */
export const NOT_DIALED_PAGE_MAX = 50;

type ApiVersion = 'v1' | 'v2';

/** the company resolved by the precheck, per item (batch requests are built synchronously) */
const resolvedCompany = new WeakMap<ItemParams, number>();

function apiVersion(p: ItemParams): ApiVersion {
	return oneOf(p.collection('options').apiVersion ?? 'v1', ['v1', 'v2'] as const, 'API Version');
}

function companyOf(p: ItemParams): number {
	const id = resolvedCompany.get(p);
	if (id === undefined) throw new ValidationError('Company', 'could not be resolved');
	return id;
}

export const customerResource: ResourceSpec = {
	value: 'customer',
	name: 'Customer',
	operations: [
		{
			value: 'import',
			name: 'Import',
			action: 'Import customers into a task',
			description:
				'Add one customer per input item to a task (导入客户). Items are sent in batches (100 per request by default).',
			properties: [
				companyField(),
				taskLocator(),
				{
					displayName: 'Phone Number',
					name: 'phone',
					type: 'string',
					default: '={{ $json.phone }}',
					required: true,
					description: 'The number to call; 5–20 digits, spaces and hyphens are removed',
				},
				{
					displayName: 'Customer Name',
					name: 'customerName',
					type: 'string',
					default: '={{ $json.name }}',
					description: 'Byrobot requires a name; when empty the phone number is sent as the name',
				},
				...variableFields('getTaskVariables', ['companyId', 'taskId.value']),
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'API Version',
							name: 'apiVersion',
							type: 'options',
							options: [
								{
									name: 'V1 (Seed Documented)',
									value: 'v1',
									description: '/openapi/v1/task/importTaskCustomer: the whole batch is accepted or refused',
								},
								{
									name: 'V2 (Current Vendor Docs)',
									value: 'v2',
									description:
										'/openapi/v2/task/importTaskCustomer: up to 10,000 per request, duplicates skipped and counted',
								},
							],
							default: 'v1',
						},
						{
							displayName: 'Batch Size',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: 1, maxValue: IMPORT_MAX },
							default: IMPORT_DEFAULT_BATCH,
							description: 'Customers per request, at most 10,000',
						},
					],
				},
			],
			retry: 'never',
			// resolves the company of every item before the first import request (VENDORS.md §2)
			precheck: async (p) => {
				resolvedCompany.set(p, await companyIdOf(p));
			},
			batch: {
				groupKey: (p) => `${p.optionalString('companyId') ?? ''}|${taskIdOf(p)}|${apiVersion(p)}`,
				entry: (p) => {
					const phone = checkPhone(p.get('phone', ''), 'Phone Number');
					return compact({
						name: p.optionalString('customerName') ?? phone,
						phone,
						// seed 001: "如果话术没有变量，则不要properties"
						properties: scriptVariables(p),
					});
				},
				size: (p) => checkInteger(p.collection('options').batchSize ?? IMPORT_DEFAULT_BATCH, 'Batch Size', 1, IMPORT_MAX),
				// v2 de-duplicates phones inside a task, so a resend cannot add a customer twice
				retry: (p) => (apiVersion(p) === 'v2' ? 'idempotent' : 'never'),
				request: (first, entries) => ({
					method: 'POST',
					path: `/openapi/${apiVersion(first)}/task/importTaskCustomer`,
					body: { companyId: companyOf(first), taskId: taskIdOf(first), customerInfoList: entries },
				}),
				results: (data, entries, first) => {
					const common = { companyId: companyOf(first), taskId: taskIdOf(first) };
					if (apiVersion(first) === 'v1' || !isObject(data)) {
						return entries.map((entry) => ({ ...common, ...entry, status: 'imported' }));
					}
					// v2 counts per request, not per customer: every item of the batch carries the counts
					const batch = {
						size: entries.length,
						successNum: data.successNum ?? null,
						repeatNum: data.repeatNum ?? null,
						placeFailNum: data.placeFailNum ?? null,
						msg: data.msg ?? null,
					};
					const complete = Number(data.successNum) === entries.length;
					return entries.map((entry) => ({
						...common,
						...entry,
						status: complete ? 'imported' : 'partially imported',
						batch,
					}));
				},
			},
		},
		{
			value: 'listNotDialed',
			name: 'List Not Dialed',
			action: 'List customers not dialed yet',
			description: 'Customers of a task still waiting to be called (未开始的电话列表)',
			properties: [
				companyField(false),
				taskLocator(),
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [pageSizeProperty(NOT_DIALED_PAGE_MAX)],
				},
			],
			retry: 'idempotent',
			paginate: byrobotPages('body', NOT_DIALED_PAGE_MAX),
			request: (p) => {
				pageSizeOption(p, NOT_DIALED_PAGE_MAX);
				return { method: 'POST', path: `${V1}/task/notDialedCustomerList`, body: { taskId: taskIdOf(p) } };
			},
			output: (record) => ({
				...(record as IDataObject),
				statusLabel: label(CALL_STATUS_LABELS, (record as IDataObject).status),
			}),
		},
	],
};
