import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { buildProperties, buildSubtitle } from '../core/description';
import { runOperation } from '../core/runner';
import { tanyiResources } from './actions';
import { tanyi } from './api';
import { getJobs } from './callRecordSource';
import { loadOptions, listSearch } from './methods';

export class Tanyi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tanyi',
		name: 'tanyi',
		icon: { light: 'file:tanyi.svg', dark: 'file:tanyi.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: buildSubtitle(tanyiResources),
		description: 'Create, start and pause Tanyi (YiWise) calling jobs, import customers into them, read call records',
		defaults: { name: 'Tanyi' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tanyiApi', required: true }],
		properties: buildProperties(tanyiResources),
	};

	// getJobs: the multi-select job pickers of Check Before Bulk Start or Pause and Get Stats
	methods = { loadOptions: { ...loadOptions, getJobs }, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, tanyi, tanyiResources);
	}
}
