/** runNode: a full WorkflowExecute run of one node, as n8n runs it. */
import './env';
import './regexEngine';

import { randomUUID } from 'node:crypto';
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData } from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteData,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { HarnessCredentialsHelper } from './credentials';
import { logsSince, startLogCapture } from './logging';
import { HarnessNodeTypes } from './nodeTypes';
import { installProcessedData } from './processedData';
import { buildAdditionalData, buildNode, buildWorkflow, persistStaticData } from './workflow';

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
		/** default: a new UUID per run; pass the same id to run "the same node" again */
		id?: string;
		retryOnFail?: boolean;
		maxTries?: number;
		waitBetweenTries?: number;
	};
	/** the workflow's id (the processed-data store and static data are per workflow) */
	workflowId?: string;
	/**
	 * the workflow static data as n8n loaded it; after the run it is replaced by what n8n would
	 * save (nothing in manual mode)
	 */
	staticData?: IDataObject;
	/** default: a new id per run */
	executionId?: string;
	/** copy the input items first, as n8n's stored run data would; default true (off for load tests) */
	cloneItems?: boolean;
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
	executionId: string;
	/** how often the engine called the node's execute() (more than 1 with Retry On Fail) */
	tries: number;
	/** the node's input items of this run (what a retry of the failed execution runs with) */
	input: INodeExecutionData[];
}

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const logStart = startLogCapture();
	const nodeTypes = new HarnessNodeTypes(opts.nodeTypes, true);
	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes, opts.credentials ?? {});
	const node = buildNode(opts.node, nodeTypes, opts.credentials ?? {});
	const workflow = buildWorkflow([node], nodeTypes, opts.staticData, opts.workflowId);
	const mode = opts.mode ?? 'manual';
	const executionId = opts.executionId ?? `harness-${randomUUID()}`;
	await installProcessedData();

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

	const inputItems: INodeExecutionData[] =
		opts.cloneItems === false ? (opts.items ?? [{ json: {} }]) : structuredClone(opts.items ?? [{ json: {} }]);
	const executeData: IExecuteData = { node, data: { main: [inputItems] }, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});

	const engine = new WorkflowExecute(additionalData, mode, runExecutionData);
	// Resolves with the same IRun; failures do not reject, they land in resultData.error.
	await engine.processRunExecutionData(workflow);
	const run = await afterPromise;
	if (opts.staticData !== undefined) persistStaticData(workflow, opts.staticData, mode !== 'manual');

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
		logs: logsSince(logStart),
		run,
		credentialsAfter,
		executionId,
		tries: nodeTypes.executeCalls,
		input: inputItems,
	};
}
