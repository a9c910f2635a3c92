/**
 * Reading request fields the way the Tanyi API does: Jackson-like coercion, and a 412 in the
 * envelope naming the field when a rule is broken.
 */
import { HH_MM, isObj, isValidDate, present, toInteger } from '../shared/validators';

export class VendorError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly httpStatus = 200,
	) {
		super(message);
	}
}

export const badParam = (message: string) => new VendorError(412, message);
export const notFound = (message: string) => new VendorError(404, message);

/** Jackson-like integer coercion: integers and integer strings are accepted */
export function intField(
	value: unknown,
	field: string,
	opts: { required?: boolean; min?: number; max?: number } = {},
): number | undefined {
	if (!present(value)) {
		if (opts.required) throw badParam(`${field} is required`);
		return undefined;
	}
	const n = toInteger(value);
	if (n === undefined || !Number.isSafeInteger(n)) throw badParam(`${field} must be an integer`);
	if (opts.min !== undefined && n < opts.min) throw badParam(`${field} must be at least ${opts.min}`);
	if (opts.max !== undefined && n > opts.max) throw badParam(`${field} must be at most ${opts.max}`);
	return n;
}

export function reqInt(value: unknown, field: string, opts: { min?: number; max?: number } = {}): number {
	return intField(value, field, { ...opts, required: true }) as number;
}

export function strField(value: unknown, field: string, required = false): string | undefined {
	if (!present(value)) {
		if (required) throw badParam(`${field} is required`);
		return undefined;
	}
	if (typeof value !== 'string') throw badParam(`${field} must be a string`);
	return value;
}

export function enumField<T extends string>(value: unknown, field: string, allowed: readonly T[], required = false): T | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	if (!allowed.includes(s as T)) throw badParam(`${field} must be one of ${allowed.join(', ')} (got ${s})`);
	return s as T;
}

export function enumList<T extends string>(value: unknown, field: string, allowed: readonly T[]): T[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw badParam(`${field} must be a list`);
	return value.map((v, i) => enumField(v, `${field}[${i}]`, allowed, true) as T);
}

export function boolField(value: unknown, field: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw badParam(`${field} must be a boolean`);
}

export function timeField(value: unknown, field: string, required: boolean): string | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	if (!HH_MM.test(s)) throw badParam(`${field} must be HH:mm (got ${s})`);
	return s;
}

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm[:ss]` (the seed shows both) */
export function dateTimeField(value: unknown, field: string, required: boolean): string | undefined {
	const s = strField(value, field, required);
	if (s === undefined) return undefined;
	const m = /^(\d{4})-(\d{2})-(\d{2})(?: ([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?)?$/.exec(s);
	if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
		throw badParam(`${field} must be yyyy-MM-dd or yyyy-MM-dd HH:mm:ss (got ${s})`);
	}
	return s;
}

export function dateField(value: unknown, field: string): string | undefined {
	const s = strField(value, field);
	if (s === undefined) return undefined;
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
		throw badParam(`${field} must be a date yyyy-MM-dd (got ${s})`);
	}
	return s;
}

/** Map<String,String>: scalar values are coerced to strings, nested values refused */
export function propertiesField(value: unknown, field: string): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (!isObj(value)) throw badParam(`${field} must be an object of string values`);
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(value)) {
		if (v === null || v === undefined) continue;
		if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
		else throw badParam(`${field}.${k} must be a string`);
	}
	return out;
}

export function paging(pageNumRaw: unknown, pageSizeRaw: unknown, maxPageSize?: number): { pageNum: number; pageSize: number } {
	const pageNum = intField(pageNumRaw, 'pageNum', { min: 1 }) ?? 1;
	const pageSize = intField(pageSizeRaw, 'pageSize', { min: 1, max: maxPageSize }) ?? 20;
	return { pageNum, pageSize };
}

export function page<T>(items: T[], pageNum: number, pageSize: number) {
	return {
		number: pageNum,
		pageSize,
		totalElements: items.length,
		pages: Math.ceil(items.length / pageSize),
		content: items.slice((pageNum - 1) * pageSize, pageNum * pageSize),
	};
}


/** `yyyy-MM-ddTHH:mm:ss` (CST), the format seed 003 shows for callDetail */
export function isoCst(cst: string): string {
	return cst.replace(' ', 'T');
}

/** CST `yyyy-MM-dd HH:mm:ss` → epoch ms */
export function parseCst(cst: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(cst);
	if (!m) return NaN;
	return (
		Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)) -
		8 * 3600_000
	);
}
