/**
 * Value checks and coercions every emulator needs. Each vendor wraps them in its own error
 * format (Tanyi and Byrobot answer 412 in their envelope, the Autodialer 422 like Laravel).
 */

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** set, in the sense of a JSON field: not undefined, null or '' */
export function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

/** Jackson-like integer coercion: a whole JSON number or an integer string; `undefined` otherwise */
export function toInteger(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
	return undefined;
}

/** `HH:mm`, 00:00–23:59 */
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** `HH:mm` (or `HH:mm:ss`) → minutes since midnight */
export function minutesOf(hhmm: string): number {
	return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** a real calendar day (no 31 April) */
export function isValidDate(y: number, m: number, d: number): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** query values: repeated params and comma-separated lists both become a flat list */
export function queryList(query: URLSearchParams, name: string): string[] {
	return query
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter((v) => v.length > 0);
}

/** a query value, `undefined` when absent or empty */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
	const v = query.get(name);
	return v === null || v === '' ? undefined : v;
}

/** deterministic PRNG (mulberry32): same seed, same generated calls */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** a value drawn from `[value, weight]` pairs with `rand` in [0, 1) */
export function weighted<T>(rand: number, table: Array<[T, number]>): T {
	const total = table.reduce((s, [, w]) => s + w, 0);
	let x = rand * total;
	for (const [value, w] of table) {
		if (x < w) return value;
		x -= w;
	}
	return table[table.length - 1][0];
}
