import type { IDataObject } from 'n8n-workflow';
import { cstEpoch } from '../core/poll';
import { OTHER_EVENT, digest, type CallbackEvent } from '../core/webhook';
import { isObject } from '../core/util';
import { tanyiCallKey } from './callKey';
import { normalizeTanyiCall } from './normalize';
import { TANYI_EVENTS } from './options';

/**
 * The Max Callback Age default: Tanyi retries up to 10 times, "总回调时长可达24小时" (yiwise/slate
 * `callBack.md`), so a retry may come 24 hours after the call ended; one hour more for clocks.
 */
export const TANYI_MAX_AGE_HOURS = 25;

/** A Tanyi callback `{dataType, data}` (VENDORS.md §1 "Callbacks") as the event the core delivers. */
export function tanyiCallbackEvent(payload: IDataObject, simplify: boolean): CallbackEvent {
	const dataType = String(payload.dataType);
	const data = isObject(payload.data) ? payload.data : {};
	const known = (TANYI_EVENTS as readonly string[]).includes(dataType);
	const isCall = dataType === 'ROBOT_CALL_RECORD';
	// a call record is keyed by callRecordId, as the polling trigger keys it; other events by content
	const callKey = isCall ? tanyiCallKey(data) : undefined;
	return {
		type: known ? dataType : OTHER_EVENT,
		dedupKey: callKey ?? `tanyi:${dataType}:${digest(data)}`,
		// plain JSON carries no delivery time; a call record has its end time (CST)
		time: isCall ? cstEpoch(data.endTime) : undefined,
		clock: "the call's endTime",
		item: isCall && simplify ? normalizeTanyiCall(data) : payload,
	};
}
