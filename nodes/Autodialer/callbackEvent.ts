import type { IDataObject } from 'n8n-workflow';
import { digest, type CallbackEvent } from '../core/webhook';
import { autodialerCallId, normalizeAutodialerCall } from './normalize';

/** A hang-up notification (undocumented, VENDORS.md §3) as the event the core delivers; its type is the call status. */
export function autodialerCallbackEvent(body: IDataObject, simplify: boolean): CallbackEvent {
	const callId = autodialerCallId(body);
	const status = body.status ?? body.call_status;
	return {
		type: status === undefined || status === null || status === '' ? 'unknown' : String(status).trim(),
		// [inferred] call_id is unique per call attempt; without one, the content identifies a retry
		dedupKey: `autodialer:${callId ?? digest(body)}`,
		item: simplify ? normalizeAutodialerCall(body) : body,
	};
}
