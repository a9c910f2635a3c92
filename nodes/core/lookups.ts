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

/**
 * The list of a lookup whose documented `data` is a bare array (strings become `{value}`). No
 * other shape is guessed: `null` is an empty list, anything else an error naming the endpoint.
 */
export function listOf(data: unknown, endpoint = 'the lookup'): IDataObject[] {
	if (data === undefined || data === null) return [];
	if (!Array.isArray(data)) throw new Error(`Unexpected answer from ${endpoint}: data is not a list`);
	return data.map((d) => (isObject(d) ? d : { value: d }));
}

/** the documented field `key` of a record, as text; undefined when it is not set */
export function pick(record: IDataObject, key: string): string | undefined {
	const value = record[key];
	return value !== undefined && value !== null && value !== '' ? String(value) : undefined;
}

/** a lookup whose documented answer is a bare list */
export async function lookup(ctx: RequestContext, vendor: VendorSpec, request: RequestParts): Promise<IDataObject[]> {
	return listOf(await send(ctx, vendor, request, { retry: 'idempotent' }), `${request.method} ${request.path}`);
}

/** every record of a paged lookup (e.g. Tanyi's staff groups), through the one paginator */
export async function lookupAllPages(
	ctx: RequestContext,
	vendor: VendorSpec,
	request: RequestParts,
	paging: PageShape,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for await (const page of walkPages(pagesOf(ctx, vendor, { request, paging }))) records.push(...page.records);
	return records;
}

/** Options for a dropdown: `name(record)` shown, the documented field `idKey` the value; sorted by name. */
export function toOptions(
	records: IDataObject[],
	idKey: string,
	name: (record: IDataObject, id: string) => string,
	description?: (record: IDataObject) => string | undefined,
): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const record of records) {
		const id = pick(record, idKey);
		if (id === undefined) continue;
		options.push({ name: name(record, id), value: id, description: description?.(record) });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** page size of the paged lookups (e.g. the running jobs) */
const LOOKUP_PAGE_SIZE = 100;

/**
 * The ids of every entry of a paged lookup (e.g. the running jobs): `request(page, pageSize)`
 * asks for one page of 100, the records sit under the vendor's `pageListKey`, `idKeys` names the
 * one documented id field. Stops at the first short page.
 */
export async function collectIds(
	ctx: IPollFunctions,
	vendor: VendorSpec,
	request: (page: number, pageSize: number) => RequestParts,
	idKeys: readonly [string],
): Promise<string[]> {
	const listKey = vendor.pageListKey;
	if (!listKey) throw new Error(`${vendor.displayName} declares no pageListKey`);
	const ids: string[] = [];
	const pages = pagesOf(ctx, vendor, {
		request,
		paging: {
			firstPage: 1,
			maxPageSize: LOOKUP_PAGE_SIZE,
			items: (data) => (isObject(data) && Array.isArray(data[listKey]) ? (data[listKey] as IDataObject[]) : []),
			isLastPage: (_data, _page, received, size) => received < size,
		},
	});
	for await (const { records } of walkPages(pages)) {
		for (const entry of records) {
			const id = pick(entry, idKeys[0]);
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
