/**
 * Validation the Laravel way [inferred]: HTTP 422 `{message, errors}`, attribute names without
 * underscores, 404 and 405 answers as Laravel words them.
 */
import type { SimResponse } from '../shared/http';

/** Laravel's attribute name in messages: `_originate_timeout` → `originate timeout` */
export function attr(field: string): string {
	return field.replace(/_/g, ' ').trim();
}

export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export type Errors = Record<string, string[]>;

/** [inferred] Laravel validation failure: HTTP 422 `{message, errors}` */
export function validationFailed(errors: Errors): SimResponse {
	const messages = Object.values(errors).flat();
	const more = messages.length - 1;
	const message =
		more > 0
			? `${messages[0]} (and ${more} more error${more > 1 ? 's' : ''})`
			: (messages[0] ?? 'The given data was invalid.');
	return { status: 422, body: { message, errors } };
}


export function taskNotFound(id: string): SimResponse {
	return { status: 404, body: { message: `Task not found: ${decodeURIComponent(id)}` } };
}

export function notFound(path: string): SimResponse {
	return { status: 404, body: { message: `The route ${path.replace(/^\//, '')} could not be found.` } };
}

export function methodNotAllowed(method: string, allowed: string): SimResponse {
	return {
		status: 405,
		body: { message: `The ${method} method is not supported for this route. Supported methods: ${allowed}.` },
		headers: { allow: allowed },
	};
}
