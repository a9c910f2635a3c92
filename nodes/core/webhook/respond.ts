import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/** The body every vendor wants back (VENDORS.md §1, §2; assumed for §3). */
export const ACK_BODY = 'success';

/** Writes the HTTP answer and tells n8n it has been sent. */
export function respond(
	ctx: IWebhookFunctions,
	status: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status);
	res.setHeader('Content-Type', contentType);
	res.send(body);
	return { noWebhookResponse: true };
}

/** HTTP 200 `success`; starts a run with `items` when there are any. */
export function acknowledge(ctx: IWebhookFunctions, items: IDataObject[] = []): IWebhookResponseData {
	const answer = respond(ctx, 200, ACK_BODY);
	if (items.length === 0) return answer;
	return { ...answer, workflowData: [ctx.helpers.returnJsonArray(items)] };
}

/** HTTP 401 and no run. */
export function rejectUnauthorized(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Callback refused (HTTP 401): ${reason}`, { node: ctx.getNode().name });
	return respond(ctx, 401, 'unauthorized');
}

/** HTTP 400 and no run (an authenticated request we cannot read; the vendor will retry). */
export function rejectBadRequest(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Callback refused (HTTP 400): ${reason}`, { node: ctx.getNode().name });
	return respond(ctx, 400, `bad request: ${reason}`);
}
