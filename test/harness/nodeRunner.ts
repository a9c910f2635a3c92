/**
 * The one helper tests run a node under test with. Bind the node class, its credential type and
 * the credential data (usually an emulator's, read at run time) once; every call goes through
 * n8n's real engine: `run` (WorkflowExecute), `load` (LoadOptionsContext), `poll` (PollContext),
 * `hook` (WebhookContext) and `lifecycle` (HookContext).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';
import type { WebhookRequestSpec } from './fakeHttp';
import { loadOptions } from './loadOptions';
import { runPoll, type RunPollResult } from './poll';
import { runNode, type RunNodeResult } from './runNode';
import { runWebhook, runWebhookMethod, type RunWebhookMethodResult, type RunWebhookResult } from './webhook';

export interface NodeUnderTest {
	/** a fresh instance of the node class */
	node: () => INodeType;
	/** its credential type, for nodes that have one */
	credential?: () => ICredentialType;
	/** the credential data, read at every call (e.g. the running emulator's) */
	credentials?: () => object;
	/** further credentials the node declares (e.g. a callback trigger's callback credential), data read at every call */
	extraCredentials?: Array<{ type: () => ICredentialType; data: () => object }>;
	/** parameters every call starts from (a trigger's event, a callback secret) */
	defaults?: INodeParameters;
	/** the node's name in the workflow; its static data lives under `node:<name>` */
	name?: string;
}

export interface RunOptions {
	/** the node's "On Error" setting: continue with error items instead of failing the run */
	continueOnFail?: boolean;
	/** credential fields that differ from the bound ones for this run */
	credentials?: IDataObject;
	/** another emulator to run against (its credentials replace the bound ones) */
	target?: { credentials: object };
}

export interface LoadOptions {
	/** what the user typed into a searchable list */
	filter?: string;
	paginationToken?: string;
	credentials?: IDataObject;
}

export interface NodeRunner {
	run(parameters: INodeParameters, items?: INodeExecutionData[], options?: RunOptions): Promise<RunNodeResult>;
	load(methodName: string, kind: 'loadOptions', parameters?: INodeParameters, options?: LoadOptions): Promise<INodePropertyOptions[]>;
	load(methodName: string, kind: 'listSearch', parameters?: INodeParameters, options?: LoadOptions): Promise<INodeListSearchResult>;
	load(
		methodName: string,
		kind: 'loadOptions' | 'listSearch',
		parameters?: INodeParameters,
		options?: LoadOptions,
	): Promise<INodePropertyOptions[] | INodeListSearchResult>;
	/** one poll; the poll's error is in the result */
	pollOnce(parameters: INodeParameters, staticData: IDataObject, mode?: 'trigger' | 'manual'): Promise<RunPollResult>;
	/** one poll that must succeed (its error is thrown) */
	poll(parameters: INodeParameters, staticData: IDataObject, mode?: 'trigger' | 'manual'): Promise<RunPollResult>;
	hook(
		request: WebhookRequestSpec,
		parameters?: INodeParameters,
		extra?: {
			staticData?: IDataObject;
			webhookName?: string;
			mode?: 'webhook' | 'manual';
			/** credential data per credential type name for this call, replacing the bound data (`null`: none selected) */
			credentials?: Record<string, IDataObject | null>;
			/** the workflow id, when calls with different static-data objects are one workflow in one process */
			workflowId?: string;
		},
	): Promise<RunWebhookResult>;
	lifecycle(
		method: 'checkExists' | 'create' | 'delete',
		parameters?: INodeParameters,
		options?: { mode?: 'trigger' | 'manual'; credentials?: IDataObject; credentialsByType?: Record<string, IDataObject | null> },
	): Promise<RunWebhookMethodResult>;
}

/**
 * One workflow id per static-data object: webhook calls that share a static data object are one
 * workflow in one n8n process (they share what a node keeps in memory); a JSON copy is the same
 * workflow after a restart (a new process), and a call without static data stands alone.
 */
const workflowIds = new WeakMap<object, string>();
let workflowCount = 0;
function workflowIdFor(staticData: IDataObject | undefined): string {
	if (!staticData) return `harness-workflow-${++workflowCount}`;
	let id = workflowIds.get(staticData);
	if (!id) {
		id = `harness-workflow-${++workflowCount}`;
		workflowIds.set(staticData, id);
	}
	return id;
}

export function nodeRunner(spec: NodeUnderTest): NodeRunner {
	const type = () => spec.node().description.name;
	const credentialTypes = () => [...(spec.credential ? [spec.credential()] : []), ...(spec.extraCredentials ?? []).map((c) => c.type())];
	const credentials = (options: RunOptions = {}): Record<string, ICredentialDataDecryptedObject> => {
		const all: Record<string, ICredentialDataDecryptedObject> = {};
		for (const extra of spec.extraCredentials ?? []) all[extra.type().name] = { ...extra.data() } as ICredentialDataDecryptedObject;
		if (!spec.credential) return all;
		const bound = options.target?.credentials ?? spec.credentials?.() ?? {};
		all[spec.credential().name] = { ...bound, ...(options.credentials ?? {}) } as ICredentialDataDecryptedObject;
		return all;
	};
	const hookCredentials = (overrides: Record<string, IDataObject | null> = {}, options: RunOptions = {}): Record<string, ICredentialDataDecryptedObject> => {
		const all = credentials(options);
		for (const [name, data] of Object.entries(overrides)) {
			if (data === null) delete all[name];
			else all[name] = { ...data } as ICredentialDataDecryptedObject;
		}
		return all;
	};
	const parametersOf = (parameters: INodeParameters = {}): INodeParameters => ({ ...(spec.defaults ?? {}), ...parameters });
	const node = (parameters?: INodeParameters) => ({ type: type(), parameters: parametersOf(parameters), ...(spec.name ? { name: spec.name } : {}) });

	const runner: NodeRunner = {
		run: (parameters, items = [{ json: {} }], options = {}) =>
			runNode({
				nodeTypes: [spec.node()],
				credentialTypes: credentialTypes(),
				credentials: credentials(options),
				node: { ...node(parameters), onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow' },
				items,
			}),
		load: ((methodName: string, kind: 'loadOptions' | 'listSearch', parameters: INodeParameters = {}, options: LoadOptions = {}) =>
			loadOptions({
				nodeType: spec.node(),
				credentialTypes: credentialTypes(),
				credentials: credentials({ credentials: options.credentials }),
				methodName,
				kind,
				parameters: parametersOf(parameters),
				filter: options.filter,
				paginationToken: options.paginationToken,
			})) as NodeRunner['load'],
		pollOnce: (parameters, staticData, mode = 'trigger') =>
			runPoll({
				nodeType: spec.node(),
				credentialTypes: credentialTypes(),
				credentials: credentials(),
				node: node(parameters),
				staticData,
				mode,
			}),
		poll: async (parameters, staticData, mode = 'trigger') => {
			const result = await runner.pollOnce(parameters, staticData, mode);
			if (result.error) throw result.error;
			return result;
		},
		hook: (request, parameters = {}, extra = {}) =>
			runWebhook({
				nodeType: spec.node(),
				credentialTypes: credentialTypes(),
				credentials: hookCredentials(extra.credentials),
				node: node(parameters),
				request,
				webhookName: extra.webhookName,
				staticData: extra.staticData,
				mode: extra.mode,
				workflowId: extra.workflowId ?? workflowIdFor(extra.staticData),
			}),
		lifecycle: (method, parameters = {}, options = {}) =>
			runWebhookMethod({
				nodeType: spec.node(),
				credentialTypes: credentialTypes(),
				credentials: hookCredentials(options.credentialsByType, { credentials: options.credentials }),
				node: node(parameters),
				method,
				mode: options.mode ?? 'trigger',
			}),
	};
	return runner;
}

/** The output items' JSON of a run that must have succeeded (its error is thrown). */
export function jsonOf(result: RunNodeResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.items.map((i) => i.json);
}

/** The items a webhook call started a run with, `undefined` when it started none. */
export function emitted(result: RunWebhookResult): IDataObject[] | undefined {
	return result.response.workflowData?.[0]?.map((item) => item.json);
}
