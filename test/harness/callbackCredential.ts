/**
 * Callback triggers keep their authentication in a callback credential. Tests still describe it
 * next to the other parameters (`{authMode: 'header', headerName: …}`); `callbackHook` moves those
 * fields into the credential for each call, so every test names only what it changes.
 */
import type { ICredentialType, IDataObject, INodeParameters } from 'n8n-workflow';
import type { WebhookRequestSpec } from './fakeHttp';
import type { NodeRunner } from './nodeRunner';
import type { RunWebhookResult } from './webhook';

/** the credential's field names (nodes/core/webhook/credentials.ts) */
const AUTH_FIELDS = ['authMode', 'secret', 'queryParameter', 'headerName', 'token', 'encodingAesKey'];

export function splitAuth(parameters: INodeParameters): { auth: IDataObject; rest: INodeParameters } {
	const auth: IDataObject = {};
	const rest: INodeParameters = {};
	for (const [key, value] of Object.entries(parameters)) {
		if (AUTH_FIELDS.includes(key)) auth[key] = value as IDataObject[keyof IDataObject];
		else rest[key] = value;
	}
	return { auth, rest };
}

export type CallbackHook = (
	request: WebhookRequestSpec,
	parameters?: INodeParameters,
	extra?: { staticData?: IDataObject; webhookName?: string; mode?: 'webhook' | 'manual'; noCredential?: boolean; workflowId?: string },
) => Promise<RunWebhookResult>;

/** `runner.hook` with the auth fields of `parameters` (over `defaults`) as the `credential`'s data */
export function callbackHook(runner: NodeRunner, credential: ICredentialType, defaults: IDataObject): CallbackHook {
	return (request, parameters = {}, extra = {}) => {
		const { auth, rest } = splitAuth(parameters);
		const data = extra.noCredential ? null : { ...defaults, ...auth };
		return runner.hook(request, rest, {
			staticData: extra.staticData,
			webhookName: extra.webhookName,
			mode: extra.mode,
			workflowId: extra.workflowId,
			credentials: { [credential.name]: data },
		});
	};
}
