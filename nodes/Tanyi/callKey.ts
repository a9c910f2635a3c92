import type { IDataObject } from 'n8n-workflow';

/**
 * The `dedupKey` of a Tanyi call result: `callRecordId` ("通话ID", seed 003), one per attempt, the
 * same in getCallRecordInfoList and in the ROBOT_CALL_RECORD callback.
 */
export function tanyiCallKey(record: IDataObject): string | undefined {
	const id = record.callRecordId;
	return id === undefined || id === null || id === '' ? undefined : `tanyi:call:${String(id)}`;
}
