import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { walkPages } from '../pagination';
import { matches, recordPages } from './helpers';
import type { CallRecordSource, JobCursor, Walk, WalkResult } from './types';

/**
 * The `index` cursor (Byrobot queryDoneTaskPhones, seed 002): the vendor returns the records whose
 * index is above the `index` we send, newest first. The index is handed out in the order calls END,
 * but a record is listed only once its analysis is stored, so a call can become visible after calls
 * that ended later: below indexes already seen. The cursor therefore re-reads a bounded overlap.
 *
 * Per job we keep `index` (the largest index seen), `base` (records at or below it are out of reach:
 * `max(old base, index − overlap)`, so it never moves back), `seen` (key → index of every record
 * known above `base`) and `count` (how many records above `base` the vendor listed at the last
 * complete walk). A poll asks for `index = base`:
 *   1. idle: page 1 holds nothing unseen and nothing above `index`, and the answer's `total` equals
 *      `count`: one request. Sound because records are only added (never deleted, an assumption
 *      shared with the Tanyi cursor): a record added above `base` raises the total, and a redial
 *      that moves a row to a new index puts it above `index`, i.e. on page 1 (newest first);
 *   2. otherwise every page is read and each record above `base` whose key is not in `seen` is
 *      emitted.
 * No skip (within the overlap): every record above `base` that is listed when the walk starts is on
 * one of the pages (records arriving during the walk only push others to later pages, read twice
 * and de-duplicated by key). No duplicate: a key is emitted only when it is not in `seen`, and
 * `seen` keeps every key above `base`. The price: a record listed more than `overlap` indexes below
 * the newest one already seen is out of reach; the overlap is configurable for that reason.
 * A redial keeps its callInstanceId and gets a new index: a new call result, emitted (the key
 * is `callInstanceId:callIndex`). A record without a usable index stops the poll with an error.
 */
export async function walkIndex(walk: Walk): Promise<WalkResult> {
	const { ctx, source, jobId, previous, settings, budget, baseline } = walk;
	const indexOf = (record: IDataObject): number => {
		const index = source.index!(record);
		if (index === undefined || !Number.isInteger(index) || index < 0) throw missingIndex(walk, record);
		return index;
	};
	const overlap = settings.overlap;

	if (baseline) {
		// learn the newest index and every key inside the overlap below it; read more only to emit
		// existing records ("the last N existing records" counts records that pass the filters)
		const wanted = settings.emitExisting;
		const existing: IDataObject[] = [];
		const walked: Record<string, number> = {};
		let top = -1;
		let descending = true;
		let lowest = Infinity;
		for await (const { records } of walkPages(recordPages(ctx, source, jobId, source.maxPageSize, -1))) {
			for (let i = 0; i < records.length; i++) {
				const index = indexOf(records[i]);
				if (i > 0 && index > indexOf(records[i - 1])) descending = false;
				top = Math.max(top, index);
				lowest = Math.min(lowest, index);
				walked[source.key(records[i])] = index;
			}
			existing.push(...records.filter((r) => matches(source, settings, r)).slice(0, wanted - existing.length));
			// newest first: once this page reaches below the overlap, the rest is out of reach
			if (descending && existing.length >= wanted && lowest <= top - overlap) break;
		}
		const base = Math.max(-1, top - overlap);
		return { cursor: windowed({ index: top, base }, walked), fresh: existing };
	}

	const top = previous?.index ?? -1;
	const base = previous?.base ?? top;
	const known: Record<string, number> = previous?.seen ?? {};
	const found = new Map<string, IDataObject>();
	const walked: Record<string, number> = {};
	let newest = top;
	let complete = false;
	let first = true;
	for await (const { data, records, last } of walkPages(recordPages(ctx, source, jobId, source.maxPageSize, base))) {
		for (const r of records) {
			const index = indexOf(r);
			if (!(index > base)) continue; // the vendor filters this already; never trust it twice
			newest = Math.max(newest, index);
			const key = source.key(r);
			walked[key] = index;
			if (!(key in known) && !found.has(key)) found.set(key, r);
		}
		if (first && previous?.count !== undefined && found.size === 0 && newest === top && source.total(data) === previous.count) {
			return { cursor: previous, fresh: [] };
		}
		first = false;
		if (last) {
			complete = true;
			break;
		}
		if (budget.exhausted) break;
	}
	const floor = previous?.floor;
	const fresh = [...found.values()].filter((r) => passesFloor(source, r, floor));
	if (!complete) {
		// partial walk: index and base stay, what was found is remembered until the next full walk
		const seen: Record<string, number> = { ...known };
		for (const [key, record] of found) seen[key] = indexOf(record);
		const cursor: JobCursor = { ...previous, index: top, base, seen };
		delete cursor.count;
		return { cursor, fresh };
	}
	const cursor = windowed({ index: newest, base: Math.max(base, newest - overlap) }, { ...known, ...walked }, walked);
	if (floor !== undefined) cursor.floor = floor;
	return { cursor, fresh };
}

/** `index` and `base` with the keys above `base` (`listed`: what the vendor listed, for `count`) */
function windowed(position: { index: number; base: number }, keys: Record<string, number>, listed = keys): JobCursor {
	const seen: Record<string, number> = {};
	for (const [key, index] of Object.entries(keys)) if (index > position.base) seen[key] = index;
	const count = Object.values(listed).filter((index) => index > position.base).length;
	return { ...position, seen, count };
}

function missingIndex(walk: Walk, record: IDataObject): NodeOperationError {
	const { source, jobId, ctx } = walk;
	const field = source.indexField ?? 'index';
	return new NodeOperationError(
		ctx.getNode(),
		`${source.vendor.displayName} listed a call record of ${source.jobNoun.toLowerCase()} ${jobId} without a usable ${field} (got ${JSON.stringify(record[field] ?? null)})`,
		{
			description:
				`The trigger needs ${field} to tell new calls from calls it has already emitted, so it stops rather than skip records. ` +
				`The vendor's public docs no longer list ${field}; if your account's records lack it, receive the results with the callback trigger instead.`,
		},
	);
}

function passesFloor(source: CallRecordSource, record: IDataObject, floor: number | undefined): boolean {
	if (floor === undefined) return true;
	const time = source.time(record);
	return time === undefined || time >= floor;
}
