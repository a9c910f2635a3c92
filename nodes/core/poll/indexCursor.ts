import type { IDataObject } from 'n8n-workflow';
import { walkPages } from '../pagination';
import { matches, recordPages } from './helpers';
import type { CallRecordSource, Walk, WalkResult } from './types';

/**
 * The `index` cursor (Byrobot queryDoneTaskPhones, VENDORS.md §2): the vendor filters `callIndex > index`
 * and numbers a task's calls in the order they end. Per job we keep `index` = the largest
 * callIndex emitted. A poll pages through everything above it, then moves it to the largest
 * callIndex seen. No skip: every record above the cursor that exists when the walk starts is
 * on one of the pages; records that arrive during the walk go to the front of a newest-first
 * list (their callIndex is larger than every existing one), which pushes older records towards
 * later pages (read twice, de-duplicated within the poll), never past them; and they are above
 * the new cursor, so the next poll gets them. No duplicate: the vendor never returns a callIndex
 * at or below the cursor. A redial keeps its callInstanceId but gets a new callIndex: it is a new
 * call result and is emitted (the key is `callInstanceId:callIndex`).
 */
export async function walkIndex(walk: Walk): Promise<WalkResult> {
	const { ctx, source, jobId, previous, settings, budget, baseline } = walk;
	const indexOf = source.index!;
	if (baseline) {
		// the newest record carries the largest index; read more only to emit existing ones
		// ("the last N existing records" counts records that pass the filters)
		const wanted = settings.emitExisting;
		const pageSize = wanted > 0 ? source.maxPageSize : 1;
		const existing: IDataObject[] = [];
		let top = -1;
		for await (const { records } of walkPages(recordPages(ctx, source, jobId, pageSize, -1))) {
			for (const r of records) top = Math.max(top, indexOf(r));
			existing.push(...records.filter((r) => matches(source, settings, r)).slice(0, wanted - existing.length));
			if (existing.length >= wanted) break;
		}
		return { cursor: { index: top }, fresh: existing };
	}

	const start = previous?.index ?? -1;
	const known = new Set(Object.keys(previous?.seen ?? {}));
	const found = new Map<string, IDataObject>();
	let top = start;
	let complete = false;
	for await (const { records, last } of walkPages(recordPages(ctx, source, jobId, source.maxPageSize, start))) {
		for (const r of records) {
			const index = indexOf(r);
			if (!(index > start)) continue; // the vendor filters this already; never trust it twice
			top = Math.max(top, index);
			const key = source.key(r);
			if (!known.has(key) && !found.has(key)) found.set(key, r);
		}
		if (last) {
			complete = true;
			break;
		}
		if (budget.exhausted) break;
	}
	const fresh = [...found.values()];
	const floor = previous?.floor;
	if (complete) return { cursor: { index: top }, fresh: fresh.filter((r) => passesFloor(source, r, floor)) };
	// partial walk: the cursor stays, what was emitted is remembered until the next full walk
	const seen: Record<string, number> = { ...(previous?.seen ?? {}) };
	for (const r of fresh) seen[source.key(r)] = indexOf(r);
	return {
		cursor: { ...previous, index: start, seen },
		fresh: fresh.filter((r) => passesFloor(source, r, floor)),
	};
}

function passesFloor(source: CallRecordSource, record: IDataObject, floor: number | undefined): boolean {
	if (floor === undefined) return true;
	const time = source.time(record);
	return time === undefined || time >= floor;
}
