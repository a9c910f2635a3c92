import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { callbackCredentialProperties } from '../nodes/core/webhook/credentials';

/**
 * How Autodialer's callbacks prove where they come from, for the Autodialer Callback Trigger. Kept in a
 * credential (encrypted by n8n, never part of a workflow, an execution or an export) instead of a
 * node parameter. Nothing is sent to Autodialer: the trigger compares what each callback presents.
 */
export class AutodialerCallbackApi implements ICredentialType {
	name = 'autodialerCallbackApi';

	displayName = 'Autodialer Callback API';

	icon: Icon = { light: 'file:../nodes/Autodialer/autodialer.svg', dark: 'file:../nodes/Autodialer/autodialer.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#callback-triggers';

	properties: INodeProperties[] = callbackCredentialProperties();
}
