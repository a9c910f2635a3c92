import { DOWNLOAD_RECORDING, customerTrack, trackField } from '../../../core/recording';
import type { OperationSpec } from '../../../core/types';
import { normalizeTanyiCall } from '../../normalize';
import { callDetailRequest, callRecordIdOf } from './get';

/**
 * GET /callRecord/callDetail (seed 003) for a fresh link, then the file: `fullAudioUrl` (robot and
 * customer) or `customerAudioUrl` (customer only). A call that was not answered has only the
 * full track (the ring tone, `early_media.wav` in the seed's example) and `customerAudioUrl: null`.
 */
export const downloadRecording: OperationSpec = {
	...DOWNLOAD_RECORDING,
	properties: [
		{
			displayName: 'Call Record ID',
			name: 'callRecordId',
			type: 'string',
			default: '={{ $json.callId ?? $json.callRecordId }}',
			required: true,
			description: 'The call to download; the default reads the ID from the simplified record (callId) or the full one (callRecordId)',
		},
		trackField('fullAudioUrl', 'customerAudioUrl'),
	],
	retry: 'idempotent',
	simplify: normalizeTanyiCall,
	request: callDetailRequest,
	recording: {
		filePrefix: 'tanyi',
		callId: callRecordIdOf,
		url: (record, p) => (customerTrack(p) ? record.customerAudioUrl : record.fullAudioUrl),
		missing: 'Tanyi gave no link for this track; a call that was not answered has no customer track',
		refetches: true,
	},
};
