import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** Bad input found before any request: names the field and the rule it breaks. */
export class ValidationError extends Error {
	constructor(
		readonly field: string,
		readonly rule: string,
	) {
		super(`${field} ${rule}`);
		this.name = 'ValidationError';
	}
}

/**
 * `failed`: the vendor answered and refused. `unknown`: the request may or may not have been
 * carried out (timeout, reset connection, 5xx): it was not retried where that could duplicate.
 * `not-sent`: it never left (connection refused).
 */
export type Outcome = 'failed' | 'unknown' | 'not-sent';

/** A vendor answer that is not success, or a transport failure; carries no secrets. */
export class VendorError extends Error {
	vendor = '';
	endpoint = '';
	constructor(
		message: string,
		readonly details: {
			code?: string | number;
			requestId?: string;
			httpStatus?: number;
			outcome?: Outcome;
			/** how many times it was sent: more than 1 only for requests that are safe to repeat */
			attempts?: number;
			/** the vendor's body, for the error's details panel (never request headers) */
			body?: unknown;
		} = {},
	) {
		super(message);
		this.name = 'VendorError';
	}

	get outcome(): Outcome {
		return this.details.outcome ?? 'failed';
	}
}

/** Converts whatever a run threw into the n8n error users see. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ValidationError) {
		return new NodeOperationError(node, `Invalid parameter: ${error.message}`, {
			itemIndex,
			description: 'Nothing was sent to the vendor for this item.',
		});
	}
	if (error instanceof VendorError) {
		const { code, requestId, httpStatus, outcome, attempts } = error.details;
		const parts = [
			code !== undefined ? `vendor code ${code}` : undefined,
			requestId ? `requestId ${requestId}` : undefined,
			error.endpoint ? `endpoint ${error.endpoint}` : undefined,
			httpStatus ? `HTTP ${httpStatus}` : undefined,
			outcome === 'unknown'
				? attempts !== undefined && attempts > 1
					? `outcome unknown after ${attempts} attempts: the vendor may have carried this out; repeating it is safe`
					: 'outcome unknown: the vendor may have carried this out; it was not retried to avoid a duplicate'
				: undefined,
		].filter(Boolean);
		const response: JsonObject = {
			vendor: error.vendor,
			code: code ?? null,
			message: error.message,
			requestId: requestId ?? null,
			endpoint: error.endpoint,
			httpStatus: httpStatus ?? null,
			outcome: outcome ?? 'failed',
		};
		const apiError = new NodeApiError(node, response, {
			message: `${error.vendor}: ${error.message}`,
			description: parts.join('; '),
			httpCode: httpStatus ? String(httpStatus) : undefined,
			itemIndex,
		});
		// NodeApiError swaps a message that mentions ECONNRESET etc. for a generic text
		apiError.message = `${error.vendor}: ${error.message}`;
		return apiError;
	}
	return new NodeOperationError(node, (error as Error)?.message ?? String(error), { itemIndex });
}

/** The JSON of an error output item (Continue On Fail). */
export function errorJson(error: unknown): Record<string, unknown> {
	if (error instanceof ValidationError) {
		return { error: `Invalid parameter: ${error.message}`, field: error.field, outcome: 'not-sent' };
	}
	if (error instanceof VendorError) {
		return {
			error: `${error.vendor}: ${error.message}`,
			code: error.details.code ?? null,
			requestId: error.details.requestId ?? null,
			endpoint: error.endpoint,
			httpStatus: error.details.httpStatus ?? null,
			outcome: error.outcome,
		};
	}
	return { error: (error as Error)?.message ?? String(error) };
}
