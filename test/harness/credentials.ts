/**
 * Credentials in a harness run: the data comes from the test, and authentication is done by the
 * credential type itself (function or generic form), as n8n's CredentialsHelper does.
 */
import './env';

import { ICredentials, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { HarnessNodeTypes } from './nodeTypes';

class HarnessCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private readonly store: Map<string, ICredentialDataDecryptedObject>,
	) {
		super(details, type);
	}

	async getData(): Promise<ICredentialDataDecryptedObject> {
		return { ...(this.store.get(this.type) ?? {}) };
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: undefined };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(this.type, { ...data });
	}

	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>, toDelete: string[] = []): Promise<void> {
		const next = { ...(this.store.get(this.type) ?? {}), ...toUpdate } as ICredentialDataDecryptedObject;
		for (const key of toDelete) delete next[key];
		this.store.set(this.type, next);
	}
}

/**
 * Our ICredentialsHelper: credential data comes from the test, authentication is done by the
 * credential type itself (function form or generic object form), like n8n's CredentialsHelper.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();
	/** Current credential data per credential type name (updated by preAuthentication). */
	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	constructor(credentialTypes: ICredentialType[], credentials: Record<string, ICredentialDataDecryptedObject> = {}) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
		for (const [name, data] of Object.entries(credentials)) this.store.set(name, { ...data });
	}

	getParentTypes(name: string): string[] {
		const type = this.types.get(name);
		if (!type?.extends) return [];
		const parents: string[] = [];
		for (const parent of type.extends) parents.push(parent, ...this.getParentTypes(parent));
		return parents;
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.get(type);
		if (!credentialType) return [];
		const own = credentialType.properties;
		const inherited = (credentialType.extends ?? []).flatMap((parent) => this.getCredentialsProperties(parent));
		const ownNames = new Set(own.map((p) => p.name));
		return [...inherited.filter((p) => !ownNames.has(p.name)), ...own];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.types.get(typeName);
		const authenticate = credentialType?.authenticate;
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		const target = requestOptions as unknown as Record<string, unknown>;
		target.headers ??= {};
		const properties = (authenticate as IAuthenticateGeneric).properties as Record<string, unknown>;
		for (const [outerKey, outerValue] of Object.entries(properties)) {
			if (typeof outerValue !== 'object' || outerValue === null) continue;
			const bucket = (target[outerKey] ??= {}) as Record<string, unknown>;
			for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
				const resolvedKey = this.resolveWithCredentials(key, credentials, workflow, node);
				bucket[String(resolvedKey)] = this.resolveWithCredentials(value, credentials, workflow, node);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	private resolveWithCredentials(
		value: unknown,
		credentials: ICredentialDataDecryptedObject,
		workflow?: Workflow,
		node?: INode,
	): unknown {
		if (typeof value !== 'string' || !value.startsWith('=')) return value;
		const wf = workflow ?? emptyWorkflow();
		const contextNode = node ?? mockNode();
		return wf.expression.getSimpleParameterValue(contextNode, value, 'internal', { $credentials: credentials }, undefined, '');
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.get(typeName);
		if (!credentialType?.preAuthentication) return undefined;
		// As n8n does: refresh when told the token expired, or when the expirable field is empty.
		const expirable = this.getCredentialsProperties(typeName).find((p) => p.typeOptions?.expirable === true);
		if (!expirable) return undefined;
		if (!credentialsExpired && credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined) {
			return undefined;
		}
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		const updated = { ...credentials, ...output } as ICredentialDataDecryptedObject;
		this.store.set(typeName, updated);
		return updated;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.get(typeName);
		if (!credentialType?.preAuthentication) return undefined;
		return (await credentialType.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new HarnessCredentials(nodeCredentials, type, this.store);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store.get(type);
		if (data === undefined) {
			throw new Error(`Harness: no credential data supplied for credential type "${type}"`);
		}
		// As n8n does: fill in the credential type's defaults for fields the data leaves out.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject | null;
		return { ...(withDefaults ?? {}), ...data };
	}

	async updateCredentials(_n: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.store.set(type, { ...data });
	}

	async updateCredentialsOauthTokenData(
		_n: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.set(type, { ...(this.store.get(type) ?? {}), ...data });
	}
}

function mockNode(): INode {
	return { id: 'harness-mock', name: 'harness-mock', type: 'harness.mock', typeVersion: 1, position: [0, 0], parameters: {} };
}

function emptyWorkflow(): Workflow {
	return new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: new HarnessNodeTypes([]) });
}
