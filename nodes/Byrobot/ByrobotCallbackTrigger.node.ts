import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { callbackNotice, callbackTriggerBasics } from '../core/builders/trigger';
import {
	callbackCredentialTest,
	consoleConfiguredWebhook,
	deliveryOptionsProperty,
	eventsProperty,
	receiveSecretCallback,
	simplifyProperty,
} from '../core/webhook';
import { BYROBOT_MAX_AGE_HOURS, byrobotCallbackEvent, byrobotEventOf } from './callbackEvent';

export class ByrobotCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Byrobot Callback Trigger',
		name: 'byrobotCallbackTrigger',
		icon: { light: 'file:byrobot.svg', dark: 'file:byrobot.dark.svg' },
		...callbackTriggerBasics(),
		subtitle: '={{ "Events: " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Byrobot (BYAI) posts a callback: finished call, intent edit, task status',
		defaults: { name: 'Byrobot Callback Trigger' },
		credentials: [{ name: 'byrobotCallbackApi', required: true, testedBy: 'byrobotCallbackApiTest' }],
		properties: [
			callbackNotice(
				'Enter the production URL above as the callback address in the Byrobot console (with ?token=<secret> when the credential uses the query). Byrobot retries up to 27 times until it gets "success"; this node answers it, also for filtered or repeated deliveries.',
			),
			eventsProperty({
				events: [
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
