import type { OperationSpec } from '../../../core/types';
import { normalizeTanyiCall } from '../../normalize';
import { callDetailRequest, callRecordIdOf } from './get';

/**
 * GET /callRecord/callDetail (seed 003) for a fresh link, then the file: `fullAudioUrl` (robot and
 * customer) or `customerAudioUrl` (customer only). A call that was not answered has only the
 * full track (the ring tone, `early_media.wav` in the seed's example) and `customerAudioUrl: null`.
 */
export const downloadRecording: OperationSpec = {
	value: 'downloadRecording',
	name: 'Download Recording',
	action: 'Download a call recording',
	description: 'The recording of one call as a binary file',
	properties: [
		{
			displayName: 'Call Record ID',
			name: 'callRecordId',
			type: 'string',
			default: '={{ $json.callId ?? $json.callRecordId }}',
			required: true,
			description: 'The call to download; the default reads the ID from the simplified record (callId) or the full one (callRecordId)',
		},
		{
			displayName: 'Track',
			name: 'track',
			type: 'options',
			options: [
				{ name: 'Full Call', value: 'full', description: 'Robot and customer (fullAudioUrl)' },
				{ name: 'Customer Only', value: 'customer', description: 'Only the customer\'s side (customerAudioUrl)' },
			],
			default: 'full',
		},
	],
	retry: 'idempotent',
	simplify: normalizeTanyiCall,
	request: callDetailRequest,
	recording: {
		filePrefix: 'tanyi',
		callId: callRecordIdOf,
		url: (record, p) => (p.get<string>('track', 'full') === 'customer' ? record.customerAudioUrl : record.fullAudioUrl),
		missing: 'Tanyi gave no link for this track; a call that was not answered has no customer track',
		refetches: true,
	},
};
