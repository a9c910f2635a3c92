/** The one-node workflow every harness run builds: the node, its workflow, n8n's additional data. */
import { randomUUID } from 'node:crypto';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INode,
	INodeCredentials,
	INodeParameters,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { HarnessCredentialsHelper } from './credentials';
import { HarnessNodeTypes, defaultTypeVersion, type AnyNodeType } from './nodeTypes';

export const HARNESS_WEBHOOK_BASE_URL = 'http://localhost:5678/webhook';
export const HARNESS_WEBHOOK_TEST_BASE_URL = 'http://localhost:5678/webhook-test';

export interface NodeSpec {
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	name?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	typeVersion?: number;
	webhookId?: string;
}

export function buildNode(spec: NodeSpec, nodeTypes: HarnessNodeTypes, credentialData: Record<string, unknown>): INode {
	const nodeType = nodeTypes.getByName(spec.type);
	const typeVersion = spec.typeVersion ?? defaultTypeVersion(nodeType);
	let credentials: INodeCredentials | undefined = spec.credentials;
	if (credentials === undefined) {
		// Attach every credential the node type declares and the test supplied data for.
		const declared = nodeTypes.getByNameAndVersion(spec.type, typeVersion).description.credentials ?? [];
		const attached: INodeCredentials = {};
		for (const { name } of declared) {
			if (name in credentialData) attached[name] = { id: `harness-${name}`, name: `${name} (harness)` };
		}
		credentials = Object.keys(attached).length > 0 ? attached : undefined;
	}
	const node: INode = {
		id: randomUUID(),
		name: spec.name ?? 'Node Under Test',
		type: spec.type,
		typeVersion,
		position: [0, 0],
		// Deep copy: the Workflow constructor rewrites parameters (adds defaults, drops hidden ones).
		parameters: structuredClone(spec.parameters),
	};
	if (credentials) node.credentials = credentials;
	if (spec.onError) node.onError = spec.onError;
	if (spec.webhookId) node.webhookId = spec.webhookId;
	return node;
}

export function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	executionId: string,
	extra: Partial<IWorkflowExecuteAdditionalData> = {},
): IWorkflowExecuteAdditionalData {
	const notAvailable = (what: string) => async () => {
		throw new Error(`Harness: ${what} is not available`);
	};
	const additionalData = {
		executionId,
		credentialsHelper,
		executeWorkflow: notAvailable('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('startRunnerTask'),
		logAiEvent: () => undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: HARNESS_WEBHOOK_BASE_URL,
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: HARNESS_WEBHOOK_TEST_BASE_URL,
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		userId: 'harness-user',
		...extra,
	};
	return additionalData as unknown as IWorkflowExecuteAdditionalData;
}

const HARNESS_WORKFLOW_ID = 'harness-workflow';

export function buildWorkflow(nodes: INode[], nodeTypes: HarnessNodeTypes, staticData?: IDataObject, workflowId = HARNESS_WORKFLOW_ID): Workflow {
	return new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes,
		connections: {},
		active: false,
		nodeTypes,
		// Deep copy: the Workflow wraps static data in observable proxies in place.
		staticData: staticData === undefined ? undefined : (JSON.parse(JSON.stringify(staticData)) as IDataObject),
		settings: { executionOrder: 'v1' },
	});
}

/**
 * What n8n would persist: the workflow static data as plain JSON, without the
 * `__dataChanged` marker. Also reports whether anything changed during the call.
 */
export function persistStaticData(
	workflow: Workflow,
	callerObject: IDataObject | undefined,
	persist = true,
): { staticData: IDataObject; changed: boolean } {
	const changed = (workflow.staticData as { __dataChanged?: boolean }).__dataChanged === true;
	if (!persist) {
		// n8n does not save static data changed by manual (editor) runs.
		return { staticData: callerObject ?? {}, changed };
	}
	const plain = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	if (callerObject !== undefined) {
		for (const key of Object.keys(callerObject)) delete callerObject[key];
		Object.assign(callerObject, plain);
		return { staticData: callerObject, changed };
	}
	return { staticData: plain, changed };
}

/** The static-data key n8n uses for `getWorkflowStaticData('node')`. */
export function nodeStaticDataKey(nodeName: string): string {
	return `node:${nodeName}`;
}

/** The one-node workflow behind runPoll / runWebhook / runWebhookMethod. */
export function singleNodeWorkflow(
	opts: {
		nodeType: AnyNodeType;
		credentialTypes: ICredentialType[];
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		node: { type: string; parameters: INodeParameters; name?: string; typeVersion?: number; webhookId?: string };
		staticData?: IDataObject;
		/** default: one id for every harness workflow */
		workflowId?: string;
	},
	defaultName: string,
	withWebhookId = false,
) {
	const nodeTypes = new HarnessNodeTypes([opts.nodeType]);
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes, opts.credentials ?? {});
	const node = buildNode(
		{
			type: opts.node.type,
			parameters: opts.node.parameters,
			name: opts.node.name ?? defaultName,
			typeVersion: opts.node.typeVersion,
			...(withWebhookId ? { webhookId: opts.node.webhookId ?? 'harness-webhook-id' } : {}),
		},
		nodeTypes,
		opts.credentials ?? {},
	);
	const workflow = buildWorkflow([node], nodeTypes, opts.staticData, opts.workflowId);
	return { nodeTypes, credentialsHelper, node, workflow };
}
