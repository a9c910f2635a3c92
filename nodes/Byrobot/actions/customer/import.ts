import { importOptionProperties } from '../../../core/batching';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import type { ChunkReading, OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { checkPhone, compact, oneOf } from '../../../core/validation';
import { scriptVariables } from '../../../core/variables';
import { IMPORT_DEFAULT_BATCH, IMPORT_MAX } from '../../api';
import { companyField, taskLocator, variableFields } from '../../descriptions';
import { companyIdOf, taskIdOf } from '../../params';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';

type ApiVersion = 'v1' | 'v2';

/** the company resolved by the precheck, per item (requests are built synchronously) */
const resolvedCompany = new WeakMap<ItemParams, number>();

function apiVersion(p: ItemParams): ApiVersion {
	return oneOf(p.collection('options').apiVersion ?? 'v2', ['v1', 'v2'] as const, 'API Version');
}

function companyOf(p: ItemParams): number {
	const id = resolvedCompany.get(p);
	if (id === undefined) throw new ValidationError('Company', 'could not be resolved');
	return id;
}

/**
 * v2 answers counts per request, never per number: `successNum`, `repeatNum` (already in the
 * task), `placeFailNum` (script variable errors) (indata-public/slate task.md, newer than seed 001).
 */
function readV2(data: unknown, size: number): ChunkReading {
	if (!isObject(data)) return { stored: 'all' };
	const counts = {
		size,
		successNum: data.successNum ?? null,
		repeatNum: data.repeatNum ?? null,
		placeFailNum: data.placeFailNum ?? null,
		msg: data.msg ?? null,
	};
	const success = Number(data.successNum ?? 0);
	const repeat = Number(data.repeatNum ?? 0);
	const placeFail = Number(data.placeFailNum ?? 0);
	if (placeFail > 0 || success + repeat < size) {
		return {
			stored: 'some',
			counts,
			note: `Byrobot stored ${success} and refused ${placeFail} of the ${size} numbers of this request (script variable errors) without saying which`,
		};
	}
	return {
		stored: 'all',
		counts,
		alreadyInJob: repeat,
		note:
			repeat > 0 && repeat < size
				? `In the task now: Byrobot added ${size - repeat} of the ${size} numbers of this request and found ${repeat} already there (it does not say which)`
				: undefined,
	};
}

/** POST /openapi/{v2|v1}/task/importTaskCustomer (v1: seed 001; v2: the vendor's current docs) */
export const importCustomers: OperationSpec = {
	value: 'import',
	name: 'Import',
	action: 'Import customers into a task',
	description:
		'Add one customer per input item to a task, each number once: numbers already imported are skipped, lost answers are sent again (Byrobot drops repeats)',
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
						name: 'V2 (Current Vendor Docs)',
						value: 'v2',
						description:
							'/openapi/v2/task/importTaskCustomer: up to 10,000 per request, answers how many were stored, repeated or refused',
					},
					{
						name: 'V1 (Outdated)',
						value: 'v1',
						description:
							'/openapi/v1/task/importTaskCustomer as Byrobot’s 2018 API document describes it; the vendor marks it outdated and not recommended',
					},
				],
				default: 'v2',
			},
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: IMPORT_MAX },
				default: IMPORT_DEFAULT_BATCH,
				description: 'Customers per request, at most 10,000',
			},
			{
				displayName: 'Vendor Drops Repeated Numbers',
				name: 'vendorDedup',
				type: 'boolean',
				default: true,
				description:
					"Whether Byrobot drops a number the task already holds, as its current API docs say for both versions: then a request whose answer was lost is simply sent again. Turn off if your deployment keeps repeats; lost answers are then held back.",
			},
			...importOptionProperties({ count: false, holds: false, dedup: true }),
		]),
	],
	retry: 'never',
	// resolves the company of every item before the first import request (VENDORS.md §2)
	precheck: async (p) => {
		resolvedCompany.set(p, await companyIdOf(p));
	},
	imports: {
		job: (p) => `${p.optionalString('companyId', 'Company') ?? ''}:${taskIdOf(p)}`,
		group: (p) => `${p.optionalString('companyId', 'Company') ?? ''}|${taskIdOf(p)}|${apiVersion(p)}`,
		entry: (p) => {
			const phone = checkPhone(p.get('phone', ''), 'Phone Number');
			return compact({
				name: p.optionalString('customerName', 'Customer Name') ?? phone,
				phone,
				// seed 001: "如果话术没有变量，则不要properties"
				properties: scriptVariables(p),
			});
		},
		phoneOf: (entry) => String(entry.phone),
		size: (p) => checkInteger(p.collection('options').batchSize ?? IMPORT_DEFAULT_BATCH, 'Batch Size', 1, IMPORT_MAX),
		request: (first, entries) => ({
			method: 'POST',
			path: `/openapi/${apiVersion(first)}/task/importTaskCustomer`,
			body: { companyId: companyOf(first), taskId: taskIdOf(first), customerInfoList: entries },
		}),
		fields: (first) => ({ companyId: companyOf(first), taskId: taskIdOf(first) }),
		// v1 answers `data: null`: the request was stored whole
		read: (data, entries, first) => (apiVersion(first) === 'v2' ? readV2(data, entries.length) : { stored: 'all' }),
		vendorDeduplicates: (p) => p.collection('options').vendorDedup !== false,
	},
};
