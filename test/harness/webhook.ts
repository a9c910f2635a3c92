/** Webhooks: webhook() through n8n-core's WebhookContext, webhookMethods through HookContext. */
import './env';
import './regexEngine';

import { randomUUID } from 'node:crypto';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	INode,
	INodeParameters,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { buildFakeRequest, createFakeResponse, type FakeResponseRecord, type WebhookRequestSpec } from './fakeHttp';
import { logsSince, startLogCapture } from './logging';
import type { AnyNodeType } from './nodeTypes';
import { buildAdditionalData, persistStaticData, singleNodeWorkflow } from './workflow';

function buildWebhookData(
	workflow: Workflow,
	node: INode,
	nodeType: INodeType,
	additionalData: IWorkflowExecuteAdditionalData,
	webhookName: string,
	mode: WorkflowExecuteMode,
): IWebhookData {
	const description = (nodeType.description.webhooks ?? []).find((w) => w.name === webhookName);
	if (!description) throw new Error(`Harness: node type "${node.type}" has no webhook named "${webhookName}"`);
	const resolve = (value: unknown, fallback: unknown) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, fallback as string)
			: (value ?? fallback);
	return {
		httpMethod: String(resolve(description.httpMethod, 'POST')).toUpperCase() as IHttpRequestMethods,
		node: node.name,
		path: String(resolve(description.path, '')),
		webhookDescription: description as IWebhookDescription,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest: mode === 'manual',
	};
}

export interface RunWebhookOptions {
	nodeType: AnyNodeType;
	credentialTypes: ICredentialType[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	node: { type: string; parameters: INodeParameters; name?: string; typeVersion?: number; webhookId?: string };
	request: WebhookRequestSpec;
	/** default `default` */
	webhookName?: 'default' | 'setup' | string;
	/** workflow static data; updated in place after the call when given (see RunPollOptions) */
	staticData?: IDataObject;
	/** `webhook` (production URL, default) or `manual` (test URL; static data not persisted) */
	mode?: 'webhook' | 'manual';
	/** the workflow's id (what a node's in-process memory is keyed by); default the harness id */
	workflowId?: string;
}

export interface RunWebhookResult {
	/** what webhook() returned */
	response: IWebhookResponseData;
	/** what was sent through the response object (by the node, or by n8n afterwards) */
	res: FakeResponseRecord;
	staticData: IDataObject;
	staticDataChanged: boolean;
	logs: string[];
}

/**
 * Calls the node's webhook() with n8n-core's WebhookContext. When the node does not answer
 * itself (no `noWebhookResponse`) the harness answers like n8n's default `onReceived` mode:
 * `webhookResponse` if set, otherwise 200 `{ message: 'Workflow was started' }`. The
 * emitted `workflowData` is returned, not executed.
 */
export async function runWebhook(opts: RunWebhookOptions): Promise<RunWebhookResult> {
	const logStart = startLogCapture();
	const { nodeTypes, credentialsHelper, node, workflow } = singleNodeWorkflow(opts, 'Webhook Trigger', true);
	const mode = opts.mode ?? 'webhook';
	const req = buildFakeRequest(opts.request);
	const res = createFakeResponse();
	const additionalData = buildAdditionalData(credentialsHelper, `harness-${randomUUID()}`, {
		httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	});
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.webhook) throw new Error(`Harness: node type "${node.type}" has no webhook()`);
	const webhookData = buildWebhookData(workflow, node, nodeType, additionalData, opts.webhookName ?? 'default', mode);
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	const response = await nodeType.webhook.call(context);
	if (response.noWebhookResponse !== true && !res.record.ended) {
		res.record.sentBy = 'n8n';
		if (response.webhookResponse !== undefined) {
			res.status(200).send(response.webhookResponse);
		} else {
			res.status(200).json({ message: 'Workflow was started' });
		}
		res.record.sentBy = 'n8n';
	}
	const { staticData, changed } = persistStaticData(workflow, opts.staticData, mode !== 'manual');
	return { response, res: res.record, staticData, staticDataChanged: changed, logs: logsSince(logStart) };
}

export interface RunWebhookMethodOptions {
	nodeType: AnyNodeType;
	credentialTypes: ICredentialType[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	node: { type: string; parameters: INodeParameters; name?: string; typeVersion?: number; webhookId?: string };
	method: 'checkExists' | 'create' | 'delete';
	/** default `default` */
	webhookName?: 'default' | 'setup' | string;
	staticData?: IDataObject;
	/** `trigger` (activation, default) or `manual` */
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
}

export interface RunWebhookMethodResult {
	result: boolean | undefined;
	/** the URL `this.getNodeWebhookUrl('default')` gave the node */
	webhookUrl: string | undefined;
	staticData: IDataObject;
	staticDataChanged: boolean;
	logs: string[];
}

/** Calls `webhookMethods[webhookName][method]` with n8n-core's HookContext. */
export async function runWebhookMethod(opts: RunWebhookMethodOptions): Promise<RunWebhookMethodResult> {
	const logStart = startLogCapture();
	const { nodeTypes, credentialsHelper, node, workflow } = singleNodeWorkflow(opts, 'Webhook Trigger', true);
	const mode = opts.mode ?? 'trigger';
	const additionalData = buildAdditionalData(credentialsHelper, `harness-${randomUUID()}`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookName = opts.webhookName ?? 'default';
	const webhookMethods = nodeType.webhookMethods as
		| Record<string, Partial<Record<RunWebhookMethodOptions['method'], (this: IHookFunctions) => Promise<boolean>>> | undefined>
		| undefined;
	const method = webhookMethods?.[webhookName]?.[opts.method];
	if (!method) throw new Error(`Harness: node type "${node.type}" has no webhookMethods.${webhookName}.${opts.method}`);
	const webhookData = buildWebhookData(workflow, node, nodeType, additionalData, webhookName, mode);
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		mode,
		opts.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
		webhookData,
	);
	const result = await method.call(context);
	const { staticData, changed } = persistStaticData(workflow, opts.staticData);
	return {
		result,
		webhookUrl: context.getNodeWebhookUrl('default'),
		staticData,
		staticDataChanged: changed,
		logs: logsSince(logStart),
	};
}
