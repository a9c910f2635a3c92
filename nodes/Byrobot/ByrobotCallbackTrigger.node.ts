import type { INodePropertyOptions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { callbackNotice, callbackTriggerBasics } from '../core/builders/trigger';
import {
	callbackCredentialTest,
	consoleConfiguredWebhook,
	deliveryOptionsProperty,
	eventsProperty,
	eventsSubtitle,
	receiveSecretCallback,
	simplifyProperty,
} from '../core/webhook';
import { BYROBOT_MAX_AGE_HOURS, byrobotCallbackEvent, byrobotEventOf } from './callbackEvent';

/** the callback event types, in words */
const BYROBOT_EVENTS: INodePropertyOptions[] = [
	{ name: 'Call Finished', value: 'CALL_INSTANCE_RESULT', description: 'An outbound call of a task ended: its result, intent and transcript' },
	{ name: 'Inbound Call Finished', value: 'INBOUND_CALL_INSTANCE_RESULT', description: 'A call to one of the company’s numbers ended' },
	{
		name: 'Intent Edited by Hand',
		value: 'MANUAL_INTENT_EDIT',
		description: 'A call result without the call itself: someone changed the intent level in the console',
	},
	{ name: 'Task Status Changed', value: 'JOB_INFO_RESULT', description: 'A task was started, paused, stopped or completed' },
];

export class ByrobotCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byrobot Callback Trigger',
		name: 'byrobotCallbackTrigger',
		icon: { light: 'file:byrobot.svg', dark: 'file:byrobot.dark.svg' },
		...callbackTriggerBasics(),
		subtitle: eventsSubtitle(BYROBOT_EVENTS),
		description: 'Starts the workflow when Byrobot (BYAI) posts a callback: finished call, intent edit, task status',
		defaults: { name: 'Byrobot Callback Trigger' },
		credentials: [{ name: 'byrobotCallbackApi', required: true, testedBy: 'byrobotCallbackApiTest' }],
		properties: [
			callbackNotice(
				'Enter the production URL above as the callback address in the Byrobot console (with ?token=<secret> when the credential uses the query). Byrobot retries up to 27 times until it gets "success"; this node answers it, also for filtered or repeated deliveries.',
			),
			eventsProperty({
				events: BYROBOT_EVENTS,
				default: ['CALL_INSTANCE_RESULT', 'INBOUND_CALL_INSTANCE_RESULT', 'MANUAL_INTENT_EDIT'],
			}),
			simplifyProperty(),
			deliveryOptionsProperty({
				defaultHours: BYROBOT_MAX_AGE_HOURS,
				description:
					'Callbacks dated earlier than this are refused with HTTP 401 and start no run (a replay). The date is the callback’s dateTime, else the call’s end time. Byrobot retries for 26 h 46 min, hence 28. 0: no check.',
			}),
		],
	};

	methods = { credentialTest: { byrobotCallbackApiTest: callbackCredentialTest } };

	// The callback URL is set in the Byrobot console; there is no API to register it.
	webhookMethods = { default: consoleConfiguredWebhook };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return await receiveSecretCallback(this, {
			credentialType: 'byrobotCallbackApi',
			event: (body) => {
				const event = byrobotEventOf(body);
				return event && byrobotCallbackEvent(event, simplify);
			},
			unreadable: 'expected JSON {code, data: {dataType, data}}',
			events: this.getNodeParameter('events', []) as string[],
			defaultMaxAgeHours: BYROBOT_MAX_AGE_HOURS,
		});
	}
}
