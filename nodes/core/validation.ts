import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from './errors';
import { INVALID_JSON, tryParseJson } from './util';

/** `HH:mm` → minutes since midnight */
export function parseClock(value: unknown, label: string): number {
	const text = String(value ?? '').trim();
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
	if (!match) throw new ValidationError(label, `must be a time as HH:mm (got "${text}")`);
	return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClock(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A daily calling window: both ends `HH:mm`, start before end and, when the vendor sets them,
 * inside [earliest, latest] (e.g. Tanyi's 09:00–20:00).
 */
export function checkWindow(
	start: unknown,
	end: unknown,
	labels: [string, string],
	earliest?: string,
	latest?: string,
): { start: string; end: string } {
	const s = parseClock(start, labels[0]);
	const e = parseClock(end, labels[1]);
	if (earliest !== undefined && s < parseClock(earliest, 'earliest')) {
		throw new ValidationError(labels[0], `must not be before ${earliest} (got ${formatClock(s)})`);
	}
	if (latest !== undefined && e > parseClock(latest, 'latest')) {
		throw new ValidationError(labels[1], `must not be after ${latest} (got ${formatClock(e)})`);
	}
	if (s >= e) throw new ValidationError(labels[0], `must be before ${labels[1]} (${formatClock(s)} ≥ ${formatClock(e)})`);
	return { start: formatClock(s), end: formatClock(e) };
}

/** a break inside a window: start < end, both inside [windowStart, windowEnd] */
export function checkBreak(
	start: unknown,
	end: unknown,
	window: { start: string; end: string },
	labels: [string, string],
): { start: string; end: string } {
	const s = parseClock(start, labels[0]);
	const e = parseClock(end, labels[1]);
	if (s >= e) throw new ValidationError(labels[0], `must be before ${labels[1]} (${formatClock(s)} ≥ ${formatClock(e)})`);
	if (s < parseClock(window.start, '') || e > parseClock(window.end, '')) {
		throw new ValidationError(
			labels[0],
			`window ${formatClock(s)}–${formatClock(e)} must lie inside the daily window ${window.start}–${window.end}`,
		);
	}
	return { start: formatClock(s), end: formatClock(e) };
}

/** `yyyy-MM-dd`; accepts an ISO date-time from n8n's date picker and keeps the date part */
export function checkDate(value: unknown, label: string): string {
	const text = String(value ?? '').trim();
	const match = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(text);
	if (!match || Number.isNaN(Date.parse(match[1]))) {
		throw new ValidationError(label, `must be a date as yyyy-MM-dd (got "${text}")`);
	}
	return match[1];
}

/**
 * `yyyy-MM-dd HH:mm:ss` in China Standard Time. An ISO string with an offset or `Z` (what n8n's
 * date picker and `$now` give) is converted to +08:00; a bare date-time is taken as CST already.
 */
export function checkCstDateTime(value: unknown, label: string): string {
	const text = String(value ?? '').trim();
	const bare = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.\d+)?$/.exec(text);
	if (bare) return `${bare[1]} ${bare[2]}:${bare[3] ?? '00'}`;
	if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `${text} 00:00:00`;
	const ms = Date.parse(text);
	if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) {
		throw new ValidationError(label, `must be a date-time as yyyy-MM-dd HH:mm:ss (got "${text}")`);
	}
	return formatCstDateTime(ms);
}

export function formatCstDateTime(ms: number): string {
	const d = new Date(ms + 8 * 3600_000);
	const pad = (n: number) => String(n).padStart(2, '0');
	return (
		`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
		`${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
	);
}

/** digits, optionally a leading + and inner hyphens/spaces (stripped): 5–20 digits */
export function checkPhone(value: unknown, label: string): string {
	const text = String(value ?? '').trim();
	if (!text) throw new ValidationError(label, 'is required');
	const compact = text.replace(/[\s-]/g, '');
	if (!/^\+?\d{5,20}$/.test(compact)) {
		throw new ValidationError(label, `must be a phone number of 5–20 digits (got "${text}")`);
	}
	return compact;
}

/** ids typed as `1, 2,3`, a JSON array, a number or an array: always a list of trimmed strings */
export function parseIdList(value: unknown, label: string, required = false): string[] {
	let list: unknown[];
	if (Array.isArray(value)) list = value;
	else if (value === undefined || value === null || value === '') list = [];
	else if (typeof value === 'number') list = [value];
	else {
		const text = String(value).trim();
		if (text.startsWith('[')) {
			const parsed = tryParseJson(text);
			if (!Array.isArray(parsed)) throw new ValidationError(label, 'must be a comma-separated list or a JSON array');
			list = parsed;
		} else list = text.split(',');
	}
	const ids = list.map((v) => String(v).trim()).filter(Boolean);
	if (required && ids.length === 0) throw new ValidationError(label, 'needs at least one id');
	return ids;
}

/** ids that must be whole numbers (Long on the vendor side) */
export function parseNumericIds(value: unknown, label: string, required = false): number[] {
	return parseIdList(value, label, required).map((id) => {
		if (!/^\d+$/.test(id)) throw new ValidationError(label, `must contain only numeric ids (got "${id}")`);
		return Number(id);
	});
}

/** a JSON object parameter (string or already an object) */
export function parseJsonObject(value: unknown, label: string): IDataObject {
	if (value === undefined || value === null || value === '') return {};
	const parsed = typeof value === 'string' ? tryParseJson(value) : value;
	if (parsed === INVALID_JSON) throw new ValidationError(label, 'must be valid JSON');
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new ValidationError(label, 'must be a JSON object');
	}
	return parsed as IDataObject;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
	const text = String(value ?? '');
	if (!allowed.includes(text as T)) throw new ValidationError(label, `must be one of ${allowed.join(', ')} (got "${text}")`);
	return text as T;
}

/** drop undefined, empty strings and empty arrays (what "not set" means in n8n collections) */
export function compact(object: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}
