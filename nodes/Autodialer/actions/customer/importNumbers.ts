import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { checkPhone, parseJsonObject } from '../../../core/validation';
import { IMPORT_BATCH_DEFAULT, IMPORT_BATCH_MAX, IMPORT_DEFAULT_KEYS } from '../../api';
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
	const name = p.optionalString('customerName');
	if (name) entry[keys.nameKey] = name;
	const variables = parseJsonObject(p.get('variablesJson', '{}'), 'Variables (JSON)');
	if (Object.keys(variables).length > 0) entry[keys.variablesKey] = variables;
	return entry;
}

/** POST /v1/task/import_task_customer/{uuid} (seed 004; the body is inferred) */
export const importNumbers: OperationSpec = {
	value: 'importNumbers',
	name: 'Import Numbers',
	action: 'Import numbers into a job',
	description:
		'Add one number per input item to a job; items are grouped into requests of up to Batch Size numbers',
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
		]),
	],
	// a second send could import (and dial) the same numbers twice
	retry: 'never',
	batch: {
		groupKey: (p) => JSON.stringify([taskId(p), importKeys(p)]),
		entry: importEntry,
		size: (p) =>
			checkInteger(p.collection('options').batchSize ?? IMPORT_BATCH_DEFAULT, 'Batch Size', 1, IMPORT_BATCH_MAX),
		request: (first, entries) => ({
			method: 'POST',
			path: taskPath('/v1/task/import_task_customer', first),
			body: { [importKeys(first).listKey]: entries },
		}),
		results: (_data, entries, first) => entries.map((entry) => ({ jobId: taskId(first), ...entry, imported: true })),
	},
};
