/**
 * Reading request fields the way the Byrobot API does: Jackson-like coercion, and a 412 in the
 * envelope whose message names the field.
 */
import { toInteger } from '../shared/validators';
import type { Body } from './state';

export class ApiError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

export const bad = (field: string, reason: string) => new ApiError(412, `${field}: ${reason}`);

interface IntOpts {
	required?: boolean;
	min?: number;
	max?: number;
	allowed?: number[];
}

/** integers as Jackson reads them: a JSON number or a numeric string */
export function readInt(src: Body, field: string, opts: IntOpts = {}): number | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null || raw === '') {
		if (opts.required) throw bad(field, 'is required');
		return undefined;
	}
	const n = toInteger(raw);
	if (n === undefined) throw bad(field, `must be an integer, got ${JSON.stringify(raw)}`);
	if (opts.allowed && !opts.allowed.includes(n)) throw bad(field, `must be one of ${opts.allowed.join('/')}, got ${n}`);
	if (opts.min !== undefined && n < opts.min) throw bad(field, `must be >= ${opts.min}, got ${n}`);
	if (opts.max !== undefined && n > opts.max) throw bad(field, `must be <= ${opts.max}, got ${n}`);
	return n;
}

export function readString(src: Body, field: string, required = false): string | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null) {
		if (required) throw bad(field, 'is required');
		return undefined;
	}
	if (typeof raw !== 'string' && typeof raw !== 'number') throw bad(field, `must be a string, got ${JSON.stringify(raw)}`);
	const s = String(raw);
	if (required && s.trim() === '') throw bad(field, 'must not be empty');
	return s;
}

export function readBool(src: Body, field: string): boolean | undefined {
	const raw = src[field];
	if (raw === undefined || raw === null) return undefined;
	if (typeof raw === 'boolean') return raw;
	if (raw === 'true' || raw === 'false') return raw === 'true';
	throw bad(field, `must be a boolean, got ${JSON.stringify(raw)}`);
}

/** HH:mm (HH:mm:ss tolerated) → minutes since midnight */
export function readClock(src: Body, field: string): number | undefined {
	const s = readString(src, field);
	if (s === undefined || s === '') return undefined;
	const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(s.trim());
	if (!m) throw bad(field, `must be HH:mm, got ${JSON.stringify(s)}`);
	return Number(m[1]) * 60 + Number(m[2]);
}

export function readDate(src: Body, field: string, required: boolean): string | undefined {
	const s = readString(src, field, required);
	if (s === undefined || s === '') {
		if (required) throw bad(field, 'is required');
		return undefined;
	}
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
	if (!m) throw bad(field, `must be yyyy-MM-dd, got ${JSON.stringify(s)}`);
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	if (d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) throw bad(field, `is not a valid date: ${s}`);
	return s.trim();
}

export const clockText = (minutes: number) =>
	`${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
export const clockMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
