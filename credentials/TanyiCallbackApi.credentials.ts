import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { callbackCredentialProperties } from '../nodes/core/webhook/credentials';

/**
 * How Tanyi's callbacks prove where they come from, for the Tanyi Callback Trigger. Kept in a
 * credential (encrypted by n8n, never part of a workflow, an execution or an export) instead of a
 * node parameter. Nothing is sent to Tanyi: the trigger compares what each callback presents.
 */
export class TanyiCallbackApi implements ICredentialType {
	name = 'tanyiCallbackApi';

	displayName = 'Tanyi Callback API';

	icon: Icon = { light: 'file:../nodes/Tanyi/tanyi.svg', dark: 'file:../nodes/Tanyi/tanyi.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#callback-triggers';

	properties: INodeProperties[] = callbackCredentialProperties({ encrypted: true });
}
