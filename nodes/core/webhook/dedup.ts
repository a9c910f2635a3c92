import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { isObject } from '../util';

/**
 * The de-duplication memory of the callback triggers: a time window of delivery fingerprints in
 * the workflow's static data (`getWorkflowStaticData('node').dedup`).
 *
 * Layout: `{v: 2, bucketMinutes: 10, buckets: {<bucket start, ms>: "<fingerprints>"}}`. A
 * fingerprint is the first 6 bytes of SHA-256 of the delivery's key, Base64 (8 characters, no
 * padding), and each 10-minute bucket holds the fingerprints first seen (or seen again) in it,
 * concatenated. Buckets older than the window are dropped, so the memory covers the window
 * whatever the rate, bounded by MAX_FINGERPRINTS (then the oldest buckets go first).
 *
 * Size: 8 characters per delivery, e.g. 20,000 callbacks an hour over the default 6 hours =
 * 120,000 fingerprints ≈ 0.96 MB. n8n loads and saves the whole static data on every webhook
 * request, so the memory is kept as a few long strings (cheap to parse and to write), not as
 * thousands of keys.
 *
 * False positives: a new delivery is taken for a repeat when its 48-bit fingerprint equals one
 * remembered: with 120,000 remembered, 120,000 / 2^48 ≈ 4e-10 per delivery, about once in 13
 * years at 20,000 an hour.
 */

export const DEFAULT_DEDUP_WINDOW_HOURS = 6;
export const MIN_DEDUP_WINDOW_HOURS = 1;
export const MAX_DEDUP_WINDOW_HOURS = 48;
/** the hard bound: 250,000 fingerprints ≈ 2 MB of static data */
export const MAX_FINGERPRINTS = 250_000;

const BUCKET_MINUTES = 10;
const BUCKET_MS = BUCKET_MINUTES * 60_000;
const FINGERPRINT_BYTES = 6;
/** Base64 characters per fingerprint */
export const FINGERPRINT_CHARS = 8;

/** What `getWorkflowStaticData('node').dedup` holds. */
export interface DedupState {
	v: 2;
	bucketMinutes: number;
	buckets: Record<string, string>;
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (isObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** A short content hash (key order does not matter). */
export function digest(value: unknown): string {
	return createHash('sha256').update(stableJson(value), 'utf8').digest('hex').slice(0, 24);
}

/** The 8-character fingerprint a key is remembered by. */
export function fingerprint(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest().subarray(0, FINGERPRINT_BYTES).toString('base64');
}

export function clampWindowHours(value: unknown): number {
	const n = Number(value);
	if (!Number.isFinite(n)) return DEFAULT_DEDUP_WINDOW_HOURS;
	return Math.min(MAX_DEDUP_WINDOW_HOURS, Math.max(MIN_DEDUP_WINDOW_HOURS, n));
}

interface Bucket {
	tokens: Set<string>;
	text: string;
	/**
	 * a closed bucket is written with its fingerprints sorted, so that webhook processes sharing
	 * one database write the same text for the same set and stop re-reading each other's
	 */
	sorted: boolean;
}

/**
 * What this n8n process remembers, per workflow and node. n8n loads a webhook's static data when
 * the request arrives and saves it whole when it is done, so deliveries that overlap (vendors push
 * many finished calls at once) would each save their own copy and drop the others' fingerprints.
 * This memory is consulted and updated synchronously, and merged with whatever static data a
 * request brought along (written by this process, or by another webhook process sharing the
 * database), so within one process nothing is lost and processes converge through the database.
 */
const processMemory = new Map<string, Map<number, Bucket>>();

function storedBuckets(staticData: IDataObject): Record<string, string> {
	const state = staticData.dedup;
	if (isObject(state) && state.v === 2 && isObject(state.buckets)) return state.buckets as Record<string, string>;
	return {};
}

function merge(bucket: Bucket, text: string): void {
	// the usual case: what was saved is what this process wrote, or a part of it
	if (text === bucket.text || (text.length <= bucket.text.length && bucket.text.startsWith(text))) return;
	for (let i = 0; i + FINGERPRINT_CHARS <= text.length; i += FINGERPRINT_CHARS) {
		const token = text.slice(i, i + FINGERPRINT_CHARS);
		if (!bucket.tokens.has(token)) {
			bucket.tokens.add(token);
			bucket.text += token;
			bucket.sorted = false;
		}
	}
}

function newBucket(): Bucket {
	return { tokens: new Set(), text: '', sorted: false };
}

export interface SeenResult {
	duplicate: boolean;
	/** fingerprints remembered after this delivery */
	remembered: number;
	/** true when MAX_FINGERPRINTS forced buckets younger than the window out */
	truncated: boolean;
}

/**
 * Whether `key` was delivered within the last `windowHours` (a retry), remembering it either way
 * (a repeat refreshes it, so a chain of lost answers stays covered). Writes the memory back to
 * `staticData.dedup` as a new object, so n8n notices the change and saves it. `scope` names the
 * workflow and node the memory belongs to.
 */
export function rememberDelivery(staticData: IDataObject, key: string, windowHours: number, scope: string, now = Date.now()): SeenResult {
	const token = fingerprint(key);
	const windowMs = clampWindowHours(windowHours) * 3_600_000;
	const horizon = now - windowMs;
	const current = Math.floor(now / BUCKET_MS) * BUCKET_MS;
	let memory = processMemory.get(scope);
	if (!memory) {
		memory = new Map();
		processMemory.set(scope, memory);
	}
	for (const [start, text] of Object.entries(storedBuckets(staticData))) {
		const at = Number(start);
		if (!Number.isFinite(at) || at + BUCKET_MS <= horizon || typeof text !== 'string') continue;
		let bucket = memory.get(at);
		if (!bucket) {
			bucket = newBucket();
			memory.set(at, bucket);
		}
		merge(bucket, text);
	}
	for (const at of [...memory.keys()]) if (at + BUCKET_MS <= horizon) memory.delete(at);

	let duplicate = false;
	for (const bucket of memory.values()) {
		if (bucket.tokens.has(token)) {
			duplicate = true;
			break;
		}
	}
	let bucket = memory.get(current);
	if (!bucket) {
		bucket = newBucket();
		memory.set(current, bucket);
	}
	if (!bucket.tokens.has(token)) {
		bucket.tokens.add(token);
		bucket.text += token;
	}
	for (const [at, closed] of memory) {
		if (at < current && !closed.sorted) {
			closed.text = [...closed.tokens].sort().join('');
			closed.sorted = true;
		}
	}

	let remembered = 0;
	for (const b of memory.values()) remembered += b.tokens.size;
	let truncated = false;
	const starts = [...memory.keys()].sort((a, b) => a - b);
	while (remembered > MAX_FINGERPRINTS && starts.length > 1) {
		const oldest = starts.shift()!;
		remembered -= memory.get(oldest)!.tokens.size;
		memory.delete(oldest);
		truncated = true;
	}

	const buckets: Record<string, string> = {};
	for (const at of [...memory.keys()].sort((a, b) => a - b)) buckets[String(at)] = memory.get(at)!.text;
	const state: DedupState = { v: 2, bucketMinutes: BUCKET_MINUTES, buckets };
	staticData.dedup = state as unknown as IDataObject;
	return { duplicate, remembered, truncated };
}

/** `rememberDelivery(...).duplicate` */
export function seenBefore(staticData: IDataObject, key: string, windowHours: number, scope = '', now = Date.now()): boolean {
	return rememberDelivery(staticData, key, windowHours, scope, now).duplicate;
}
