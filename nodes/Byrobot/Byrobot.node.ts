import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { buildProperties, buildSubtitle } from '../core/description';
import { runOperation } from '../core/runner';
import { byrobotResources } from './actions';
import { byrobot } from './api';
import { loadOptions, listSearch } from './methods';

export class Byrobot implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byrobot',
		name: 'byrobot',
		icon: { light: 'file:byrobot.svg', dark: 'file:byrobot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: buildSubtitle(byrobotResources),
		description: 'Create, start and stop Byrobot (BYAI) calling tasks, import customers, place single calls, read call records',
		defaults: { name: 'Byrobot' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'byrobotApi', required: true }],
		properties: buildProperties(byrobotResources),
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, byrobot, byrobotResources);
	}
}
