import type { IDataObject } from 'n8n-workflow';
import { DOWNLOAD_RECORDING, customerTrack, trackField } from '../../../core/recording';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { normalizeByrobotCall } from '../../normalize';
import { callDetailOutput, callInstanceIdOf, phoneLogInfoRequest } from './get';

const part = (record: IDataObject, key: string): IDataObject => (isObject(record[key]) ? (record[key] as IDataObject) : {});

/**
 * GET /task/phoneLogInfo (seed 002) for a fresh link, then the file: `phoneLog.luyinOssUrl`
 * (the whole call; `sceneInstance.luyinOssUrl` as fallback) or `sceneInstance.userLuyinOssUrl`
 * (customer only, indata-public/slate ObtainTask.md). Calls that were not answered have none.
 */
export const downloadRecording: OperationSpec = {
	...DOWNLOAD_RECORDING,
	properties: [
		{
			displayName: 'Call Instance ID',
			name: 'callInstanceId',
			type: 'string',
			default: '={{ $json.callId ?? $json.callInstanceId }}',
			required: true,
			description: 'The call to download; the default reads the ID from the simplified record (callId) or the full one (callInstanceId)',
		},
		trackField('luyinOssUrl', 'userLuyinOssUrl'),
	],
	retry: 'idempotent',
	simplify: normalizeByrobotCall,
	request: phoneLogInfoRequest,
	output: callDetailOutput,
	recording: {
		filePrefix: 'byrobot',
		callId: callInstanceIdOf,
		url: (record, p) =>
			customerTrack(p)
				? part(record, 'sceneInstance').userLuyinOssUrl
				: (part(record, 'phoneLog').luyinOssUrl ?? part(record, 'sceneInstance').luyinOssUrl),
		missing: 'Byrobot gave no link for this track; calls that were not answered have no recording',
		refetches: true,
	},
};
