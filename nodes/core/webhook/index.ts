/**
 * Vendor-agnostic pieces of the callback (webhook) triggers, one concern per file:
 * - respond.ts: the HTTP answers (`success`, 400, 401) written through the response object;
 * - secret.ts: the shared secret, checked in constant time;
 * - body.ts: the body whatever n8n's body parser made of it (JSON, text/plain holding JSON, form, XML);
 * - dedup.ts: a bounded de-duplication memory in the workflow's static data (survives restarts,
 *   works with queue-mode workers);
 * - delivery.ts: filter, de-duplicate, acknowledge, emit;
 * - properties.ts: the parameters the callback triggers share;
 * - lifecycle.ts: webhook registration for console-configured callback URLs;
 * - encrypted.ts, wecomCrypto.ts: WeCom-style signed and encrypted callbacks (Tanyi).
 *
 * Answering: the node writes the HTTP answer itself through the response object and returns
 * `noWebhookResponse: true` (n8n then sends nothing more), with `workflowData` only when a
 * workflow run should start. Filtered events, duplicates and rejected requests return no
 * `workflowData`, so no execution is created for them.
 */
export { extractEncrypt, nestBracketKeys, parseForm, parseObjectBody, readBody, type ReceivedBody } from './body';
export { DEFAULT_DEDUP_MEMORY, clampMemory, compactKey, digest, seenBefore, type DedupState } from './dedup';
export {
	finishCallback,
	readDeliverySettings,
	receiveSecretCallback,
	type CallbackEvent,
	type DeliverySettings,
	type SecretCallback,
} from './delivery';
export { decryptSignedCallback, wecomQuery, type WecomKeys } from './encrypted';
export { consoleConfiguredWebhook } from './lifecycle';
export { OTHER_EVENT, deliveryOptionsProperty, eventsProperty, secretProperties, simplifyProperty } from './properties';
export { ACK_BODY, acknowledge, rejectBadRequest, rejectUnauthorized, respond } from './respond';
export { callbackUrlWithSecret, presentedSecret, readSecretCheck, secretProblem, secretsEqual, type SecretCheck, type SecretLocation } from './secret';
