import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { isObject } from '../core/util';
import type { CallRecord } from '../core/callRecord';
import { str } from '../core/callRecord';
import {
	consoleConfiguredWebhook,
	deliveryOptionsProperty,
	digest,
	finishCallback,
	parseObjectBody,
	readBody,
	readDeliverySettings,
	readSecretCheck,
	rejectBadRequest,
	rejectUnauthorized,
	secretProblem,
	secretProperties,
	simplifyProperty,
	type CallbackEvent,
} from '../core/webhook';
import { intentFromResults, normalizeByrobotCall } from './normalize';

/** VENDORS.md §2 "Callbacks"; MANUAL_INTENT_EDIT is a CALL_INSTANCE_RESULT without sceneInstance */
export const BYROBOT_EVENTS = [
	'CALL_INSTANCE_RESULT',
	'INBOUND_CALL_INSTANCE_RESULT',
	'MANUAL_INTENT_EDIT',
	'JOB_INFO_RESULT',
] as const;
const OTHER_EVENT = 'other';
const CALL_EVENTS = ['CALL_INSTANCE_RESULT', 'INBOUND_CALL_INSTANCE_RESULT', 'MANUAL_INTENT_EDIT'];

/** `{code, data: {dataType, data}, resultMsg}` (or a bare `{dataType, data}`) → `{dataType, data}` */
export function byrobotEventOf(body: IDataObject): IDataObject | undefined {
	if (isObject(body.data) && typeof body.data.dataType === 'string') return body.data;
	if (typeof body.dataType === 'string') return body;
	return undefined;
}

/**
 * A manual intent edit carries only `taskResult[{sceneInstanceId, resultName, resultValue}]`:
 * as a call record it has the call id and the new intent level, nothing else.
 */
export function normalizeByrobotIntentEdit(data: IDataObject): CallRecord {
	const rows = Array.isArray(data.taskResult) ? (data.taskResult as unknown[]).filter(isObject) : [];
	const id = rows.map((row) => row.sceneInstanceId ?? row.callInstanceId).find((v) => v !== undefined && v !== null);
	return {
		vendor: 'byrobot',
		callId: str(id ?? data.callInstanceId),
		jobId: null,
		phone: null,
		customerName: null,
		status: 'unknown',
		intentLevel: intentFromResults(rows),
		durationSeconds: null,
		rounds: null,
		startTime: null,
		endTime: null,
		recordingUrl: null,
		transcript: [],
		raw: data,
	};
}

function toEvent(event: IDataObject, simplify: boolean): CallbackEvent {
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

export class ByrobotCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byrobot Callback Trigger',
		name: 'byrobotCallbackTrigger',
		icon: { light: 'file:byrobot.svg', dark: 'file:byrobot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Events: " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Byrobot (百应 / BYAI) posts a callback: finished call, intent edit, task status',
		defaults: { name: 'Byrobot Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
		properties: [
			{
				displayName:
					'Enter the production URL above as the callback address in the Byrobot console (with ?token=<secret> in query mode). Byrobot retries up to 27 times until it gets "success"; this node answers it, also for filtered or repeated deliveries.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...secretProperties(),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Any Other Event Type', value: OTHER_EVENT, description: 'Event types this node does not know yet' },
					{ name: 'Call Finished (CALL_INSTANCE_RESULT)', value: 'CALL_INSTANCE_RESULT' },
					{ name: 'Inbound Call Finished (INBOUND_CALL_INSTANCE_RESULT)', value: 'INBOUND_CALL_INSTANCE_RESULT' },
					{
						name: 'Intent Edited by Hand',
						value: 'MANUAL_INTENT_EDIT',
						description: 'A CALL_INSTANCE_RESULT without sceneInstance: someone changed the intent level in the console',
					},
					{ name: 'Task Status Changed (JOB_INFO_RESULT)', value: 'JOB_INFO_RESULT' },
				],
				default: ['CALL_INSTANCE_RESULT', 'INBOUND_CALL_INSTANCE_RESULT', 'MANUAL_INTENT_EDIT'],
				description: 'Which callbacks start the workflow; the others are still answered "success"',
			},
			simplifyProperty(),
			deliveryOptionsProperty(),
		],
	};

	// The callback URL is set in the Byrobot console; there is no API to register it.
	webhookMethods = { default: consoleConfiguredWebhook };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const problem = secretProblem(this, readSecretCheck(this));
		if (problem) return rejectUnauthorized(this, problem);

		const body = parseObjectBody(await readBody(this));
		const event = body ? byrobotEventOf(body) : undefined;
		if (!event) return rejectBadRequest(this, 'expected JSON {code, data: {dataType, data}}');

		const events = this.getNodeParameter('events', []) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return finishCallback(this, toEvent(event, simplify), readDeliverySettings(this, events));
	}
}
