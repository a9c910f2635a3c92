import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { wecomAesKey } from './wecomCrypto';

/**
 * The callback credentials: how a callback proves it comes from the vendor. One credential type
 * per vendor (so each vendor's nodes stay self-contained), all built from these fields. n8n keeps
 * credentials encrypted at rest and never copies them into a workflow, an execution or an export;
 * the trigger nodes only reference them.
 */

export type CallbackAuthMode = 'query' | 'header' | 'encrypted';

/** The fields of a callback credential; `encrypted` adds Tanyi's WeCom-style mode (first, as the vendor's newer default). */
export function callbackCredentialProperties(o: { encrypted?: boolean } = {}): INodeProperties[] {
	const modes: INodePropertyOptions[] = [];
	if (o.encrypted) {
		modes.push({
			name: 'Encrypted Callbacks (Token and EncodingAESKey)',
			value: 'encrypted',
			description: 'WeCom-style signed and AES-encrypted callbacks of newer YiWise accounts',
		});
	}
	modes.push(
		{ name: 'Secret in Header', value: 'header', description: 'The sender puts the secret in a request header' },
		{ name: 'Secret in Query Parameter', value: 'query', description: 'The callback URL you give the vendor ends with ?token=&lt;secret&gt;' },
	);
	const properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: modes,
			default: 'query',
			description: 'How a callback proves it comes from the vendor. Requests that fail get HTTP 401 and start no workflow.',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMode: ['query', 'header'] } },
			description: 'A long random value (32 or more characters) only you and the vendor know',
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryParameter',
			type: 'string',
			default: 'token',
			displayOptions: { show: { authMode: ['query'] } },
			description: 'Give the vendor the production URL followed by ?token=&lt;secret&gt; (with this name)',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Callback-Token',
			displayOptions: { show: { authMode: ['header'] } },
			description: 'The header carrying the secret ("Bearer &lt;secret&gt;" is accepted too)',
		},
	];
	if (o.encrypted) {
		properties.push(
			{
				displayName: 'Token',
				name: 'token',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { authMode: ['encrypted'] } },
				description: 'The callback Token from the Tanyi / YiWise console; it signs every callback (msg_signature)',
			},
			{
				displayName: 'EncodingAESKey',
				name: 'encodingAesKey',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				required: true,
				displayOptions: { show: { authMode: ['encrypted'] } },
				description: 'The 43-character EncodingAESKey from the same console page',
			},
		);
	}
	return properties;
}

/** A callback credential as the triggers use it. */
export interface CallbackAuth {
	mode: CallbackAuthMode;
	/** query or header mode */
	secret: string;
	/** the query parameter or header name */
	name: string;
	/** encrypted mode */
	token: string;
	encodingAesKey: string;
}

export function callbackAuthOf(data: ICredentialDataDecryptedObject): CallbackAuth {
	const mode: CallbackAuthMode = data.authMode === 'header' || data.authMode === 'encrypted' ? data.authMode : 'query';
	const name = mode === 'header' ? String(data.headerName ?? 'X-Callback-Token') : String(data.queryParameter ?? 'token');
	return {
		mode,
		secret: String(data.secret ?? ''),
		name: name.trim() || (mode === 'header' ? 'X-Callback-Token' : 'token'),
		token: String(data.token ?? ''),
		encodingAesKey: String(data.encodingAesKey ?? ''),
	};
}

/**
 * The trigger's callback credential, or `undefined` when none is selected (the caller refuses the
 * request). The reason goes to the log, never anything of the credential itself.
 */
export async function readCallbackAuth(ctx: IWebhookFunctions | IHookFunctions, type: string): Promise<CallbackAuth | undefined> {
	try {
		return callbackAuthOf(await ctx.getCredentials(type));
	} catch (error) {
		ctx.logger.warn(`Callback credential "${type}" cannot be read: ${(error as Error).message}`, { node: ctx.getNode().name });
		return undefined;
	}
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** What a credential test reports about a callback credential's shape (nothing is sent anywhere). */
export function checkCallbackCredential(credential: ICredentialsDecrypted): INodeCredentialTestResult {
	const auth = callbackAuthOf(credential.data ?? {});
	const fail = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });
	if (auth.mode === 'encrypted') {
		if (!/^[A-Za-z0-9]{1,32}$/.test(auth.token.trim())) return fail('The Token must be 1 to 32 letters or digits, as the vendor console shows it');
		try {
			wecomAesKey(auth.encodingAesKey);
		} catch (error) {
			return fail(`EncodingAESKey: ${(error as Error).message}`);
		}
		return { status: 'OK', message: 'Token and EncodingAESKey have the right form' };
	}
	if (auth.secret.length < 16) return fail('The secret is too short: use at least 16 (better 32 or more) random characters');
	if (!NAME.test(auth.name)) {
		return fail(`The ${auth.mode === 'header' ? 'header' : 'query parameter'} name may contain only letters, digits, "_", "." and "-"`);
	}
	return { status: 'OK', message: 'The secret has the right form' };
}

/** A node's `methods.credentialTest` entry for its callback credential. */
export async function callbackCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return checkCallbackCredential(credential);
}
