/** runPoll: one poll() through n8n-core's PollContext, with the workflow's static data. */
import './env';
import './regexEngine';

import { randomUUID } from 'node:crypto';
import { PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { logsSince, startLogCapture } from './logging';
import type { AnyNodeType } from './nodeTypes';
import { buildAdditionalData, persistStaticData, singleNodeWorkflow } from './workflow';

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

export async function runPoll(opts: RunPollOptions): Promise<RunPollResult> {
	const logStart = startLogCapture();
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
		logs: logsSince(logStart),
	};
}
