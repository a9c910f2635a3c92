/** loadOptions / listSearch through n8n-core's LoadOptionsContext, as the editor calls them. */
import './env';
import './regexEngine';

import { randomUUID } from 'node:crypto';
import { LoadOptionsContext } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
} from 'n8n-workflow';
import { HarnessCredentialsHelper } from './credentials';
import { installLogging } from './logging';
import { HarnessNodeTypes, typeName, type AnyNodeType } from './nodeTypes';
import { buildAdditionalData, buildNode, buildWorkflow } from './workflow';

export interface LoadOptionsOptions {
	nodeType: AnyNodeType;
	credentialTypes: ICredentialType[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	methodName: string;
	/** the node's current parameters (what the editor sends as currentNodeParameters) */
	parameters: INodeParameters;
	kind: 'loadOptions' | 'listSearch';
	filter?: string;
	paginationToken?: string;
	/** the parameter path being loaded, e.g. `parameters.scene`; default `parameters.<methodName>` */
	path?: string;
	typeVersion?: number;
	nodeCredentials?: Record<string, { id: string; name: string }>;
}

export async function loadOptions(
	opts: LoadOptionsOptions & { kind: 'loadOptions' },
): Promise<INodePropertyOptions[]>;
export async function loadOptions(opts: LoadOptionsOptions & { kind: 'listSearch' }): Promise<INodeListSearchResult>;
export async function loadOptions(opts: LoadOptionsOptions): Promise<INodePropertyOptions[] | INodeListSearchResult>;
export async function loadOptions(opts: LoadOptionsOptions): Promise<INodePropertyOptions[] | INodeListSearchResult> {
	installLogging();
	const nodeTypes = new HarnessNodeTypes([opts.nodeType]);
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes, opts.credentials ?? {});
	const node = buildNode(
		{
			type: typeName(opts.nodeType),
			parameters: opts.parameters,
			name: 'Temp-Node',
			typeVersion: opts.typeVersion,
			credentials: opts.nodeCredentials,
		},
		nodeTypes,
		opts.credentials ?? {},
	);
	// As n8n's DynamicNodeParametersService: the node as the editor has it, in a one-node
	// workflow. The editor's currentNodeParameters include the defaults of displayed parameters.
	const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
	const currentNodeParameters =
		NodeHelpers.getNodeParameters(description.properties, structuredClone(opts.parameters), true, false, node, description) ??
		{};
	const workflow = buildWorkflow([node], nodeTypes);
	const additionalData = buildAdditionalData(credentialsHelper, `harness-${randomUUID()}`, {
		currentNodeParameters,
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? `parameters.${opts.methodName}`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (opts.kind === 'loadOptions') {
		const method = nodeType.methods?.loadOptions?.[opts.methodName];
		if (!method) throw new Error(`Harness: node type has no methods.loadOptions.${opts.methodName}`);
		return await method.call(context);
	}
	const method = nodeType.methods?.listSearch?.[opts.methodName];
	if (!method) throw new Error(`Harness: node type has no methods.listSearch.${opts.methodName}`);
	return await method.call(context, opts.filter, opts.paginationToken);
}
