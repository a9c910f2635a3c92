import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { walkPages, type PageSource } from '../pagination';
import { fetchPage, recordPages } from './helpers';
import type { CallRecordSource, ListOrder } from './types';

/** One page as a time-cursor walk reads it: its records newest first. */
export interface OrderedPage {
	records: IDataObject[];
	/** the list's total when this page was fetched */
	total: number | undefined;
	/** the total when the walk's first page was fetched */
	initialTotal: number | undefined;
	/** no older page follows */
	last: boolean;
}

type Direction = ListOrder | 'flat' | 'unsorted';

/**
 * The pages of a list sorted by start time in a direction the vendor does not document (Tanyi
 * getCallRecordInfoList: seed 003 and yiwise/slate `callRecord.md` state none), handed out from
 * the newest end: newest first, page 1 onwards; oldest first, the last page backwards, page 1
 * (read first to learn the direction) at the end. Inside a page the records come newest first.
 * A page that is sorted neither way, or that overlaps in time with the page before it, stops the
 * walk with an error: the cursor cannot know which records are new in such a list.
 */
export function newestFirstPages(o: {
	ctx: IPollFunctions;
	source: CallRecordSource;
	jobId: string;
	/** the direction seen by an earlier poll (used when page 1 alone does not tell) */
	order?: ListOrder;
}): { walk: () => AsyncGenerator<OrderedPage, void, undefined>; readonly order: ListOrder | undefined } {
	const { ctx, source, jobId } = o;
	const pageSize = source.maxPageSize;
	const timeOf = (r: IDataObject) => source.time(r);
	let order: ListOrder | undefined;

	async function* walk(): AsyncGenerator<OrderedPage, void, undefined> {
		const first = await fetchPage(ctx, source, jobId, 1, pageSize, -1);
		const firstRecords = source.items(first);
		const initialTotal = source.total(first);
		const pageCount = pagesOf(first, initialTotal, pageSize);
		let direction = directionOf(firstRecords.map(timeOf));
		if (direction === 'unsorted') throw unsorted(o, 1, firstRecords);
		const single = firstRecords.length === 0 || source.isLastPage(first, 1, firstRecords.length, pageSize) || pageCount <= 1;
		if (single) {
			order = direction === 'flat' ? o.order : direction;
			yield { records: newestFirst(firstRecords, timeOf), total: initialTotal, initialTotal, last: true };
			return;
		}
		let lastPage: { data: unknown; records: IDataObject[] } | undefined;
		if (direction === 'flat') {
			if (o.order !== undefined) direction = o.order;
			else {
				// every record on page 1 started at the same time: the last page tells the direction
				const data = await fetchPage(ctx, source, jobId, pageCount, pageSize, -1);
				lastPage = { data, records: source.items(data) };
				const a = firstDefined(firstRecords.map(timeOf));
				const b = firstDefined([...lastPage.records].reverse().map(timeOf));
				direction = a !== undefined && b !== undefined && b > a ? 'oldestFirst' : 'newestFirst';
			}
		}
		order = direction;
		let previousOldest: number | undefined;
		const read = new Set<string>();
		const checked = (page: number, records: IDataObject[], total: number | undefined): IDataObject[] => {
			const times = records.map(timeOf).filter((t): t is number => t !== undefined);
			const own = directionOf(times);
			if (own === 'unsorted' || (own !== 'flat' && own !== direction)) throw unsorted(o, page, records);
			// newer than the page before: only records read already (pushed down by arrivals during
			// the walk) or, at most as many as arrived, records that arrived above our position
			if (previousOldest !== undefined) {
				const limit = previousOldest;
				const newer = records.filter((r) => (timeOf(r) ?? -Infinity) > limit && !read.has(source.key(r)));
				const arrived = Math.max(0, (total ?? 0) - (initialTotal ?? 0));
				if (newer.length > arrived) throw overlapping(o, page, timeOf(newer[0])!, limit);
			}
			for (const r of records) read.add(source.key(r));
			if (times.length > 0) previousOldest = Math.min(previousOldest ?? Infinity, ...times);
			return newestFirst(records, timeOf);
		};

		if (direction === 'newestFirst') {
			yield { records: checked(1, firstRecords, initialTotal), total: initialTotal, initialTotal, last: false };
			const rest: PageSource<number> = { ...recordPages(ctx, source, jobId, pageSize, -1), first: 2 };
			for await (const { page, data, records, last } of walkPages(rest)) {
				yield { records: checked(page, records, source.total(data)), total: source.total(data), initialTotal, last };
			}
			return;
		}

		// oldest first: from the last page back to page 2, then page 1 as it was read first
		const backwards: PageSource<number> = {
			first: pageCount,
			fetch: async (page) => (page === pageCount && lastPage ? lastPage.data : await fetchPage(ctx, source, jobId, page, pageSize, -1)),
			records: source.items,
			next: (_data, page) => (page > 2 ? page - 1 : undefined),
		};
		let reached = pageCount;
		for await (const { page, data, records } of walkPages(backwards)) {
			reached = page;
			yield { records: checked(page, records, source.total(data)), total: source.total(data), initialTotal, last: false };
		}
		// an empty page ended the walk early (records deleted?): incomplete, the next poll repeats it
		if (reached !== 2) return;
		yield { records: checked(1, firstRecords, initialTotal), total: initialTotal, initialTotal, last: true };
	}

	return {
		walk,
		get order() {
			return order;
		},
	};
}

function pagesOf(data: unknown, total: number | undefined, pageSize: number): number {
	const pages = typeof data === 'object' && data !== null ? Number((data as IDataObject).pages) : NaN;
	if (Number.isInteger(pages) && pages > 0) return pages;
	return total === undefined ? 1 : Math.max(1, Math.ceil(total / pageSize));
}

function directionOf(times: Array<number | undefined>): Direction {
	let up = false;
	let down = false;
	let before: number | undefined;
	for (const t of times) {
		if (t === undefined) continue;
		if (before !== undefined) {
			if (t > before) up = true;
			if (t < before) down = true;
		}
		before = t;
	}
	if (up && down) return 'unsorted';
	if (down) return 'newestFirst';
	if (up) return 'oldestFirst';
	return 'flat';
}

function firstDefined(values: Array<number | undefined>): number | undefined {
	return values.find((v) => v !== undefined);
}

/** ties keep their list order; the newest start first */
function newestFirst(records: IDataObject[], timeOf: (r: IDataObject) => number | undefined): IDataObject[] {
	return records
		.map((record, i) => ({ record, i, t: timeOf(record) ?? -Infinity }))
		.sort((a, b) => b.t - a.t || a.i - b.i)
		.map((x) => x.record);
}

const HOW_TO_FIX =
	'The trigger reads the list from its newest end and needs it sorted by start time (newest or oldest first). ' +
	'Receive this account’s results with the callback trigger instead, or report the order you see.';

function unsorted(o: { ctx: IPollFunctions; source: CallRecordSource; jobId: string }, page: number, records: IDataObject[]): NodeOperationError {
	const times = records.map((r) => o.source.time(r)).filter((t): t is number => t !== undefined);
	return new NodeOperationError(
		o.ctx.getNode(),
		`${o.source.vendor.displayName} lists the call records of ${o.source.jobNoun.toLowerCase()} ${o.jobId} in no start-time order (page ${page} runs from ${iso(times[0])} to ${iso(times[times.length - 1])} with earlier and later starts mixed)`,
		{ description: HOW_TO_FIX },
	);
}

function overlapping(o: { ctx: IPollFunctions; source: CallRecordSource; jobId: string }, page: number, newest: number, oldestBefore: number): NodeOperationError {
	return new NodeOperationError(
		o.ctx.getNode(),
		`${o.source.vendor.displayName} lists the call records of ${o.source.jobNoun.toLowerCase()} ${o.jobId} in no start-time order (page ${page} holds a call that started at ${iso(newest)}, after ${iso(oldestBefore)} on the page before it)`,
		{ description: HOW_TO_FIX },
	);
}

function iso(ms: number | undefined): string {
	return ms === undefined ? 'an unknown time' : new Date(ms).toISOString();
}
