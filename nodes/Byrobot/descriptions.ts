/** Field descriptions several Byrobot operations share. */
import type { INodeProperties } from 'n8n-workflow';
import { callingJobLocator } from '../core/builders/locator';
import type { ItemParams } from '../core/params';
import { scriptVariableProperties } from '../core/variables';
import { taskIdOf } from './params';
import { dynamicOptionsField } from '../core/builders/fields';

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

const COMPANY_USE = {
	sent: 'The company to work in; leave empty to use the credential’s Default Company ID.',
	picker: 'Only used to list the company’s tasks in the Task picker; leave empty for the credential’s Default Company ID.',
	trigger:
		'The company whose tasks are listed in the pickers and watched by "All Running Tasks"; leave empty for the credential\'s Default Company ID.',
};

/**
 * The Company dropdown. `sent`: the vendor takes companyId for this operation; `picker`: the
 * company only lists tasks in the Task picker; `trigger`: it also names the watched tasks.
 */
export function companyField(use: keyof typeof COMPANY_USE = 'sent'): INodeProperties {
	return dynamicOptionsField({
		displayName: 'Company Name or ID',
		name: 'companyId',
		method: 'getCompanies',
		description: COMPANY_USE[use],
	});
}

/** The task picker: from a searchable list (of the chosen company), or by id. */
export function taskLocator(): INodeProperties {
	return callingJobLocator({ noun: 'Task', byId: { placeholder: 'e.g. 6001', pattern: '^\\d+$', error: 'A task ID is a number' } });
}

/** What a task state change shows (company for the picker, the Task picker) and sends (`{taskId}`). */
export const taskTarget = {
	properties: [companyField('picker'), taskLocator()],
	target: (p: ItemParams) => ({ taskId: taskIdOf(p) }),
};

/** Robot (话术) → scene → recording, each list narrowed by the one before it. */
export const robotFields: INodeProperties[] = [
	dynamicOptionsField({
		displayName: 'Robot Name or ID',
		name: 'robotDefId',
		method: 'getRobots',
		dependsOn: ['companyId'],
		description: 'The robot script (robotDefId).',
		required: true,
	}),
	dynamicOptionsField({
		displayName: 'Scene Name or ID',
		name: 'sceneDefId',
		method: 'getScenes',
		dependsOn: ['companyId', 'robotDefId'],
		description: 'The scene of the robot (sceneDefId).',
		required: true,
	}),
	dynamicOptionsField({
		displayName: 'Recording Name or ID',
		name: 'sceneRecordId',
		method: 'getRecordings',
		dependsOn: ['companyId', 'robotDefId', 'sceneDefId'],
		description: 'The voice recording of the scene (sceneRecordId).',
		required: true,
	}),
];

export function variableFields(loadMethod: string, dependsOn: string[]): INodeProperties[] {
	return scriptVariableProperties(loadMethod, dependsOn, 'customerName');
}
