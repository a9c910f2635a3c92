import type { IDataObject } from 'n8n-workflow';
import { OTHER_EVENT, digest, type CallbackEvent } from '../core/webhook';
import { isObject } from '../core/util';
import { normalizeTanyiCall } from './normalize';
import { TANYI_EVENTS } from './options';

/** A Tanyi callback `{dataType, data}` (VENDORS.md §1 "Callbacks") as the event the core delivers. */
export function tanyiCallbackEvent(payload: IDataObject, simplify: boolean): CallbackEvent {
	const dataType = String(payload.dataType);
	const data = isObject(payload.data) ? payload.data : {};
	const known = (TANYI_EVENTS as readonly string[]).includes(dataType);
	const isCall = dataType === 'ROBOT_CALL_RECORD';
	const id = isCall ? data.callRecordId : undefined;
	return {
		type: known ? dataType : OTHER_EVENT,
		// a retried call record repeats its callRecordId; other events repeat their content
		dedupKey: `tanyi:${dataType}:${id !== undefined && id !== null && id !== '' ? String(id) : digest(data)}`,
		item: isCall && simplify ? normalizeTanyiCall(data) : payload,
	};
}
