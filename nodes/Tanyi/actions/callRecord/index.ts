import type { ResourceSpec } from '../../../core/types';
import { downloadRecording } from './downloadRecording';
import { getCallRecord } from './get';
import { getManyCallRecords } from './getMany';

export const callRecordResource: ResourceSpec = {
	value: 'callRecord',
	name: 'Call Record',
	operations: [getManyCallRecords, getCallRecord, downloadRecording],
};
