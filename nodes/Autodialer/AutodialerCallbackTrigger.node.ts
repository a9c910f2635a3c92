import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { callbackNotice, callbackTriggerBasics } from '../core/builders/trigger';
import { consoleConfiguredWebhook, deliveryOptionsProperty, receiveSecretCallback, secretProperties, simplifyProperty } from '../core/webhook';
import { autodialerCallbackEvent } from './callbackEvent';
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
		properties: [
			callbackNotice(
				'The hang-up notification is not documented by the vendor: this node accepts a JSON or form body with call_id, task_uuid, number, status, duration, answered_at, hangup_at, record_url (see the README). It answers "success".',
			),
			...secretProperties(),
			{
				displayName: 'Call Statuses',
				name: 'callStatuses',
				type: 'multiOptions',
				options: CALL_STATUS_OPTIONS,
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
		const statuses = this.getNodeParameter('callStatuses', []) as string[];
		const simplify = this.getNodeParameter('simplify', false) as boolean;
		return await receiveSecretCallback(this, {
			event: (body) => autodialerCallbackEvent(body, simplify),
			unreadable: 'expected a JSON or form body describing one call',
			events: statuses.length > 0 ? statuses.map(String) : undefined,
		});
	}
}
