import type { IDataObject } from 'n8n-workflow';
import { cstEpoch } from '../core/poll';
import { OTHER_EVENT, digest, type CallbackEvent } from '../core/webhook';
import { isObject } from '../core/util';
import { byrobotCallKey } from './callKey';
import { normalizeByrobotCall, normalizeByrobotIntentEdit } from './normalize';
import { BYROBOT_EVENTS, CALL_EVENTS } from './options';

/**
 * The Max Callback Age default: Byrobot tries 27 times over "26小时46分" (IS `CallBack.md`), dated
 * by the call (dateTime equals the call's end in the vendor's inbound example), so a last retry
 * comes almost 27 hours after the call; one hour more for clocks.
 */
export const BYROBOT_MAX_AGE_HOURS = 28;

/**
 * `{code, data: {dataType, data}, resultMsg}` (or a bare `{dataType, data}`) → `{dataType, data}`.
 * Old-format accounts post `{code, data: {sceneInstance, taskResult, phoneLog, jobFinished, sign}}`
 * without dataType (IS `source/json/callBackOld`): a call result.
 */
export function byrobotEventOf(body: IDataObject): IDataObject | undefined {
	if (isObject(body.data) && typeof body.data.dataType === 'string') return body.data;
	if (typeof body.dataType === 'string') return body;
	if (isObject(body.data) && (isObject(body.data.sceneInstance) || Array.isArray(body.data.taskResult))) {
		return { dataType: 'CALL_INSTANCE_RESULT', data: body.data };
	}
	return undefined;
}

/** `dateTime` ("GMT格式日期", both RFC 1123 and Java's `Date.toString()` appear), else the call's end */
function dateOf(data: IDataObject, instance: IDataObject | undefined): { time?: number; clock: string } {
	const stamped = typeof data.dateTime === 'string' ? Date.parse(data.dateTime) : NaN;
	if (!Number.isNaN(stamped)) return { time: stamped, clock: 'dateTime' };
	const ended = instance ? cstEpoch(instance.endTime) : undefined;
	return { time: ended, clock: "the call's endTime" };
}

/** A Byrobot callback `{dataType, data}` (VENDORS.md §2 "Callbacks") as the event the core delivers. */
export function byrobotCallbackEvent(event: IDataObject, simplify: boolean): CallbackEvent {
	const dataType = String(event.dataType);
	const data = isObject(event.data) ? event.data : {};
	let type = (BYROBOT_EVENTS as readonly string[]).includes(dataType) ? dataType : OTHER_EVENT;
	const instance = isObject(data.sceneInstance) ? data.sceneInstance : undefined;
	if (dataType === 'CALL_INSTANCE_RESULT' && !instance) type = 'MANUAL_INTENT_EDIT';

	// a call (outbound or inbound) is keyed as the polling trigger keys it; an intent edit by the
	// call and the edit; anything else by its content
	let dedupKey = instance ? byrobotCallKey(instance) : undefined;
	if (type === 'MANUAL_INTENT_EDIT') dedupKey = `byrobot:intent:${normalizeByrobotIntentEdit(data).callId ?? ''}:${digest(data)}`;
	dedupKey ??= `byrobot:${dataType}:${digest(data)}`;

	let item: IDataObject = { dataType, data };
	if (simplify && type === 'MANUAL_INTENT_EDIT') item = normalizeByrobotIntentEdit(data);
	else if (simplify && instance && CALL_EVENTS.includes(type)) item = normalizeByrobotCall(data);
	return { type, dedupKey, ...dateOf(data, instance), item };
}
