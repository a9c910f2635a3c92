import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { isObject } from '../util';

export const DEFAULT_DEDUP_MEMORY = 2000;
export const MIN_DEDUP_MEMORY = 10;
export const MAX_DEDUP_MEMORY = 50_000;

/** Layout in `getWorkflowStaticData('node')`: `{ dedup: { keys: string[] } }`, oldest first. */
export interface DedupState {
	keys: string[];
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

/** Keys longer than this are stored as a hash. */
const MAX_KEY_LENGTH = 96;

export function compactKey(key: string): string {
	return key.length <= MAX_KEY_LENGTH ? key : `h:${digest(key)}`;
}

export function clampMemory(value: unknown): number {
	const n = Math.floor(Number(value));
	if (!Number.isFinite(n)) return DEFAULT_DEDUP_MEMORY;
	return Math.min(MAX_DEDUP_MEMORY, Math.max(MIN_DEDUP_MEMORY, n));
}

function dedupState(staticData: IDataObject): DedupState {
	const state = staticData.dedup;
	if (isObject(state) && Array.isArray(state.keys)) return state as unknown as DedupState;
	return { keys: [] };
}

/**
 * Keys seen by this n8n process, per workflow and node. n8n loads a webhook's static data when
 * the request arrives and saves it whole when it is done, so deliveries that overlap (vendors
 * push many finished calls at once) would each save their own copy and drop the others' keys.
 * This memory is consulted and merged synchronously, so within one process no key is lost;
 * static data carries the keys across restarts.
 */
const processMemory = new Map<string, string[]>();

/**
 * True when `key` was seen before (a retried delivery); otherwise remembers it, keeping only
 * the newest `limit` keys. The array is replaced, not mutated in place, so n8n notices the
 * change and saves it. `scope` names the workflow and node the memory belongs to.
 */
export function seenBefore(staticData: IDataObject, key: string, limit: number, scope = ''): boolean {
	const stored = compactKey(key);
	const max = clampMemory(limit);
	const known = [...dedupState(staticData).keys];
	const present = new Set(known);
	for (const remembered of processMemory.get(scope) ?? []) {
		if (!present.has(remembered)) {
			known.push(remembered);
			present.add(remembered);
		}
	}
	const duplicate = present.has(stored);
	if (!duplicate) known.push(stored);
	const next = known.length > max ? known.slice(known.length - max) : known;
	processMemory.set(scope, next);
	staticData.dedup = { keys: next };
	return duplicate;
}
