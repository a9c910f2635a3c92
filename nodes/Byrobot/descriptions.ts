/** Field descriptions several Byrobot operations share. */
import type { INodeProperties } from 'n8n-workflow';
import { resourceLocator } from '../core/builders/locator';
import type { ItemParams } from '../core/params';
import { scriptVariableProperties } from '../core/variables';
import { taskIdOf } from './params';

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
	return resourceLocator({
		displayName: 'Task',
		name: 'taskId',
		description: 'The calling task (任务)',
		searchListMethod: 'searchTasks',
		byId: { placeholder: 'e.g. 6001', pattern: '^\\d+$', error: 'A task ID is a number' },
	});
}

/** What a task state change shows (company for the picker, the Task picker) and sends (`{taskId}`). */
export const taskTarget = {
	properties: [companyField(false), taskLocator()],
	target: (p: ItemParams) => ({ taskId: taskIdOf(p) }),
};

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
