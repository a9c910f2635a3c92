/**
 * Vendor-agnostic pieces of the callback (webhook) triggers, one concern per file:
 * - respond.ts: the HTTP answers (`success`, 400, 401) written through the response object;
 * - credentials.ts: the callback credentials' fields, reading them, their shape test;
 * - secret.ts: the shared secret, checked in constant time;
 * - body.ts: the body whatever n8n's body parser made of it (JSON, text/plain holding JSON, form, XML);
 * - dedup.ts: a de-duplication memory over a time window in the workflow's static data
 *   (fingerprints in 10-minute buckets; survives restarts, shared through the database);
 * - delivery.ts: age check, filter, de-duplicate, acknowledge, emit (with `dedupKey`);
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
export {
	callbackAuthOf,
	callbackCredentialProperties,
	callbackCredentialTest,
	checkCallbackCredential,
	readCallbackAuth,
	type CallbackAuth,
	type CallbackAuthMode,
} from './credentials';
export {
	DEFAULT_DEDUP_WINDOW_HOURS,
	MAX_FINGERPRINTS,
	clampWindowHours,
	digest,
	fingerprint,
	rememberDelivery,
	seenBefore,
	type DedupState,
	type SeenResult,
} from './dedup';
export {
	finishCallback,
	readDeliverySettings,
	receiveSecretCallback,
	staleness,
	type CallbackEvent,
	type DeliverySettings,
	type SecretCallback,
	type SignedTime,
} from './delivery';
export { decodeBase64Param, decryptSignedCallback, isDecrypted, signedTimestamp, wecomQuery, type DecryptedCallback, type WecomKeys } from './encrypted';
export { consoleConfiguredWebhook } from './lifecycle';
export { OTHER_EVENT, deliveryOptionsProperty, eventsProperty, eventsSubtitle, simplifyProperty, type FreshnessOption } from './properties';
export { ACK_BODY, acknowledge, rejectBadRequest, rejectUnauthorized, respond } from './respond';
export { callbackUrlWithSecret, presentedSecret, secretCheckOf, secretProblem, secretsEqual, type SecretCheck, type SecretLocation } from './secret';
