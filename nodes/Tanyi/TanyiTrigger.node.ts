import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { callRecordTriggerProperties, pollCallRecords, readPollSettings } from '../core/poll';
import { getJobs, tanyiCallRecords } from './callRecordSource';
import { jobLocator } from './descriptions';
import { listSearch } from './methods';
import { CALL_RESULTS, INTENT_LEVELS } from './options';

export class TanyiTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tanyi Trigger',
		name: 'tanyiTrigger',
		icon: { light: 'file:tanyi.svg', dark: 'file:tanyi.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "New call record" }}',
		description: 'Starts the workflow when a call of a Tanyi (YiWise) job finishes',
		defaults: { name: 'Tanyi Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tanyiApi', required: true }],
		properties: callRecordTriggerProperties({
			jobNoun: 'Job',
			jobLocator: jobLocator(),
			jobsMethod: 'getJobs',
			statusOptions: CALL_RESULTS,
			intentOptions: INTENT_LEVELS,
			lookback: true,
		}),
	};

	methods = { loadOptions: { getJobs }, listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollCallRecords(this, tanyiCallRecords, readPollSettings(this, 'Job'));
	}
}
