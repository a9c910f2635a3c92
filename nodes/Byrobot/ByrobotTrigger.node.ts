import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { callRecordTriggerProperties, pollCallRecords, readPollSettings } from '../core/poll';
import { DEFAULT_OVERLAP_CALLS, byrobotCallRecords, getTasks } from './callRecordSource';
import { companyField, taskLocator } from './descriptions';
import { loadOptions, listSearch } from './methods';
import { FINISH_STATUS_OPTIONS, INTENT_OPTIONS } from './options';

export class ByrobotTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byrobot Trigger',
		name: 'byrobotTrigger',
		icon: { light: 'file:byrobot.svg', dark: 'file:byrobot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "New call record" }}',
		description: 'Starts the workflow when a call of a Byrobot (BYAI) task finishes',
		defaults: { name: 'Byrobot Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'byrobotApi', required: true }],
		properties: callRecordTriggerProperties({
			jobNoun: 'Task',
			jobLocator: taskLocator(),
			jobsMethod: 'getTasks',
			statusOptions: FINISH_STATUS_OPTIONS,
			intentOptions: INTENT_OPTIONS,
			lookback: false,
			overlap: {
				default: DEFAULT_OVERLAP_CALLS,
				description:
					'Byrobot numbers calls in the order they end but lists a call only once its analysis is stored, so a call can appear after later ones. Each poll reads the newest this many calls again and emits those it has not seen before. 0: only calls above the newest.',
			},
			extra: [companyField('trigger')],
		}),
	};

	methods = { loadOptions: { ...loadOptions, getTasks }, listSearch };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollCallRecords(this, byrobotCallRecords, readPollSettings(this, 'Task', DEFAULT_OVERLAP_CALLS));
	}
}
