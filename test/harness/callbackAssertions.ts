/** What every callback trigger's answer must look like: acknowledged with `success`, or refused without a run. */
import type { RunWebhookResult } from './webhook';

/** HTTP 200 `success` written by the node itself (text/plain), n8n adds nothing */
export function expectAck(result: RunWebhookResult): void {
	expect(result.res.status).toBe(200);
	expect(result.res.body).toBe('success');
	expect(result.res.sentBy).toBe('node');
	expect(result.res.headers['content-type']).toMatch(/^text\/plain/);
	expect(result.response.noWebhookResponse).toBe(true);
}

/** refused with `status`, nothing acknowledged and no workflow run */
export function expectRejected(result: RunWebhookResult, status = 401): void {
	expect(result.res.status).toBe(status);
	expect(result.res.body).not.toBe('success');
	expect(result.response.noWebhookResponse).toBe(true);
	expect(result.response.workflowData).toBeUndefined();
}
