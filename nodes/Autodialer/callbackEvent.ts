import type { IDataObject } from 'n8n-workflow';
import { digest, type CallbackEvent } from '../core/webhook';
import { autodialerCallId, normalizeAutodialerCall } from './normalize';

/**
 * The Max Callback Age default: off. The notification and its retries are undocumented (VENDORS.md
 * §3), so no age can be derived; set one when your platform's retry schedule is known.
 */
export const AUTODIALER_MAX_AGE_HOURS = 0;

/** A hang-up notification (undocumented, VENDORS.md §3) as the event the core delivers; its type is the call status. */
export function autodialerCallbackEvent(body: IDataObject, simplify: boolean): CallbackEvent {
	const callId = autodialerCallId(body);
	const status = body.status ?? body.call_status;
	const call = normalizeAutodialerCall(body);
	const hungUp = call.endTime === null ? NaN : Date.parse(call.endTime);
	return {
		type: status === undefined || status === null || status === '' ? 'unknown' : String(status).trim(),
		// [inferred] call_id is unique per call attempt; without one, the content identifies a retry
		dedupKey: callId === null || callId === undefined ? `autodialer:${digest(body)}` : `autodialer:call:${callId}`,
		time: Number.isNaN(hungUp) ? undefined : hungUp,
		clock: 'the hang-up time',
		item: simplify ? call : body,
	};
}
