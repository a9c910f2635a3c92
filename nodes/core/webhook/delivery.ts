import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseObjectBody, readBody } from './body';
import { readCallbackAuth, type CallbackAuth } from './credentials';
import { DEFAULT_DEDUP_WINDOW_HOURS, clampWindowHours, rememberDelivery } from './dedup';
import { acknowledge, rejectBadRequest, rejectUnauthorized } from './respond';
import { secretCheckOf, secretProblem } from './secret';

export interface CallbackEvent {
	/** the event type the Events filter is matched against */
	type: string;
	/**
	 * one result across every delivery of it (and, for calls, the same as the polling trigger's
	 * key): what the memory remembers, and the emitted item's `dedupKey`
	 */
	dedupKey: string;
	/** when it happened by the vendor's account (ms since epoch), for the age check; `undefined` = undated */
	time?: number;
	/** what `time` is, for the log (e.g. `the call's endTime`) */
	clock?: string;
	/** the output item (`dedupKey` is added) */
	item: IDataObject;
}

/** a time the vendor signed (Tanyi's encrypted `timestamp`): it dates the delivery instead of the event's own time */
export interface SignedTime {
	at: number;
	clock: string;
}

export interface DeliverySettings {
	/** event types to emit; `undefined` = all */
	events: string[] | undefined;
	deduplicate: boolean;
	windowHours: number;
	/** 0 = no age check */
	maxAgeHours: number;
}

/** Reads the `options` collection built by `deliveryOptionsProperty`. */
export function readDeliverySettings(ctx: IWebhookFunctions, events: string[] | undefined, defaultMaxAgeHours: number): DeliverySettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const maxAge = Number(options.maxAgeHours ?? defaultMaxAgeHours);
	return {
		events,
		deduplicate: options.deduplicate !== false,
		windowHours: clampWindowHours(options.dedupWindowHours ?? DEFAULT_DEDUP_WINDOW_HOURS),
		maxAgeHours: Number.isFinite(maxAge) && maxAge > 0 ? maxAge : 0,
	};
}

export interface SecretCallback {
	/** the node's callback credential type */
	credentialType: string;
	/** the credential, when the node has read it already */
	auth?: CallbackAuth;
	/** the event in a readable body; `undefined` when the body is not one */
	event(body: IDataObject): CallbackEvent | undefined;
	/** the 400 answer's reason for a body that is not an event */
	unreadable: string;
	/** event types to emit; `undefined` = all */
	events: string[] | undefined;
	/** the Max Callback Age default of this vendor */
	defaultMaxAgeHours: number;
}

/**
 * One callback authenticated by the shared secret of the node's callback credential: HTTP 401
 * without the right secret, 400 when the body is not an event, 401 when it is older than the
 * Max Callback Age, otherwise filtered, de-duplicated, acknowledged and emitted.
 */
export async function receiveSecretCallback(ctx: IWebhookFunctions, o: SecretCallback): Promise<IWebhookResponseData> {
	const auth = o.auth ?? (await readCallbackAuth(ctx, o.credentialType));
	if (!auth) return rejectUnauthorized(ctx, 'no callback credential is set on the trigger node');
	if (auth.mode === 'encrypted') return rejectUnauthorized(ctx, 'the credential is in encrypted mode, which this trigger does not offer');
	const problem = secretProblem(ctx, secretCheckOf(auth));
	if (problem) return rejectUnauthorized(ctx, problem);
	const body = parseObjectBody(await readBody(ctx));
	const event = body ? o.event(body) : undefined;
	if (!event) return rejectBadRequest(ctx, o.unreadable);
	return finishCallback(ctx, event, readDeliverySettings(ctx, o.events, o.defaultMaxAgeHours));
}

/** `undefined` when the delivery is recent enough, otherwise why not. */
export function staleness(settings: DeliverySettings, dated: SignedTime | undefined, now = Date.now()): string | undefined {
	if (settings.maxAgeHours <= 0 || dated === undefined || !Number.isFinite(dated.at)) return undefined;
	const ageMs = now - dated.at;
	if (ageMs <= settings.maxAgeHours * 3_600_000) return undefined;
	const hours = Math.round((ageMs / 3_600_000) * 10) / 10;
	return `the callback is ${hours} hours old (${dated.clock} ${new Date(dated.at).toISOString()}), more than the Max Callback Age of ${settings.maxAgeHours} hours`;
}

/**
 * Refuses a stale delivery with 401; answers `success` in every other case; starts a run only
 * for a wanted, first-seen event.
 */
export function finishCallback(
	ctx: IWebhookFunctions,
	event: CallbackEvent,
	settings: DeliverySettings,
	signed?: SignedTime,
): IWebhookResponseData {
	const dated = signed ?? (event.time !== undefined ? { at: event.time, clock: event.clock ?? 'its time' } : undefined);
	const stale = staleness(settings, dated);
	if (stale) return rejectUnauthorized(ctx, stale);
	if (settings.events !== undefined && !settings.events.includes(event.type)) {
		ctx.logger.debug(`Callback acknowledged without a run: event ${event.type} is filtered out`);
		return acknowledge(ctx);
	}
	if (settings.deduplicate) {
		const staticData = ctx.getWorkflowStaticData('node');
		// by node name, as n8n keys the node's static data (`node:<name>`)
		const scope = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().name}`;
		const seen = rememberDelivery(staticData, event.dedupKey, settings.windowHours, scope);
		if (seen.truncated) {
			ctx.logger.warn(`Callback de-duplication memory is full (${seen.remembered} deliveries): it now covers less than ${settings.windowHours} hours`, {
				node: ctx.getNode().name,
			});
		}
		if (seen.duplicate) {
			ctx.logger.debug(`Callback acknowledged without a run: ${event.dedupKey} was delivered before`);
			return acknowledge(ctx);
		}
	}
	return acknowledge(ctx, [{ ...event.item, dedupKey: event.dedupKey }]);
}
