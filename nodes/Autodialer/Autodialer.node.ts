import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { buildProperties, buildSubtitle } from '../core/description';
import { runOperation } from '../core/runner';
import { autodialerResources } from './actions';
import { autodialer } from './api';
import { loadOptions, listSearch } from './methods';

export class Autodialer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autodialer',
		name: 'autodialer',
		icon: { light: 'file:autodialer.svg', dark: 'file:autodialer.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: buildSubtitle(autodialerResources),
		description: 'Create, start and pause Autodialer calling jobs, import phone numbers into them, download call recordings',
		defaults: { name: 'Autodialer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'autodialerApi', required: true }],
		properties: buildProperties(autodialerResources),
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, autodialer, autodialerResources);
	}
}
