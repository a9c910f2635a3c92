'use strict';
/**
 * Running workflows inside a running n8n and reading their executions back from where n8n stores
 * them (GET /rest/executions/:id on the main process), never from a CLI's stdout.
 *
 * How a workflow is started, and why:
 * - `runManually`: POST /rest/workflows/:id/run with the workflow's manual trigger, exactly what
 *   the editor's "Execute workflow" button sends. It answers with the execution id at once; the
 *   execution is then polled by id until it stopped. No extra n8n process per run (`n8n execute`
 *   cost one CLI start of 5-15 s each, and its stdout loses its tail on Node 24 when the reader is
 *   slow). Manual mode does NOT save workflow static data, as in the editor.
 * - `runByWebhook`: a production execution (mode `webhook`) of an active workflow whose trigger is
 *   a Webhook node (`withWebhookTrigger` derives such a copy from a manual-trigger workflow). n8n
 *   saves workflow static data after production executions, so this is the path for anything
 *   that relies on it across runs (cursors, exactly-once bookkeeping). The webhook answers before
 *   the run ends and carries no execution id, so the execution is found as the first one of that
 *   workflow newer than the newest before the call.
 * Activated polling and callback triggers run in production mode by themselves; their
 * executions are read with `waitForExecutions`.
 */
const path = require('path');
const { runtimePaths } = require('./env');
const { waitUntil } = require('./util');

const STOPPED = new Set(['success', 'error', 'canceled', 'crashed']);

class ExecutionError extends Error {
	constructor(message, execution) {
		super(message);
		this.name = 'ExecutionError';
		this.execution = execution;
		const error = execution && execution.data && execution.data.resultData && execution.data.resultData.error;
		this.errorMessage = error ? error.message : undefined;
	}
}

/** The `json` of every item a node emitted on one output in one run. */
function nodeOutput(runData, nodeName, outputIndex = 0, run = 0) {
	const runs = runData && runData[nodeName];
	if (!runs || !runs[run]) {
		throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData || {}).join(', ')})`);
	}
	const main = (runs[run].data && runs[run].data.main) || [];
	return (main[outputIndex] || []).map((item) => item.json);
}

/** n8n stores run data in `flatted` form; decoded with n8n's own copy so the format matches. */
function flattedParse(text) {
	const { runtimeDir } = runtimePaths();
	const flatted = require(require.resolve('flatted', { paths: [path.join(runtimeDir, 'node_modules', 'n8n')] }));
	return flatted.parse(text);
}

function isStopped(item) {
	return Boolean(item.stoppedAt) || STOPPED.has(item.status);
}

/**
 * Executions (newest first) from GET /rest/executions, optionally of one workflow / status.
 * Items: {id, workflowId, mode ('manual'|'webhook'|'trigger'|…), status, startedAt, stoppedAt}.
 */
async function listExecutions(rest, filter = {}) {
	const f = {};
	if (filter.workflowId) f.workflowId = filter.workflowId;
	if (filter.status) f.status = [].concat(filter.status);
	const q = `?filter=${encodeURIComponent(JSON.stringify(f))}&limit=${filter.limit || 100}`;
	const data = await rest.rest('GET', `/executions${q}`);
	return data.results || [];
}

/**
 * Every execution of `filter` (newest first by id), beyond the 100-per-page limit. Pages are
 * walked by start time (`startedBefore` = the oldest start on the previous page, inclusive;
 * repeats are dropped by id), not with n8n's `nextCursor`: in 2.41.1 that cursor continues at
 * `id < last id` while the list is sorted by start time, so when workers start executions out of
 * id order a page repeats some and skips others (seen: 1 of 200 executions missing).
 */
async function listAllExecutions(rest, filter = {}, { maxPages = 200 } = {}) {
	const base = {};
	if (filter.workflowId) base.workflowId = filter.workflowId;
	if (filter.status) base.status = [].concat(filter.status);
	const byId = new Map();
	let startedBefore;
	for (let page = 0; page < maxPages; page++) {
		const f = startedBefore ? { ...base, startedBefore } : base;
		const data = await rest.rest('GET', `/executions?filter=${encodeURIComponent(JSON.stringify(f))}&limit=100`);
		const results = data.results || [];
		let added = 0;
		for (const e of results) {
			if (byId.has(String(e.id))) continue;
			byId.set(String(e.id), e);
			added++;
		}
		const started = results.map((e) => e.startedAt).filter(Boolean).map((t) => new Date(t).getTime());
		if (results.length < 100 || started.length === 0) break;
		if (added === 0) throw new Error(`more than 100 executions started in the same millisecond (${JSON.stringify(f)})`);
		startedBefore = new Date(Math.min(...started)).toISOString();
	}
	return [...byId.values()].sort((a, b) => Number(b.id) - Number(a.id));
}

/**
 * One stored execution with `data` decoded and `output(nodeName, outputIndex, run)`.
 * @returns {Promise<{id: string, mode: string, status: string, data: object, output: Function}>}
 */
async function getExecution(rest, id) {
	const exec = await rest.rest('GET', `/executions/${encodeURIComponent(id)}`);
	return decodeExecution(exec);
}

function decodeExecution(exec) {
	if (typeof exec.data === 'string') exec.data = flattedParse(exec.data);
	const runData = (exec.data && exec.data.resultData && exec.data.resultData.runData) || {};
	exec.runData = runData;
	exec.output = (nodeName, outputIndex = 0, run = 0) => nodeOutput(runData, nodeName, outputIndex, run);
	return exec;
}

/**
 * Waits until execution `id` stopped and returns it; throws ExecutionError (with n8n's message
 * in `.errorMessage`) when it did not succeed.
 */
async function waitForExecution(rest, id, { timeoutMs = 10 * 60000, abort } = {}) {
	// Polls the small list entry, and loads the (possibly MB-sized) execution once it stopped.
	let workflowId;
	await waitUntil(
		async () => {
			if (!workflowId) workflowId = (await rest.rest('GET', `/executions/${encodeURIComponent(id)}`)).workflowId;
			const item = (await listExecutions(rest, { workflowId, limit: 20 })).find((e) => String(e.id) === String(id));
			return item && isStopped(item);
		},
		{ timeoutMs, what: `execution ${id} to finish`, intervalMs: 300, abort },
	);
	const full = await getExecution(rest, id);
	const error = full.data && full.data.resultData && full.data.resultData.error;
	if (full.status !== 'success' || error) {
		const why = error ? `${error.message}${error.node ? ` (node "${error.node.name || error.node}")` : ''}` : full.status;
		throw new ExecutionError(`execution ${id} of workflow ${full.workflowId} ended ${full.status}: ${why}`, full);
	}
	return full;
}

/**
 * Runs a workflow the way the editor's "Execute workflow" does and returns the stored execution.
 * @param {{trigger?: string, timeoutMs?: number, abort?: () => string | undefined}} [options]
 *   trigger: the node to start from (default: the workflow's Manual Trigger)
 */
async function runManually(rest, workflowId, options = {}) {
	let trigger = options.trigger;
	if (!trigger) {
		const wf = await rest.rest('GET', `/workflows/${encodeURIComponent(workflowId)}`);
		const manual = (wf.nodes || []).find((n) => n.type === 'n8n-nodes-base.manualTrigger' && !n.disabled);
		if (!manual) throw new Error(`workflow ${workflowId} has no Manual Trigger to start from`);
		trigger = manual.name;
	}
	const started = await rest.rest('POST', `/workflows/${encodeURIComponent(workflowId)}/run`, {
		triggerToStartFrom: { name: trigger },
	});
	if (!started || !started.executionId) {
		throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(started)}`);
	}
	return await waitForExecution(rest, started.executionId, options);
}

/**
 * A copy of `workflow` whose Manual Trigger is replaced by a Webhook node of the same name (so
 * the connections stay), answering as soon as it received the call.
 * @param {object} workflow
 * @param {{path: string, webhookId?: string}} options
 */
function withWebhookTrigger(workflow, { path: webhookPath, webhookId }) {
	let replaced = 0;
	const nodes = workflow.nodes.map((node) => {
		if (node.type !== 'n8n-nodes-base.manualTrigger') return node;
		replaced++;
		return {
			...node,
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: webhookId || require('crypto').randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
		};
	});
	if (replaced !== 1) throw new Error(`workflow "${workflow.name}" needs exactly one Manual Trigger (has ${replaced})`);
	return { ...workflow, nodes };
}

/**
 * A production execution: POSTs `body` to the active workflow's webhook `webhookPath` (on
 * `options.via`, a RestClient of where production webhooks are served, default `rest`) and
 * returns the execution it started, once stopped (static data saved).
 */
async function runByWebhook(rest, workflowId, webhookPath, body = {}, options = {}) {
	const newest = async () => {
		const [first] = await listExecutions(rest, { workflowId, limit: 1 });
		return first ? Number(first.id) : 0;
	};
	const before = await newest();
	const res = await (options.via || rest).callWebhook(webhookPath, body);
	if (res.status < 200 || res.status >= 300) {
		throw new Error(`webhook ${webhookPath} of workflow ${workflowId} answered HTTP ${res.status}: ${JSON.stringify(res.body)}`);
	}
	const item = await waitUntil(
		async () => {
			const list = await listExecutions(rest, { workflowId, limit: 10 });
			return list.filter((e) => Number(e.id) > before).pop();
		},
		{ timeoutMs: options.timeoutMs || 60000, what: `the execution started by webhook ${webhookPath}`, abort: options.abort },
	);
	return await waitForExecution(rest, item.id, options);
}

/**
 * Waits until at least `count` stopped executions of `workflowId` exist (matching `predicate`
 * if given) and returns them fully loaded, newest first.
 */
async function waitForExecutions(rest, workflowId, { count = 1, timeoutMs = 60000, predicate, abort } = {}) {
	const matched = await waitUntil(
		async () => {
			const list = (await listExecutions(rest, { workflowId })).filter((e) => isStopped(e) && (!predicate || predicate(e)));
			return list.length >= count ? list : undefined;
		},
		{ timeoutMs, what: `${count} execution(s) of workflow ${workflowId}`, intervalMs: 500, abort },
	);
	return await Promise.all(matched.map((e) => getExecution(rest, e.id)));
}

module.exports = {
	ExecutionError,
	nodeOutput,
	listExecutions,
	listAllExecutions,
	getExecution,
	waitForExecution,
	runManually,
	withWebhookTrigger,
	runByWebhook,
	waitForExecutions,
};
