import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
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
import { autodialerCallId, normalizeAutodialerCall } from './normalize';

/** Number / call status (VENDORS.md §3); 0 (waiting) never ends a call */
const STATUS_OPTIONS = [
	['1', 'Answered (1)'],
	['2', 'Line Fault (2)'],
	['3', 'Refused (3)'],
	['4', 'No Answer (4)'],
	['5', 'Vacant Number (5)'],
	['6', 'Powered Off (6)'],
	['7', 'Out of Service (7)'],
	['8', 'Busy (8)'],
	['9', 'Inbound Restricted (9)'],
	['10', 'Arrears (10)'],
	['11', 'Blacklisted (11)'],
	['12', 'Call Loss (12)'],
]
	.map(([value, name]) => ({ name, value }))
	.sort((a, b) => a.name.localeCompare(b.name));

function toEvent(body: IDataObject, simplify: boolean): CallbackEvent {
	const callId = autodialerCallId(body);
	const status = body.status ?? body.call_status;
	return {
		type: status === undefined || status === null || status === '' ? 'unknown' : String(status).trim(),
		// [inferred] call_id is unique per call attempt; without one, the content identifies a retry
		dedupKey: `autodialer:${callId ?? digest(body)}`,
		item: simplify ? normalizeAutodialerCall(body) : body,
	};
}

export class AutodialerCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autodialer Callback Trigger',
		name: 'autodialerCallbackTrigger',
		icon: { light: 'file:autodialer.svg', dark: 'file:autodialer.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'Hang-up notifications',
		description: 'Starts the workflow when the Autodialer posts a hang-up notification for a finished call',
		defaults: { name: 'Autodialer Callback Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'callback' }],
		properties: [
			{
				displayName:
					'The hang-up notification is not documented by the vendor: this node accepts a JSON or form body with call_id, task_uuid, number, status, duration, answered_at, hangup_at, record_url (see the README). It answers "success".',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			...secretProperties(),
			{
				displayName: 'Call Statuses',
				name: 'callStatuses',
				type: 'multiOptions',
				options: STATUS_OPTIONS,
				default: [],
				description: 'Only calls ending with these statuses start the workflow; leave empty for every finished call',
			},
			simplifyProperty(),
			deliveryOptionsProperty(),
		],
	};

	// The notification URL is set in the Autodialer console; there is no API to register it.
	webhookMethods = { default: consoleConfiguredWebhook };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const problem = secretProblem(this, readSecretCheck(this));
		if (problem) return rejectUnauthorized(this, problem);

		const body = parseObjectBody(await readBody(this));
		if (!body) return rejectBadRequest(this, 'expected a JSON or form body describing one call');

		const statuses = this.getNodeParameter('callStatuses', []) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return finishCallback(
			this,
			toEvent(body, simplify),
			readDeliverySettings(this, statuses.length > 0 ? statuses.map(String) : undefined),
		);
	}
}
