import type { IDataObject } from 'n8n-workflow';

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first string of a header or query value (which may arrive as a list). */
export function firstString(value: unknown): string | undefined {
	if (Array.isArray(value)) return firstString(value[0]);
	return typeof value === 'string' ? value : undefined;
}

export const INVALID_JSON = Symbol('invalid JSON');

/** JSON.parse that answers INVALID_JSON instead of throwing */
export function tryParseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return INVALID_JSON;
	}
}
