import type { IDataObject } from 'n8n-workflow';
import { importOptionProperties } from '../../../core/batching';
import { VendorError, ValidationError } from '../../../core/errors';
import { pagesOf, walkPages } from '../../../core/pagination';
import { checkInteger, type ItemParams } from '../../../core/params';
import type { ChunkReading, OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { checkPhone, parseJsonObject } from '../../../core/validation';
import { IMPORT_BATCH_DEFAULT, IMPORT_BATCH_MAX, IMPORT_DEFAULT_KEYS, autodialer, taskPages } from '../../api';
import { jobLocator } from '../../descriptions';
import { taskId, taskPath } from '../../params';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';

type ImportKeys = { -readonly [K in keyof typeof IMPORT_DEFAULT_KEYS]: string };

const KEY_PATTERN = /^[A-Za-z_][\w.-]*$/;

function importKeys(p: ItemParams): ImportKeys {
	const options = p.collection('options');
	const keys = { ...IMPORT_DEFAULT_KEYS } as ImportKeys;
	const labels: Record<keyof ImportKeys, string> = {
		listKey: 'List Key',
		numberKey: 'Number Key',
		nameKey: 'Name Key',
		variablesKey: 'Variables Key',
	};
	for (const key of Object.keys(keys) as Array<keyof ImportKeys>) {
		if (options[key] === undefined) continue;
		const value = String(options[key]).trim();
		if (!KEY_PATTERN.test(value)) throw new ValidationError(labels[key], `must be a JSON field name (got "${value}")`);
		keys[key] = value;
	}
	return keys;
}

/** one entry of the import list: extra fields first, so the number, name and variables win */
function importEntry(p: ItemParams): IDataObject {
	const keys = importKeys(p);
	const entry: IDataObject = { ...parseJsonObject(p.get('extraFields', '{}'), 'Extra Fields per Number (JSON)') };
	entry[keys.numberKey] = checkPhone(p.get('phoneNumber', ''), 'Phone Number');
	const name = p.optionalString('customerName', 'Customer Name');
	if (name) entry[keys.nameKey] = name;
	const variables = parseJsonObject(p.get('variablesJson', '{}'), 'Variables (JSON)');
	if (Object.keys(variables).length > 0) entry[keys.variablesKey] = variables;
	return entry;
}

/**
 * The job's size: `progress_bar.total` of the task in `GET /v1/task` (seed 004 marks
 * `progress_bar` "[弃用,需要专门请求 任务拨打进度 接口]", deprecated, and does not document that
 * endpoint). Inferred, so it can be turned off (Options → Read Job Size).
 */
async function countOf(first: ItemParams): Promise<number> {
	const uuid = taskId(first);
	for await (const { records } of walkPages(pagesOf(first.ctx, autodialer, { request: { method: 'GET', path: '/v1/task' }, paging: taskPages }))) {
		const task = records.find((r) => r.uuid === uuid);
		if (!task) continue;
		const total = isObject(task.progress_bar) ? Number(task.progress_bar.total) : NaN;
		if (Number.isInteger(total)) return total;
		break;
	}
	const error = new VendorError(`job ${uuid} shows no progress_bar.total in GET /v1/task`, { outcome: 'not-sent' });
	error.vendor = autodialer.displayName;
	error.endpoint = 'GET /v1/task';
	throw error;
}

/** the answer is not documented; the emulator's `{imported: n}` is read when present [inferred] */
function readImport(data: unknown, size: number, dedup: boolean): ChunkReading {
	const imported = isObject(data) ? Number(data.imported) : NaN;
	if (!Number.isInteger(imported) || imported >= size) return { stored: 'all' };
	if (dedup) return { stored: 'all', note: `${size - imported} of the ${size} numbers of this request were already in the job` };
	return { stored: 'some', note: `The Autodialer stored ${imported} of the ${size} numbers of this request without saying which` };
}

const vendorDedup = (p: ItemParams) => p.collection('options').vendorDedup === true;

/** POST /v1/task/import_task_customer/{uuid} (seed 004; the body is inferred) */
export const importNumbers: OperationSpec = {
	value: 'importNumbers',
	name: 'Import Numbers',
	action: 'Import numbers into a job',
	description:
		'Add one number per input item to a job, each number once; items are grouped into requests of up to Batch Size numbers',
	properties: [
		jobLocator(),
		phoneNumberField({
			name: 'phoneNumber',
			description: 'The number to call: 5–20 digits, an optional leading +; spaces and hyphens are removed',
		}),
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			default: '={{ $json.name }}',
			description: 'Sent under the Name Key (default "name"); an empty name is left out',
		},
		{
			displayName: 'Variables (JSON)',
			name: 'variablesJson',
			type: 'json',
			default: '{}',
			description:
				'Optional script variables for this number as a JSON object (e.g. {"amount": "300"}); sent under the Variables Key (default "variables") when not empty',
		},
		{
			displayName: 'Extra Fields per Number (JSON)',
			name: 'extraFields',
			type: 'json',
			default: '{}',
			description:
				'Any other fields your platform expects in each number entry, as a JSON object; merged into the entry (number, name and variables take precedence)',
			hint: 'Inferred body: {"numbers": [{"number", "name", "variables", …these fields}]}; keys can be renamed under Options',
		},
		{
			displayName:
				'Each request is sent as {"numbers": [{"number": "13800000000", "name": "…", "variables": {…}, …extra fields}]}. The vendor does not document this body: if your platform expects other field names, change them under Options.',
			name: 'bodyShapeNotice',
			type: 'notice',
			default: '',
		},
		collectionField('options', [
			{
				displayName: 'Batch Size',
				name: 'batchSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: IMPORT_BATCH_MAX },
				default: IMPORT_BATCH_DEFAULT,
				description: 'Numbers per request; platforms are reported to accept at most 100',
			},
			{
				displayName: 'List Key',
				name: 'listKey',
				type: 'string',
				default: 'numbers',
				description: 'Body field holding the list of numbers',
			},
			{
				displayName: 'Name Key',
				name: 'nameKey',
				type: 'string',
				default: 'name',
				description: 'Field of each entry holding the customer name',
			},
			{
				displayName: 'Number Key',
				name: 'numberKey',
				type: 'string',
				default: 'number',
				description: 'Field of each entry holding the phone number',
			},
			{
				displayName: 'Variables Key',
				name: 'variablesKey',
				type: 'string',
				default: 'variables',
				description: 'Field of each entry holding the script variables',
			},
			{
				displayName: 'Read Job Size',
				name: 'readSize',
				type: 'boolean',
				default: true,
				description:
					'Whether to read how many numbers the job holds (progress_bar.total of the job list, a field the API docs mark deprecated) to check an import whose answer was lost. Off: such numbers are held back.',
			},
			{
				displayName: 'Vendor Drops Repeated Numbers',
				name: 'vendorDedup',
				type: 'boolean',
				default: false,
				description:
					'Whether your platform drops a number the job already holds (not documented; some platforms of this family do): then a request whose answer was lost is simply sent again',
			},
			...importOptionProperties({ count: true, holds: false, dedup: false }),
		]),
	],
	// a second send could import (and dial) the same numbers twice
	retry: 'never',
	imports: {
		job: (p) => taskId(p),
		group: (p) => JSON.stringify([taskId(p), importKeys(p)]),
		entry: importEntry,
		phoneOf: (entry, p) => String(entry[importKeys(p).numberKey]),
		size: (p) =>
			checkInteger(p.collection('options').batchSize ?? IMPORT_BATCH_DEFAULT, 'Batch Size', 1, IMPORT_BATCH_MAX),
		request: (first, entries) => ({
			method: 'POST',
			path: taskPath('/v1/task/import_task_customer', first),
			body: { [importKeys(first).listKey]: entries },
		}),
		fields: (first) => ({ jobId: taskId(first) }),
		read: (data, entries, first) => readImport(data, entries.length, vendorDedup(first)),
		vendorDeduplicates: vendorDedup,
		canCount: (p) => p.collection('options').readSize !== false,
		countOf,
	},
};
