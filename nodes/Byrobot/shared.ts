import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { unwrapCodeEnvelope } from '../core/envelope';
import { ValidationError } from '../core/errors';
import { checkInteger, type ItemParams } from '../core/params';
import { pageNumberPages } from '../core/pagination';
import type { PaginationSpec, VendorSpec } from '../core/types';
import { scriptVariableProperties, scriptVariables } from '../core/variables';

export const byrobot: VendorSpec = {
	displayName: 'Byrobot',
	credentialType: 'byrobotApi',
	unwrap: unwrapCodeEnvelope,
};

/** every operation path starts here (VENDORS.md §2); the credential holds the host only */
export const V1 = '/openapi/v1';

/** Label tables of VENDORS.md §2 "Enums": the number stays, a readable label is added. */
export const TASK_STATUS_LABELS: Record<number, string> = {
	0: 'not started',
	1: 'running',
	2: 'completed',
	3: 'scheduling',
	4: 'paused by user',
	5: 'paused by system',
	6: 'terminated',
	7: 'queued',
	8: 'AI expired',
	9: 'account in arrears',
	10: 'SMS in arrears',
};

export const FINISH_STATUS_LABELS: Record<number, string> = {
	0: 'answered',
	1: 'refused',
	2: 'unreachable',
	3: 'caller line unavailable',
	4: 'vacant number',
	5: 'powered off',
	6: 'busy',
	7: 'out of service',
	8: 'no answer',
	9: 'caller in arrears',
	10: 'call loss',
	11: 'blacklisted',
	22: 'line blind zone',
};

export const CALL_STATUS_LABELS: Record<number, string> = {
	0: 'not started',
	1: 'in progress',
	2: 'done',
	3: 'redial scheduled',
};

export const TASK_TYPE_LABELS: Record<number, string> = { 1: 'scheduled', 2: 'manual' };
export const CALL_TYPE_LABELS: Record<number, string> = { 0: 'mobile (SIM)', 1: 'landline', 2: 'no caller ID' };
export const HANG_UP_LABELS: Record<number, string> = { 0: 'AI', 1: 'customer' };

/** the analysis result that holds the intent level (VENDORS.md §2 "Intent") */
export const INTENT_RESULT_NAME = '客户意向等级';

/** `label(TASK_STATUS_LABELS, 4)` → "paused by user"; null when the value is not set */
export function label(table: Record<number, string>, value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isInteger(n) ? (table[n] ?? `unknown (${String(value)})`) : null;
}

/** options for a dropdown from a label table, sorted by name (lint rule) */
function optionsOf(table: Record<number, string>): INodePropertyOptions[] {
	return Object.entries(table)
		.map(([value, name]) => ({ name: name.charAt(0).toUpperCase() + name.slice(1), value: Number(value) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const TASK_STATUS_OPTIONS = optionsOf(TASK_STATUS_LABELS);
export const FINISH_STATUS_OPTIONS = optionsOf(FINISH_STATUS_LABELS);

/** Byrobot pages are PageHelper objects `{pageNum, pageSize, total, pages, list[]}` (seed 002). */
export function byrobotPages(where: 'qs' | 'body', maxPageSize: number): PaginationSpec {
	return pageNumberPages({ in: where, listKey: 'list', maxPageSize, pageSize: (p) => pageSizeOption(p, maxPageSize) });
}

/** the optional "Page Size" option, capped at the vendor's maximum */
export function pageSizeOption(p: ItemParams, max: number): number {
	const value = p.collection('options').pageSize;
	return value === undefined || value === '' ? max : checkInteger(value, 'Page Size', 1, max);
}

export function pageSizeProperty(max: number): INodeProperties {
	return {
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: max },
		default: max,
		description: `Records per request, at most ${max} (the vendor's limit)`,
	};
}

const credentialCompany = new WeakMap<object, Promise<string>>();

/**
 * The company an operation works on: the Company parameter, or the credential's Default Company
 * ID. Throws a ValidationError (nothing sent) when neither is set.
 */
export async function companyIdOf(p: ItemParams): Promise<number> {
	let raw = p.optionalString('companyId');
	if (raw === undefined) {
		let pending = credentialCompany.get(p.ctx);
		if (!pending) {
			pending = p.ctx
				.getCredentials('byrobotApi', p.index)
				.then((c) => String(c.companyId ?? '').trim());
			credentialCompany.set(p.ctx, pending);
		}
		raw = (await pending) || undefined;
	}
	if (raw === undefined) {
		throw new ValidationError(
			'Company',
			'is required: choose a company, or set a Default Company ID in the Byrobot credential',
		);
	}
	if (!/^\d+$/.test(raw)) throw new ValidationError('Company', `must be a numeric company ID (got "${raw}")`);
	return Number(raw);
}

/** a required numeric id parameter (dropdown value or expression) */
export function numericId(p: ItemParams, name: string, label: string): number {
	const text = p.string(name, label);
	if (!/^\d+$/.test(text)) throw new ValidationError(label, `must be a numeric ID (got "${text}")`);
	return Number(text);
}

export const taskIdOf = (p: ItemParams): number => {
	const text = p.locator('taskId', 'Task');
	if (!/^\d+$/.test(text)) throw new ValidationError('Task', `must be a numeric task ID (got "${text}")`);
	return Number(text);
};

/**
 * The Company dropdown. `sent`: the vendor takes companyId for this operation; otherwise the
 * company is only used to list tasks in the Task picker.
 */
export function companyField(sent = true): INodeProperties {
	const field: INodeProperties = {
		displayName: 'Company Name or ID',
		name: 'companyId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getCompanies' },
		default: '',
		description:
			'The company (公司) to work in; leave empty to use the credential’s Default Company ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
	if (sent) return field;
	return {
		...field,
		description:
			'Only used to list the company’s tasks in the Task picker; leave empty for the credential’s Default Company ID. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	};
}

/** The task picker: from a searchable list (of the chosen company), or by id. */
export function taskLocator(): INodeProperties {
	return {
		displayName: 'Task',
		name: 'taskId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The calling task (任务)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTasks', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 6001',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A task ID is a number' } }],
			},
		],
	};
}

/** Robot (话术) → scene → recording, each list narrowed by the one before it. */
export const robotFields: INodeProperties[] = [
	{
		displayName: 'Robot (话术) Name or ID',
		name: 'robotDefId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRobots', loadOptionsDependsOn: ['companyId'] },
		default: '',
		required: true,
		description: 'The robot script (robotDefId). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Scene Name or ID',
		name: 'sceneDefId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getScenes', loadOptionsDependsOn: ['companyId', 'robotDefId'] },
		default: '',
		required: true,
		description: 'The scene (场景) of the robot (sceneDefId). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Recording Name or ID',
		name: 'sceneRecordId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getRecordings', loadOptionsDependsOn: ['companyId', 'robotDefId', 'sceneDefId'] },
		default: '',
		required: true,
		description: 'The voice recording (录音) of the scene (sceneRecordId). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export function variableFields(loadMethod: string, dependsOn: string[]): INodeProperties[] {
	return scriptVariableProperties(loadMethod, dependsOn, '客户姓名');
}

export { scriptVariables };
