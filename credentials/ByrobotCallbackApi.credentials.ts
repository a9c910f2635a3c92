import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { callbackCredentialProperties } from '../nodes/core/webhook/credentials';

/**
 * How Byrobot's callbacks prove where they come from, for the Byrobot Callback Trigger. Kept in a
 * credential (encrypted by n8n, never part of a workflow, an execution or an export) instead of a
 * node parameter. Nothing is sent to Byrobot: the trigger compares what each callback presents.
 */
export class ByrobotCallbackApi implements ICredentialType {
	name = 'byrobotCallbackApi';

	displayName = 'Byrobot Callback API';

	icon: Icon = { light: 'file:../nodes/Byrobot/byrobot.svg', dark: 'file:../nodes/Byrobot/byrobot.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-callbot/n8n-nodes-callbot#callback-triggers';

	properties: INodeProperties[] = callbackCredentialProperties();
}
