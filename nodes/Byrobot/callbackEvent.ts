import type { IDataObject } from 'n8n-workflow';
import { OTHER_EVENT, digest, type CallbackEvent } from '../core/webhook';
import { isObject } from '../core/util';
import { normalizeByrobotCall, normalizeByrobotIntentEdit } from './normalize';
import { BYROBOT_EVENTS, CALL_EVENTS } from './options';

/** `{code, data: {dataType, data}, resultMsg}` (or a bare `{dataType, data}`) → `{dataType, data}` */
export function byrobotEventOf(body: IDataObject): IDataObject | undefined {
	if (isObject(body.data) && typeof body.data.dataType === 'string') return body.data;
	if (typeof body.dataType === 'string') return body;
	return undefined;
}

/** A Byrobot callback `{dataType, data}` (VENDORS.md §2 "Callbacks") as the event the core delivers. */
export function byrobotCallbackEvent(event: IDataObject, simplify: boolean): CallbackEvent {
	const dataType = String(event.dataType);
	const data = isObject(event.data) ? event.data : {};
	let type = (BYROBOT_EVENTS as readonly string[]).includes(dataType) ? dataType : OTHER_EVENT;
	const instance = isObject(data.sceneInstance) ? data.sceneInstance : undefined;
	if (dataType === 'CALL_INSTANCE_RESULT' && !instance) type = 'MANUAL_INTENT_EDIT';

	let dedupKey = `byrobot:${dataType}:${digest(data)}`;
	if (instance && instance.callInstanceId !== undefined && instance.callInstanceId !== null) {
		// a retry repeats callInstanceId + secondaryCallTimes; the end time tells a redial apart
		// when the platform does not count it up
		dedupKey = `byrobot:${dataType}:${String(instance.callInstanceId)}:${String(instance.secondaryCallTimes ?? 0)}:${String(instance.endTime ?? '')}`;
	} else if (type === 'MANUAL_INTENT_EDIT') {
		dedupKey = `byrobot:MANUAL_INTENT_EDIT:${normalizeByrobotIntentEdit(data).callId ?? ''}:${digest(data)}`;
	}

	let item: IDataObject = { dataType, data };
	if (simplify && type === 'MANUAL_INTENT_EDIT') item = normalizeByrobotIntentEdit(data);
	else if (simplify && instance && CALL_EVENTS.includes(type)) item = normalizeByrobotCall(data);
	return { type, dedupKey, item };
}
