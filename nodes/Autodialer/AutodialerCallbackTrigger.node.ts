import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { callbackNotice, callbackTriggerBasics } from '../core/builders/trigger';
import { callbackCredentialTest, consoleConfiguredWebhook, deliveryOptionsProperty, receiveSecretCallback, simplifyProperty } from '../core/webhook';
import { AUTODIALER_MAX_AGE_HOURS, autodialerCallbackEvent } from './callbackEvent';
import { CALL_STATUS_OPTIONS } from './options';

export class AutodialerCallbackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Autodialer Callback Trigger',
		name: 'autodialerCallbackTrigger',
		icon: { light: 'file:autodialer.svg', dark: 'file:autodialer.dark.svg' },
		...callbackTriggerBasics(),
		subtitle: 'Hang-up notifications',
		description: 'Starts the workflow when the Autodialer posts a hang-up notification for a finished call',
		defaults: { name: 'Autodialer Callback Trigger' },
		credentials: [{ name: 'autodialerCallbackApi', required: true, testedBy: 'autodialerCallbackApiTest' }],
		properties: [
			callbackNotice(
				'The hang-up notification is not documented by the vendor: this node accepts a JSON or form body with call_id, task_uuid, number, status, duration, answered_at, hangup_at, record_url (see the README). It answers "success".',
			),
			{
				displayName: 'Call Statuses',
				name: 'callStatuses',
				type: 'multiOptions',
				options: CALL_STATUS_OPTIONS,
				default: [],
				description: 'Only calls ending with these statuses start the workflow; leave empty for every finished call',
			},
			simplifyProperty(),
			deliveryOptionsProperty({
				defaultHours: AUTODIALER_MAX_AGE_HOURS,
				description:
					'Notifications whose hang-up time is earlier than this are refused with HTTP 401 and start no run (a replay). Off (0) by default: the platform documents no retry schedule to derive it from.',
			}),
		],
	};

	methods = { credentialTest: { autodialerCallbackApiTest: callbackCredentialTest } };

	// The notification URL is set in the Autodialer console; there is no API to register it.
	webhookMethods = { default: consoleConfiguredWebhook };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const statuses = this.getNodeParameter('callStatuses', []) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return await receiveSecretCallback(this, {
			credentialType: 'autodialerCallbackApi',
			defaultMaxAgeHours: AUTODIALER_MAX_AGE_HOURS,
			event: (body) => autodialerCallbackEvent(body, simplify),
			unreadable: 'expected a JSON or form body describing one call',
			events: statuses.length > 0 ? statuses.map(String) : undefined,
		});
	}
}
