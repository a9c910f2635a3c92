import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodeTypeDescription, IWebhookDescription } from 'n8n-workflow';

/** The callback URL every vendor posts to: `<production URL>/callback`, answered by the node itself. */
export const CALLBACK_WEBHOOK: IWebhookDescription = {
	name: 'default',
	httpMethod: 'POST',
	responseMode: 'onReceived',
	path: 'callback',
};

/**
 * What every callback trigger's description has in common: a trigger without inputs, one output,
 * the callback webhook (plus `extraWebhooks`, e.g. Tanyi's URL check).
 */
export function callbackTriggerBasics(
	o: { extraWebhooks?: IWebhookDescription[] } = {},
): Pick<INodeTypeDescription, 'group' | 'version' | 'inputs' | 'outputs' | 'webhooks'> {
	return {
		group: ['trigger'],
		version: 1,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [CALLBACK_WEBHOOK, ...(o.extraWebhooks ?? [])],
	};
}

/** The notice at the top of a callback trigger: where the URL goes and what the node answers. */
export function callbackNotice(text: string): INodeProperties {
	return { displayName: text, name: 'notice', type: 'notice', default: '' };
}
