/**
 * Test harness that runs node classes through n8n's real execution engine (n8n-core
 * `WorkflowExecute`, `LoadOptionsContext`, `PollContext`, `WebhookContext`, `HookContext`).
 *
 * Nothing here knows about our vendor nodes: callers pass node-type and credential-type
 * instances plus plain credential data. HTTP goes out for real through
 * `this.helpers.httpRequestWithAuthentication`, so point credential base URLs at a loopback
 * emulator.
 *
 * Every log line written by the engine (n8n-workflow `LoggerProxy`) or by a node
 * (`this.logger`, n8n's DI `Logger`) is recorded; see `RunNodeResult.logs` and `allLogs()`.
 */
import './env';

import { randomUUID } from 'node:crypto';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	HookContext,
	LoadOptionsContext,
	PollContext,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import {
	createRunExecutionData,
	ICredentials,
	ICredentialsHelper,
	LoggerProxy,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import type {
	ExecutionError,
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestHelper,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Logger as WorkflowLogger,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------------------------
// Logging capture
// ---------------------------------------------------------------------------------------------

const capturedLogs: string[] = [];

function safeStringify(value: unknown): string {
	const seen = new WeakSet<object>();
	try {
		return JSON.stringify(value, (_key, v: unknown) => {
			if (v instanceof Error) {
				return { name: v.name, message: v.message, stack: v.stack, ...(v as object) };
			}
			if (typeof v === 'bigint') return v.toString();
			if (typeof v === 'object' && v !== null) {
				if (seen.has(v)) return '[Circular]';
				seen.add(v);
			}
			return v;
		});
	} catch (error) {
		return `[unserializable: ${(error as Error).message}]`;
	}
}

function record(level: string, message: unknown, meta?: unknown): void {
	const text = typeof message === 'string' ? message : safeStringify(message);
	capturedLogs.push(meta === undefined ? `${level}: ${text}` : `${level}: ${text} ${safeStringify(meta)}`);
}

/** A logger that satisfies both n8n-workflow's `Logger` and @n8n/backend-common's `Logger`. */
const recordingLogger = {
	error: (message: string, meta?: unknown) => record('error', message, meta),
	warn: (message: string, meta?: unknown) => record('warn', message, meta),
	info: (message: string, meta?: unknown) => record('info', message, meta),
	debug: (message: string, meta?: unknown) => record('debug', message, meta),
	scoped() {
		return recordingLogger;
	},
	getInternalLogger() {
		return recordingLogger;
	},
};

let loggingInstalled = false;
function installLogging(): void {
	if (loggingInstalled) return;
	loggingInstalled = true;
	LoggerProxy.init(recordingLogger as unknown as WorkflowLogger);
	Container.set(Logger, recordingLogger as unknown as Logger);
}

/** Every line logged since the harness was loaded (in this jest worker / test file). */
export function allLogs(): string[] {
	return [...capturedLogs];
}

/** Forget the logs recorded so far. */
export function clearLogs(): void {
	capturedLogs.length = 0;
}

// ---------------------------------------------------------------------------------------------
// Node types and credentials
// ---------------------------------------------------------------------------------------------

type AnyNodeType = INodeType | IVersionedNodeType;

function typeName(nodeType: AnyNodeType): string {
	return nodeType.description.name;
}

function isVersioned(nodeType: AnyNodeType): nodeType is IVersionedNodeType {
	return 'nodeVersions' in nodeType;
}

/** The version a freshly added node gets in the editor: the highest one. */
function defaultTypeVersion(nodeType: AnyNodeType): number {
	if (isVersioned(nodeType)) return nodeType.currentVersion;
	const v = (nodeType as INodeType).description.version;
	return Array.isArray(v) ? Math.max(...v) : (v ?? 1);
}

class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, AnyNodeType>();
	private readonly wrapped = new WeakMap<INodeType, INodeType>();
	/** errors thrown by `execute()` (the engine itself only keeps a plain-object copy) */
	readonly thrown: unknown[] = [];

	constructor(
		nodeTypes: AnyNodeType[],
		private readonly captureThrown = false,
	) {
		for (const nodeType of nodeTypes) this.byName.set(typeName(nodeType), nodeType);
	}

	getByName(nodeType: string): AnyNodeType {
		const found = this.byName.get(nodeType);
		if (!found) throw new Error(`Harness: unknown node type "${nodeType}"`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const resolved = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (!this.captureThrown || typeof resolved.execute !== 'function') return resolved;
		let wrapper = this.wrapped.get(resolved);
		if (!wrapper) {
			// Same object for the engine (prototype chain), but execute() remembers what it threw.
			const original = resolved.execute;
			const thrown = this.thrown;
			wrapper = Object.create(resolved) as INodeType;
			wrapper.execute = async function (this: IExecuteFunctions) {
				try {
					return await original.call(this);
				} catch (error) {
					thrown.push(error);
					throw error;
				}
			} as INodeType['execute'];
			this.wrapped.set(resolved, wrapper);
		}
		return wrapper;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

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

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

export const HARNESS_WEBHOOK_BASE_URL = 'http://localhost:5678/webhook';
export const HARNESS_WEBHOOK_TEST_BASE_URL = 'http://localhost:5678/webhook-test';

interface NodeSpec {
	type: string;
	parameters: INodeParameters;
	credentials?: Record<string, { id: string; name: string }>;
	name?: string;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	typeVersion?: number;
	webhookId?: string;
}

function buildNode(spec: NodeSpec, nodeTypes: HarnessNodeTypes, credentialData: Record<string, unknown>): INode {
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

function buildAdditionalData(
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

function buildWorkflow(nodes: INode[], nodeTypes: HarnessNodeTypes, staticData?: IDataObject): Workflow {
	return new Workflow({
		id: HARNESS_WORKFLOW_ID,
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
function persistStaticData(
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

// ---------------------------------------------------------------------------------------------
// runNode: a full WorkflowExecute run of one node
// ---------------------------------------------------------------------------------------------

export interface RunNodeOptions {
	/** node class instances; the type name is `description.name` */
	nodeTypes: Array<INodeType | IVersionedNodeType>;
	/** instances of our credential classes */
	credentialTypes: ICredentialType[];
	node: {
		type: string;
		parameters: INodeParameters;
		/** default: one entry per credential the node declares and `credentials` has data for */
		credentials?: Record<string, { id: string; name: string }>;
		/** default `Node Under Test` */
		name?: string;
		onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
		/** default: the highest version of the type */
		typeVersion?: number;
	};
	/** credential data keyed by credential type name */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** input items; default `[{ json: {} }]` */
	items?: INodeExecutionData[];
	/** execution mode; default `manual` */
	mode?: WorkflowExecuteMode;
}

export interface RunNodeResult {
	/** first output (`outputs[0]`), `[]` when the node produced nothing */
	items: INodeExecutionData[];
	/** every output of the node (`main`), e.g. `[success, error]` with continueErrorOutput */
	outputs: INodeExecutionData[][];
	/**
	 * The error that failed the run: the real NodeApiError / NodeOperationError instance the
	 * node's execute() threw. (n8n's own `run.data.resultData.error` is only a plain-object
	 * copy `{...error, message, stack}`; it is in `engineError`.)
	 */
	error?: ExecutionError;
	/** `run.data.resultData.error` exactly as the engine stores it (plain object) */
	engineError?: ExecutionError;
	runData: IRunData;
	/** what the engine and the node logged during this run */
	logs: string[];
	/** the full IRun handed to workflowExecuteAfter */
	run: IRun;
	/** the credential data after the run (changed by preAuthentication, if any) */
	credentialsAfter: Record<string, ICredentialDataDecryptedObject>;
}

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	installLogging();
	const logStart = capturedLogs.length;
	const nodeTypes = new HarnessNodeTypes(opts.nodeTypes, true);
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes, opts.credentials ?? {});
	const node = buildNode(opts.node, nodeTypes, opts.credentials ?? {});
	const workflow = buildWorkflow([node], nodeTypes);
	const mode = opts.mode ?? 'manual';
	const executionId = `harness-${randomUUID()}`;

	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflow.id,
		name: workflow.name,
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
		settings: {},
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	let resolveAfter!: (run: IRun) => void;
	const afterPromise = new Promise<IRun>((resolve) => (resolveAfter = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => resolveAfter(fullRunData));

	const additionalData = buildAdditionalData(credentialsHelper, executionId, { hooks } as Partial<IWorkflowExecuteAdditionalData>);

	const inputItems: INodeExecutionData[] = structuredClone(opts.items ?? [{ json: {} }]);
	const executeData: IExecuteData = { node, data: { main: [inputItems] }, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});

	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);
	// Resolves with the same IRun; failures do not reject, they land in resultData.error.
	await engine.processRunExecutionData(workflow);
	const run = await afterPromise;

	const runData = run.data.resultData.runData;
	const task = runData[node.name]?.[0];
	const outputs = (task?.data?.main ?? []).map((output) => output ?? []);
	const credentialsAfter: Record<string, ICredentialDataDecryptedObject> = {};
	for (const [name, data] of credentialsHelper.store) credentialsAfter[name] = data;
	const engineError = run.data.resultData.error;
	const lastThrown = nodeTypes.thrown[nodeTypes.thrown.length - 1] as ExecutionError | undefined;
	return {
		items: outputs[0] ?? [],
		outputs,
		error: engineError === undefined ? undefined : (lastThrown ?? engineError),
		engineError,
		runData,
		logs: capturedLogs.slice(logStart),
		run,
		credentialsAfter,
	};
}

// ---------------------------------------------------------------------------------------------
// loadOptions / listSearch through n8n-core's LoadOptionsContext
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// runPoll: one poll() through n8n-core's PollContext
// ---------------------------------------------------------------------------------------------

export interface RunPollOptions {
	nodeType: AnyNodeType;
	credentialTypes: ICredentialType[];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	node: { type: string; parameters: INodeParameters; name?: string; typeVersion?: number };
	/**
	 * The workflow static data (all keys, e.g. `node:<name>`), as n8n stores it. When given,
	 * the object is updated in place after the poll, so passing the same object again
	 * simulates consecutive polls; a JSON copy of it simulates a restart. In `manual` mode
	 * nothing is persisted (as in n8n), only `staticDataChanged` tells whether poll() wrote.
	 */
	staticData?: IDataObject;
	/** `trigger` (active workflow, default) or `manual` (the editor's "fetch test event") */
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
}

export interface RunPollResult {
	/** what poll() returned: the first output's items, or null when there is nothing new */
	items: INodeExecutionData[] | null;
	/** all outputs poll() returned, or null */
	outputs: INodeExecutionData[][] | null;
	/** the workflow static data after the poll (plain JSON; the caller's object when given) */
	staticData: IDataObject;
	/** whether poll() changed static data (n8n's `__dataChanged`) */
	staticDataChanged: boolean;
	/** the thrown error, if poll() threw (it is NOT rethrown) */
	error?: Error;
	logs: string[];
}

/** The one-node workflow behind runPoll / runWebhook / runWebhookMethod. */
function singleNodeWorkflow(
	opts: {
		nodeType: AnyNodeType;
		credentialTypes: ICredentialType[];
		credentials?: Record<string, ICredentialDataDecryptedObject>;
		node: { type: string; parameters: INodeParameters; name?: string; typeVersion?: number; webhookId?: string };
		staticData?: IDataObject;
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
	const workflow = buildWorkflow([node], nodeTypes, opts.staticData);
	return { nodeTypes, credentialsHelper, node, workflow };
}

export async function runPoll(opts: RunPollOptions): Promise<RunPollResult> {
	installLogging();
	const logStart = capturedLogs.length;
	const { nodeTypes, credentialsHelper, node, workflow } = singleNodeWorkflow(opts, 'Poll Trigger');
	const mode = opts.mode ?? 'trigger';
	const additionalData = buildAdditionalData(credentialsHelper, `harness-${randomUUID()}`);
	const emitted: INodeExecutionData[][][] = [];
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		opts.activation ?? (mode === 'manual' ? 'manual' : 'activate'),
		(data) => emitted.push(data),
		(error) => {
			throw error;
		},
	);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (!nodeType.poll) throw new Error(`Harness: node type "${node.type}" has no poll()`);
	let outputs: INodeExecutionData[][] | null = null;
	let error: Error | undefined;
	try {
		outputs = await nodeType.poll.call(context);
	} catch (e) {
		error = e as Error;
	}
	const { staticData, changed } = persistStaticData(workflow, opts.staticData, mode !== 'manual');
	return {
		items: outputs === null ? null : (outputs[0] ?? []),
		outputs,
		staticData,
		staticDataChanged: changed,
		error,
		logs: capturedLogs.slice(logStart),
	};
}

// ---------------------------------------------------------------------------------------------
// Webhooks: webhook() through WebhookContext, webhookMethods through HookContext
// ---------------------------------------------------------------------------------------------

export interface FakeResponseRecord {
	/** last status set (default 200) */
	status: number;
	/** header names lower-cased */
	headers: Record<string, string>;
	/** what was passed to send()/json()/end() (json() records the object, not its text) */
	body: unknown;
	/** true once send()/json()/end() was called */
	ended: boolean;
	/** who answered: the node via res, n8n itself (no noWebhookResponse), or nobody */
	sentBy: 'node' | 'n8n' | null;
}

export interface WebhookRequestSpec {
	method: IHttpRequestMethods | string;
	/** path after the webhook base, e.g. `/abc`; informational */
	path?: string;
	headers: Record<string, string>;
	query?: Record<string, string | string[]>;
	/** parsed body as n8n's body parser would give it; derived from rawBody when omitted */
	body?: unknown;
	rawBody?: Buffer;
	params?: Record<string, string>;
}

interface FakeResponse {
	record: FakeResponseRecord;
	headersSent: boolean;
	status(code: number): FakeResponse;
	sendStatus(code: number): FakeResponse;
	setHeader(name: string, value: string | number | string[]): FakeResponse;
	header(name: string, value: string | number | string[]): FakeResponse;
	set(name: string | Record<string, string>, value?: string): FakeResponse;
	getHeader(name: string): string | undefined;
	type(contentType: string): FakeResponse;
	contentType(contentType: string): FakeResponse;
	writeHead(code: number, headers?: Record<string, string>): FakeResponse;
	write(chunk: unknown): boolean;
	send(body?: unknown): FakeResponse;
	json(body: unknown): FakeResponse;
	end(body?: unknown): FakeResponse;
	on(): FakeResponse;
	once(): FakeResponse;
	flushHeaders(): void;
}

function createFakeResponse(): FakeResponse {
	const record: FakeResponseRecord = { status: 200, headers: {}, body: undefined, ended: false, sentBy: null };
	const mimeFor = (t: string) =>
		t.includes('/') ? t : ({ json: 'application/json', html: 'text/html', text: 'text/plain', xml: 'application/xml' }[t] ?? t);
	const finish = (res: FakeResponse, body: unknown) => {
		if (record.ended) throw new Error('Harness: response was already sent');
		if (body !== undefined) record.body = body;
		record.ended = true;
		record.sentBy ??= 'node';
		res.headersSent = true;
		return res;
	};
	const res: FakeResponse = {
		record,
		headersSent: false,
		status(code) {
			record.status = code;
			return res;
		},
		sendStatus(code) {
			record.status = code;
			return finish(res, String(code));
		},
		setHeader(name, value) {
			record.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
			return res;
		},
		header(name, value) {
			return res.setHeader(name, value);
		},
		set(name, value) {
			if (typeof name === 'object') {
				for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
			} else if (value !== undefined) {
				res.setHeader(name, value);
			}
			return res;
		},
		getHeader(name) {
			return record.headers[name.toLowerCase()];
		},
		type(contentType) {
			return res.setHeader('content-type', mimeFor(contentType));
		},
		contentType(contentType) {
			return res.type(contentType);
		},
		writeHead(code, headers) {
			record.status = code;
			for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
			return res;
		},
		write(chunk) {
			const prev = record.body === undefined ? '' : String(record.body);
			record.body = prev + (Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
			return true;
		},
		send(body) {
			if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body) && !res.getHeader('content-type')) {
				res.setHeader('content-type', 'application/json; charset=utf-8');
			} else if (typeof body === 'string' && !res.getHeader('content-type')) {
				res.setHeader('content-type', 'text/html; charset=utf-8');
			}
			return finish(res, Buffer.isBuffer(body) ? body.toString('utf8') : body);
		},
		json(body) {
			if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
			return finish(res, body);
		},
		end(body) {
			return finish(res, body === undefined && record.body !== undefined ? undefined : body);
		},
		on() {
			return res;
		},
		once() {
			return res;
		},
		flushHeaders() {
			res.headersSent = true;
		},
	};
	return res;
}

function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
	return out;
}

function buildFakeRequest(spec: WebhookRequestSpec): Record<string, unknown> {
	const headers = lowerCaseHeaders(spec.headers);
	const contentType = (headers['content-type'] ?? '').toLowerCase();
	let body = spec.body;
	let rawBody = spec.rawBody;
	if (body === undefined && rawBody !== undefined) {
		const text = rawBody.toString('utf8');
		if (contentType.includes('json')) {
			body = text === '' ? {} : (JSON.parse(text) as unknown);
		} else if (contentType.includes('application/x-www-form-urlencoded')) {
			body = Object.fromEntries(new URLSearchParams(text));
		} else {
			body = {};
		}
	}
	if (rawBody === undefined && body !== undefined) {
		rawBody = Buffer.from(
			contentType.includes('application/x-www-form-urlencoded') && typeof body === 'object' && body !== null
				? new URLSearchParams(body as Record<string, string>).toString()
				: typeof body === 'string'
					? body
					: JSON.stringify(body),
			'utf8',
		);
	}
	const query = spec.query ?? {};
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
	const path = spec.path ?? '/';
	const url = search.toString() ? `${path}?${search.toString()}` : path;
	const readRawBody = async () => undefined;
	return {
		method: spec.method.toUpperCase(),
		url,
		originalUrl: url,
		path,
		headers,
		query,
		params: spec.params ?? {},
		body: body ?? {},
		rawBody: rawBody ?? Buffer.alloc(0),
		readRawBody,
		contentType: contentType.split(';')[0]?.trim() ?? '',
		encoding: 'utf-8',
		ip: '127.0.0.1',
		socket: { remoteAddress: '127.0.0.1' },
		get(name: string) {
			return headers[name.toLowerCase()];
		},
		header(name: string) {
			return headers[name.toLowerCase()];
		},
	};
}

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
	installLogging();
	const logStart = capturedLogs.length;
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
	return { response, res: res.record, staticData, staticDataChanged: changed, logs: capturedLogs.slice(logStart) };
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
	installLogging();
	const logStart = capturedLogs.length;
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
		logs: capturedLogs.slice(logStart),
	};
}
