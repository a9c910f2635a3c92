/**
 * The one paginator. Every paged list goes through `walkPages`: the runner's Return All, the
 * polling triggers' cursor walks, the paged lookups (`collectIds`, `allOptionsOf`) and the
 * dropdowns' list search. A vendor declares how its pages look (a `PaginationSpec`, e.g.
 * `pageNumberPages`); callers keep their own stop rules and `break` out of the loop, after which
 * nothing more is fetched.
 */
import type { IDataObject } from 'n8n-workflow';
import { AdaptiveLimit, mapBounded } from './concurrency';
import type { Slicer } from './slicer';
import { send, type RequestContext } from './transport';
import type { PaginationSpec, RequestParts, RetryPolicy, VendorSpec } from './types';
import { isObject } from './util';

/** Safety stop for a vendor that never says "last page": the one cap of every page loop. */
export const MAX_PAGES = 10_000;

/** One page as the paginator hands it out. */
export interface Page<C = number> {
	/** the cursor this page was asked for with: a page number, or a token */
	page: C;
	/** the vendor's answer, unwrapped */
	data: unknown;
	records: IDataObject[];
	/** the cursor of the following page; `undefined` when this page is the last */
	next: C | undefined;
	/** true when no page follows: the vendor says so, or this page is empty */
	last: boolean;
}

/** How to fetch a paged list, one page at a time. */
export interface PageSource<C = number> {
	first: C;
	fetch(cursor: C): Promise<unknown>;
	/** the records of one page */
	records(data: unknown): IDataObject[];
	/** the cursor after `cursor`, or `undefined` when the vendor says this page is the last */
	next(data: unknown, cursor: C, records: IDataObject[]): C | undefined;
}

/**
 * Fetches page after page and yields each one. Stops by itself after an empty page, after the
 * page the vendor calls the last, and after MAX_PAGES pages.
 */
export async function* walkPages<C>(source: PageSource<C>): AsyncGenerator<Page<C>, void, undefined> {
	let cursor: C | undefined = source.first;
	for (let n = 0; n < MAX_PAGES && cursor !== undefined; n++) {
		const data = await source.fetch(cursor);
		const records = source.records(data);
		const next: C | undefined = records.length === 0 ? undefined : source.next(data, cursor, records);
		yield { page: cursor, data, records, next, last: next === undefined };
		cursor = next;
	}
}

/** The one page at `cursor` (a list search answers one page per call). */
export async function onePage<C>(source: PageSource<C>, cursor: C = source.first): Promise<Page<C>> {
	const walk = walkPages({ ...source, first: cursor });
	const { value } = await walk.next();
	await walk.return(undefined);
	return value as Page<C>;
}

/** What the paginator needs of a vendor's page shape; where the page number goes only for a plain request. */
export type PageShape = Pick<PaginationSpec, 'firstPage' | 'maxPageSize' | 'items' | 'isLastPage'> &
	Partial<Pick<PaginationSpec, 'in' | 'pageParam' | 'sizeParam'>>;

export interface PagedRequest {
	/**
	 * the request without page parameters (the page number and size are added where `paging`
	 * says), or a function that builds the request of one page itself
	 */
	request: RequestParts | ((page: number, pageSize: number) => RequestParts);
	paging: PageShape;
	/** default: `paging.maxPageSize` */
	pageSize?: number;
	/** default: `idempotent` (every list is a read) */
	retry?: RetryPolicy;
	/** adaptive parallelism shared with other requests of the run (told about 429 answers) */
	limit?: AdaptiveLimit;
}

/** The numbered pages of one list request, each sent through core `send`. */
export function pagesOf(ctx: RequestContext, vendor: VendorSpec, o: PagedRequest): PageSource<number> {
	const pageSize = o.pageSize ?? o.paging.maxPageSize;
	const { request, paging } = o;
	const requestOf =
		typeof request === 'function'
			? (page: number) => request(page, pageSize)
			: (page: number) => withPage(request, paging as PaginationSpec, page, pageSize);
	return {
		first: paging.firstPage,
		fetch: (page) =>
			send(ctx, vendor, requestOf(page), {
				retry: o.retry ?? 'idempotent',
				onThrottle: o.limit ? () => o.limit!.onThrottle() : undefined,
				onAnswer: o.limit ? () => o.limit!.onAnswer() : undefined,
			}),
		records: paging.items,
		next: (data, page, records) => (paging.isLastPage(data, page, records.length, pageSize) ? undefined : page + 1),
	};
}

/**
 * The records of a paged list, for Return All / Limit: the first page, then (when the vendor says
 * how many pages there are) the following pages with up to `limit` requests in flight, kept in
 * page order; otherwise page after page. A record is emitted once: records are shifted onto the
 * next page when new ones arrive at the front of a newest-first list during the walk, and the
 * second copy is dropped (by `recordId`, or as an identical record). Records created after the
 * first page was read may be missing: the list is what the vendor held when the walk started.
 */
export async function collectPages(
	source: PageSource<number>,
	o: {
		want: number;
		pageSize: number;
		totalPages?: (data: unknown) => number | undefined;
		recordId?: (record: IDataObject) => unknown;
		limit: AdaptiveLimit;
		slicer?: Slicer;
	},
): Promise<{ records: IDataObject[]; duplicates: number; pages: number }> {
	const seen = new Set<unknown>();
	const records: IDataObject[] = [];
	let duplicates = 0;
	let pages = 0;
	const take = (list: IDataObject[]) => {
		for (const record of list) {
			if (records.length >= o.want) return;
			const id = o.recordId?.(record);
			const key = id === undefined || id === null ? JSON.stringify(record) : `id:${String(id)}`;
			if (seen.has(key)) {
				duplicates += 1;
				continue;
			}
			seen.add(key);
			records.push(record);
		}
	};
	const firstData = await o.limit.run(() => source.fetch(source.first));
	pages += 1;
	const firstRecords = source.records(firstData);
	take(firstRecords);
	let next = firstRecords.length === 0 ? undefined : source.next(firstData, source.first, firstRecords);
	const total = o.totalPages?.(firstData);
	if (next !== undefined && total !== undefined && o.limit.max > 1) {
		// the pages still needed: the vendor's count, no more than Limit asks for
		const needed = Math.ceil((o.want - records.length) / o.pageSize) + 1;
		const last = Math.min(total, source.first + MAX_PAGES - 1, next + needed - 1);
		const numbers: number[] = [];
		for (let page = next; page <= last; page++) numbers.push(page);
		const results = await mapBounded(numbers, o.limit, (page) => source.fetch(page));
		let lastRecords: IDataObject[] = [];
		for (const data of results) {
			pages += 1;
			lastRecords = source.records(data);
			take(lastRecords);
			await o.slicer?.tick();
		}
		// records that arrived at the front pushed older ones past the last page counted at first
		const lastData = results[results.length - 1];
		next = lastRecords.length === 0 ? undefined : source.next(lastData, last, lastRecords);
	}
	while (next !== undefined && records.length < o.want && pages < MAX_PAGES) {
		const cursor: number = next;
		const data = await o.limit.run(() => source.fetch(cursor));
		pages += 1;
		const list = source.records(data);
		take(list);
		next = list.length === 0 ? undefined : source.next(data, cursor, list);
		await o.slicer?.tick();
	}
	return { records, duplicates, pages };
}

/** One page of a list search dropdown: its records and the token of the next page. */
export async function searchPage(
	ctx: RequestContext,
	vendor: VendorSpec,
	o: PagedRequest & { token?: string },
): Promise<{ records: IDataObject[]; paginationToken: string | undefined }> {
	const source = pagesOf(ctx, vendor, o);
	const page = await onePage(source, o.token ? Number(o.token) : source.first);
	return { records: page.records, paginationToken: page.next === undefined ? undefined : String(page.next) };
}

/** `request` with the page number and size where `paging` says they go */
export function withPage(
	request: RequestParts,
	paging: Pick<PaginationSpec, 'in' | 'pageParam' | 'sizeParam'>,
	page: number,
	pageSize: number,
): RequestParts {
	const values = { [paging.pageParam]: page, [paging.sizeParam]: pageSize };
	if (paging.in === 'qs') return { ...request, qs: { ...(request.qs ?? {}), ...values } };
	return { ...request, body: { ...((request.body as IDataObject) ?? {}), ...values } };
}

/**
 * Page-number pagination where the answer carries the records under `listKey` and the page count
 * as `pages` (Tanyi `{number, pageSize, totalElements, pages, content}`, Byrobot's PageHelper
 * `{pageNum, pageSize, total, pages, list}`); without a usable `pages`, a short page is the last.
 */
export function pageNumberPages(options: {
	in: 'qs' | 'body';
	listKey: string;
	maxPageSize: number;
	pageSize?: PaginationSpec['pageSize'];
	/** the field holding a record's id */
	idKey?: string;
}): PaginationSpec {
	const pagesOfData = (data: unknown): number | undefined => {
		const pages = isObject(data) ? Number(data.pages) : NaN;
		return Number.isInteger(pages) && pages > 0 ? pages : undefined;
	};
	return {
		totalPages: pagesOfData,
		recordId: options.idKey ? (record) => record[options.idKey!] : undefined,
		in: options.in,
		pageParam: 'pageNum',
		sizeParam: 'pageSize',
		firstPage: 1,
		maxPageSize: options.maxPageSize,
		pageSize: options.pageSize,
		items: (data) =>
			isObject(data) && Array.isArray(data[options.listKey]) ? (data[options.listKey] as IDataObject[]) : [],
		isLastPage: (data, page, received, pageSize) => {
			const pages = isObject(data) ? Number(data.pages) : NaN;
			return Number.isFinite(pages) && pages > 0 ? page >= pages : received < pageSize;
		},
	};
}
