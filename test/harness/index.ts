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
import './regexEngine';

export { HarnessCredentialsHelper } from './credentials';
export type { FakeResponseRecord, WebhookRequestSpec } from './fakeHttp';
export { loadOptions, type LoadOptionsOptions } from './loadOptions';
export { allLogs, clearLogs } from './logging';
export { runPoll, type RunPollOptions, type RunPollResult } from './poll';
export { runNode, type RunNodeOptions, type RunNodeResult } from './runNode';
export {
	runWebhook,
	runWebhookMethod,
	type RunWebhookMethodOptions,
	type RunWebhookMethodResult,
	type RunWebhookOptions,
	type RunWebhookResult,
} from './webhook';
export { HARNESS_WEBHOOK_BASE_URL, HARNESS_WEBHOOK_TEST_BASE_URL, nodeStaticDataKey } from './workflow';
