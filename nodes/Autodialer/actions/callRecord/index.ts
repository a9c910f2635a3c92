import type { ResourceSpec } from '../../../core/types';
import { downloadRecording } from './downloadRecording';

export const callRecordResource: ResourceSpec = {
	value: 'callRecord',
	name: 'Call Record',
	operations: [downloadRecording],
};
