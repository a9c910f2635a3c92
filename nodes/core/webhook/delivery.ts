import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseObjectBody, readBody } from './body';
import { DEFAULT_DEDUP_MEMORY, clampMemory, seenBefore } from './dedup';
import { acknowledge, rejectBadRequest, rejectUnauthorized } from './respond';
import { readSecretCheck, secretProblem } from './secret';

export interface CallbackEvent {
	/** the event type the Events filter is matched against */
	type: string;
	/** identifies one delivery across retries; `undefined` = never treated as a duplicate */
	dedupKey: string | undefined;
	/** the output item */
	item: IDataObject;
}

export interface DeliverySettings {
	/** event types to emit; `undefined` = all */
	events: string[] | undefined;
	deduplicate: boolean;
	memory: number;
}

/** Reads the `options` collection built by `deliveryOptionsProperty`. */
export function readDeliverySettings(ctx: IWebhookFunctions, events: string[] | undefined): DeliverySettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		events,
		deduplicate: options.deduplicate !== false,
		memory: clampMemory(options.dedupMemory ?? DEFAULT_DEDUP_MEMORY),
	};
}

export interface SecretCallback {
	/** the event in a readable body; `undefined` when the body is not one */
	event(body: IDataObject): CallbackEvent | undefined;
	/** the 400 answer's reason for a body that is not an event */
	unreadable: string;
	/** event types to emit; `undefined` = all */
	events: string[] | undefined;
}

/**
 * One callback authenticated by the shared secret: HTTP 401 without the right secret, 400 when
 * the body is not an event, otherwise filtered, de-duplicated, acknowledged and emitted.
 */
export async function receiveSecretCallback(ctx: IWebhookFunctions, o: SecretCallback): Promise<IWebhookResponseData> {
	const problem = secretProblem(ctx, readSecretCheck(ctx));
	if (problem) return rejectUnauthorized(ctx, problem);
	const body = parseObjectBody(await readBody(ctx));
	const event = body ? o.event(body) : undefined;
	if (!event) return rejectBadRequest(ctx, o.unreadable);
	return finishCallback(ctx, event, readDeliverySettings(ctx, o.events));
}

/** Answers `success` in every case; starts a run only for a wanted, first-seen event. */
export function finishCallback(ctx: IWebhookFunctions, event: CallbackEvent, settings: DeliverySettings): IWebhookResponseData {
	if (settings.events !== undefined && !settings.events.includes(event.type)) {
		ctx.logger.debug(`Callback acknowledged without a run: event ${event.type} is filtered out`);
		return acknowledge(ctx);
	}
	if (settings.deduplicate && event.dedupKey !== undefined) {
		const staticData = ctx.getWorkflowStaticData('node');
		const scope = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id ?? ctx.getNode().name}`;
		if (seenBefore(staticData, event.dedupKey, settings.memory, scope)) {
			ctx.logger.debug(`Callback acknowledged without a run: ${event.dedupKey} was delivered before`);
			return acknowledge(ctx);
		}
	}
	return acknowledge(ctx, [event.item]);
}
