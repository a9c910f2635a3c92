import { DOWNLOAD_RECORDING } from '../../../core/recording';
import type { OperationSpec } from '../../../core/types';

/**
 * Autodialer has no call record read API (seed 004 documents only `/v1/task`): the link comes with
 * the hang-up notification (`record_url`, see AutodialerCallbackTrigger) and is taken from the
 * input item. No request goes to the Autodialer API.
 */
export const downloadRecording: OperationSpec = {
	...DOWNLOAD_RECORDING,
	description: 'The recording of a finished call (from the Autodialer Callback Trigger) as a binary file',
	properties: [
		{
			displayName: 'Call ID',
			name: 'callId',
			type: 'string',
			default: '={{ $json.callId ?? $json.call_id }}',
			required: true,
			description: 'The call the recording belongs to (names the file and any error)',
		},
		{
			displayName: 'Recording URL',
			name: 'recordingUrl',
			type: 'string',
			default: '={{ $json.recordingUrl ?? $json.record_url }}',
			description: 'The link from the hang-up notification (simplified: recordingUrl, full: record_url); empty for calls that were not answered',
		},
	],
	retry: 'idempotent',
	recording: {
		filePrefix: 'autodialer',
		callId: (p) => p.string('callId', 'Call ID'),
		url: (_record, p) => p.optionalString('recordingUrl', 'Recording URL'),
		missing: 'the item has no recording URL; calls that were not answered have none',
		refetches: false,
	},
};
