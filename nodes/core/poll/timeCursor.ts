import type { IDataObject } from 'n8n-workflow';
import { fetchPage, matches } from './helpers';
import { newestFirstPages } from './listOrder';
import type { CallRecordSource, JobCursor, Walk, WalkResult } from './types';

/**
 * The `time` cursor (Tanyi getCallRecordInfoList, seed 003): no time or id filter, ordered by call
 * START time, and a call that started earlier may be listed later (it finished later). The vendor
 * documents no direction, so the walk reads the list from its newest end whichever way it is
 * sorted (see listOrder.ts) and stops with an error when it is not sorted by start time at all.
 * Per job we keep `newest` (the latest start time seen), `seen` (key → start time of every record
 * seen whose start lies inside the lookback window `[newest − lookback, …]`), `total` (the list's
 * totalElements when every record then in the window was known) and `order`. A poll:
 *   1. asks for one record (page 1, size 1) only to read totalElements. Call records are never
 *      deleted, so an unchanged total means nothing was added anywhere: an idle poll is one
 *      request;
 *   2. otherwise walks full pages from the newest down to the window's lower edge (the horizon,
 *      `newest − lookback`, fixed for the walk) and emits every record inside the window whose
 *      key is not in `seen`. It may stop early once it has found as many unseen records as the
 *      total grew by, provided the total did not move during the walk (then the records added
 *      since the last snapshot are exactly the ones found).
 * No skip (within the window): records are only ever added. Newest first, the records below our
 * position only move down while we walk, never up past us; oldest first, the walk goes backwards
 * from the last page and a record that moves past us (pushed by one inserted further down) makes
 * the total differ from the stored snapshot, so the next poll walks again and finds it. Either
 * way everything inside the window is read by a complete walk. No duplicate: a record is emitted
 * only if its start is at or after the horizon and its key is not in `seen`; `seen` keeps every
 * emitted key until its start falls below the horizon, and the horizon never moves back. The
 * price: a record that turns up more than `lookback` after a newer-started call was seen is not
 * emitted (it is outside the window); the lookback is configurable for that reason, and `seen`
 * stays bounded to the records of one window.
 */
export async function walkTime(walk: Walk): Promise<WalkResult> {
	const { ctx, source, jobId, previous, settings, budget, baseline } = walk;
	const lookback = settings.lookbackMs;
	const seen = previous?.seen ?? {};
	const newest = previous?.newest ?? null;
	const storedTotal = previous?.total ?? null;
	const floor = previous?.floor ?? -Infinity;

	if (!baseline && storedTotal !== null) {
		const probe = await fetchPage(ctx, source, jobId, 1, 1, -1);
		if (source.total(probe) === storedTotal) return { cursor: previous!, fresh: [] };
	}

	// the window's lower edge; on the first activation it is known after the first record
	let horizon = baseline ? undefined : Math.max(floor, newest === null ? -Infinity : newest - lookback);
	const wanted = baseline ? settings.emitExisting : 0;
	const existing: IDataObject[] = [];
	const found = new Map<string, IDataObject>();
	const walked: Record<string, number> = {};
	let firstTotal: number | undefined;
	let lastTotal: number | undefined;
	let latest = newest;
	let complete = false;
	const pages = newestFirstPages({ ctx, source, jobId, order: previous?.order });
	for await (const { initialTotal, total, records, last } of pages.walk()) {
		firstTotal = initialTotal;
		lastTotal = total;
		let belowHorizon = false;
		for (const r of records) {
			const time = source.time(r) ?? latest ?? 0;
			if (horizon === undefined) horizon = Math.max(floor, time - lookback);
			if (existing.length < wanted && matches(source, settings, r)) existing.push(r);
			if (time < horizon) {
				belowHorizon = true;
				continue;
			}
			const key = source.key(r);
			walked[key] = time;
			latest = latest === null ? time : Math.max(latest, time);
			if (!baseline && !(key in seen) && !found.has(key)) found.set(key, r);
		}
		const stable =
			storedTotal !== null && firstTotal !== undefined && firstTotal === lastTotal && found.size >= firstTotal - storedTotal;
		if (last || stable) {
			complete = true;
			break;
		}
		if (belowHorizon && existing.length >= wanted) {
			complete = true;
			break;
		}
		// a first activation always completes: it has no position yet to continue from
		if (budget.exhausted && !baseline) break;
	}

	const fresh = baseline ? existing : [...found.values()];
	const order = pages.order ?? previous?.order;
	if (!complete) {
		// partial: only remember what was emitted; newest and total stay, so the window does not move
		return { cursor: { ...previous, seen: { ...seen, ...keysOf(source, fresh, latest) } }, fresh };
	}
	const lowest = Math.max(floor, latest === null ? -Infinity : latest - lookback);
	const cursor: JobCursor = {
		newest: latest,
		seen: pruneSeen({ ...seen, ...walked }, lowest),
		total: firstTotal ?? null,
	};
	if (order !== undefined) cursor.order = order;
	if (previous?.floor !== undefined) cursor.floor = previous.floor;
	return { cursor, fresh };
}

function keysOf(source: CallRecordSource, records: IDataObject[], fallback: number | null): Record<string, number> {
	const keys: Record<string, number> = {};
	for (const r of records) keys[source.key(r)] = source.time(r) ?? fallback ?? 0;
	return keys;
}

function pruneSeen(seen: Record<string, number>, lowest: number): Record<string, number> {
	const kept: Record<string, number> = {};
	for (const [key, time] of Object.entries(seen)) if (time >= lowest) kept[key] = time;
	return kept;
}
