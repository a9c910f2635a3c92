import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { pagesOf, searchPage, walkPages, type PagedRequest, type PageShape, type PageSource } from './pagination';
import { send, type RequestContext } from './transport';
import type { RequestParts, VendorSpec } from './types';
import { isObject } from './util';

/** The list inside a lookup answer: a bare array, or under content / list / records / data. */
export function listOf(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.map((d) => (isObject(d) ? d : { value: d }));
	if (isObject(data)) {
		for (const key of ['content', 'list', 'records', 'data', 'rows']) {
			if (Array.isArray(data[key])) return listOf(data[key]);
		}
	}
	return [];
}

/** the first field of `keys` that is set */
export function pick(record: IDataObject, keys: string[]): string | undefined {
	for (const key of keys) {
		const value = record[key];
		if (value !== undefined && value !== null && value !== '') return String(value);
	}
	return undefined;
}

export async function lookup(ctx: RequestContext, vendor: VendorSpec, request: RequestParts): Promise<IDataObject[]> {
	return listOf(await send(ctx, vendor, request, { retry: 'idempotent' }));
}

/** Options for a dropdown: `name(record)` shown, `idKeys` the value; sorted by name. */
export function toOptions(
	records: IDataObject[],
	idKeys: string[],
	name: (record: IDataObject, id: string) => string,
	description?: (record: IDataObject) => string | undefined,
): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const record of records) {
		const id = pick(record, idKeys);
		if (id === undefined) continue;
		options.push({ name: name(record, id), value: id, description: description?.(record) });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** page size of the paged lookups (e.g. the running jobs) */
const LOOKUP_PAGE_SIZE = 100;

/**
 * The ids of every entry of a paged lookup (e.g. the running jobs): `request(page, pageSize)`
 * asks for one page of 100, `idKeys` name the id field. Stops at the first short page.
 */
export async function collectIds(
	ctx: IPollFunctions,
	vendor: VendorSpec,
	request: (page: number, pageSize: number) => RequestParts,
	idKeys: string[],
): Promise<string[]> {
	const ids: string[] = [];
	const pages = pagesOf(ctx, vendor, {
		request,
		paging: { firstPage: 1, maxPageSize: LOOKUP_PAGE_SIZE, items: listOf, isLastPage: (_data, _page, received, size) => received < size },
	});
	for await (const { records } of walkPages(pages)) {
		for (const entry of records) {
			const id = pick(entry, idKeys);
			if (id !== undefined) ids.push(id);
		}
	}
	return ids;
}

export interface ListSearchOptions {
	vendor: VendorSpec;
	paging: PageShape;
	/** the list request for the typed filter (page parameters are added per `paging`), or one page's request */
	request(ctx: ILoadOptionsFunctions, filter: string | undefined): PagedRequest['request'] | Promise<PagedRequest['request']>;
	/** one entry of the dropdown */
	result(record: IDataObject): INodeListSearchItems;
	/** for a vendor without a search parameter: whether a record matches the typed filter */
	matches?(record: IDataObject, filter: string): boolean;
}

/** A listSearch method (a searchable "From List" picker): one vendor page per call, the next by token. */
export function listSearchOf(o: ListSearchOptions): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const { records, paginationToken: next } = await searchPage(this, o.vendor, {
			request: await o.request(this, filter),
			paging: o.paging,
			token: paginationToken,
		});
		const typed = (filter ?? '').trim();
		const kept = o.matches && typed !== '' ? records.filter((record) => o.matches!(record, typed)) : records;
		return { results: kept.map((record) => o.result(record)), paginationToken: next };
	};
}

export type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** a loadOptions method (for a multi-select) that returns every page of a listSearch method */
export function allOptionsOf(search: ListSearchMethod) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const options: INodePropertyOptions[] = [];
		const pages: PageSource<string> = {
			first: '',
			fetch: async (token) => await search.call(this, undefined, token || undefined),
			records: (result) =>
				(result as INodeListSearchResult).results.map((r) => ({ name: r.name, value: String(r.value) })),
			next: (result) => {
				const token = (result as INodeListSearchResult).paginationToken;
				return token === undefined || token === null || String(token) === '' ? undefined : String(token);
			},
		};
		for await (const { records } of walkPages(pages)) options.push(...(records as unknown as INodePropertyOptions[]));
		return options.sort((a, b) => a.name.localeCompare(b.name));
	};
}
