import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { checkPhone, compact, oneOf } from '../../../core/validation';
import { scriptVariables } from '../../../core/variables';
import { IMPORT_DEFAULT_BATCH, IMPORT_MAX } from '../../api';
import { companyField, taskLocator, variableFields } from '../../descriptions';
import { companyIdOf, taskIdOf } from '../../params';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';

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

/** POST /openapi/{v1|v2}/task/importTaskCustomer (seed 001; v2 from the vendor's current docs) */
export const importCustomers: OperationSpec = {
	value: 'import',
	name: 'Import',
	action: 'Import customers into a task',
	description:
		'Add one customer per input item to a task. Items are sent in batches (100 per request by default).',
	properties: [
		companyField(),
		taskLocator(),
		phoneNumberField({ name: 'phone' }),
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			default: '={{ $json.name }}',
			description: 'Byrobot requires a name; when empty the phone number is sent as the name',
		},
		...variableFields('getTaskVariables', ['companyId', 'taskId.value']),
		collectionField('options', [
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
		]),
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
};
