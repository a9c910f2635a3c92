import type { IDataObject } from 'n8n-workflow';
import { AdaptiveLimit } from '../../../nodes/core/concurrency';
import { MAX_PAGES, collectPages, onePage, pageNumberPages, walkPages, withPage, type PageSource } from '../../../nodes/core/pagination';

/** an in-memory list of `total` records served `size` per page, counting the fetches */
function list(total: number, size: number, opts: { pages?: (n: number) => unknown } = {}) {
	const fetched: number[] = [];
	const paging = pageNumberPages({ in: 'qs', listKey: 'content', maxPageSize: size });
	const source: PageSource<number> = {
		first: 1,
		fetch: async (page) => {
			fetched.push(page);
			const content = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => ({
				id: (page - 1) * size + i,
			}));
			return { content, pages: opts.pages ? opts.pages(Math.ceil(total / size)) : Math.ceil(total / size) };
		},
		records: paging.items,
		next: (data, page, records) => (paging.isLastPage(data, page, records.length, size) ? undefined : page + 1),
	};
	return { source, fetched };
}

async function collect<C>(source: PageSource<C>): Promise<IDataObject[]> {
	const all: IDataObject[] = [];
	for await (const { records } of walkPages(source)) all.push(...records);
	return all;
}

describe('walkPages', () => {
	it('fetches every page once and stops at the page the vendor calls the last', async () => {
		const { source, fetched } = list(250, 100);
		expect(await collect(source)).toHaveLength(250);
		expect(fetched).toEqual([1, 2, 3]);
	});

	it('without a page count, a short page is the last; an exactly full last page costs one empty request', async () => {
		const short = list(250, 100, { pages: () => undefined });
		expect(await collect(short.source)).toHaveLength(250);
		expect(short.fetched).toEqual([1, 2, 3]);
		const full = list(200, 100, { pages: () => undefined });
		expect(await collect(full.source)).toHaveLength(200);
		expect(full.fetched).toEqual([1, 2, 3]);
	});

	it('stops after an empty page even when the vendor claims more pages', async () => {
		const { source, fetched } = list(0, 100, { pages: () => 5 });
		const pages = [];
		for await (const page of walkPages(source)) pages.push(page);
		expect(pages).toEqual([{ page: 1, data: { content: [], pages: 5 }, records: [], next: undefined, last: true }]);
		expect(fetched).toEqual([1]);
	});

	it('fetches nothing more once the caller breaks out', async () => {
		const { source, fetched } = list(1000, 100);
		let seen = 0;
		for await (const { records, last } of walkPages(source)) {
			seen += records.length;
			expect(last).toBe(false);
			if (seen >= 150) break;
		}
		expect(seen).toBe(200);
		expect(fetched).toEqual([1, 2]);
	});

	it(`gives up after MAX_PAGES (${MAX_PAGES}) pages of a vendor that never says "last"`, async () => {
		let fetches = 0;
		const endless: PageSource<number> = {
			first: 1,
			fetch: async (page) => {
				fetches++;
				return [{ page }];
			},
			records: (data) => data as IDataObject[],
			next: (_data, page) => page + 1,
		};
		expect(await collect(endless)).toHaveLength(MAX_PAGES);
		expect(fetches).toBe(MAX_PAGES);
	});

	it('walks token cursors as well as page numbers', async () => {
		const tokens: Record<string, { results: string[]; next?: string }> = {
			'': { results: ['a', 'b'], next: 't2' },
			t2: { results: ['c'], next: 't3' },
			t3: { results: ['d'] },
		};
		const asked: string[] = [];
		const source: PageSource<string> = {
			first: '',
			fetch: async (token) => {
				asked.push(token);
				return tokens[token];
			},
			records: (data) => (data as { results: string[] }).results.map((value) => ({ value })),
			next: (data) => (data as { next?: string }).next,
		};
		expect((await collect(source)).map((r) => r.value)).toEqual(['a', 'b', 'c', 'd']);
		expect(asked).toEqual(['', 't2', 't3']);
	});
});

describe('onePage', () => {
	it('fetches exactly the page asked for and tells the next one', async () => {
		const { source, fetched } = list(250, 100);
		const second = await onePage(source, 2);
		expect(second.records).toHaveLength(100);
		expect(second.next).toBe(3);
		const third = await onePage(source, 3);
		expect(third.records).toHaveLength(50);
		expect(third.next).toBeUndefined();
		expect(third.last).toBe(true);
		expect(fetched).toEqual([2, 3]);
	});
});

describe('withPage and pageNumberPages', () => {
	it('puts page number and size into the query or the body, keeping what is there', () => {
		const qs = pageNumberPages({ in: 'qs', listKey: 'list', maxPageSize: 50 });
		const body = pageNumberPages({ in: 'body', listKey: 'list', maxPageSize: 50 });
		expect(withPage({ method: 'GET', path: '/x', qs: { a: 1 } }, qs, 3, 50)).toEqual({
			method: 'GET',
			path: '/x',
			qs: { a: 1, pageNum: 3, pageSize: 50 },
		});
		expect(withPage({ method: 'POST', path: '/x', body: { b: 2 } }, body, 1, 20)).toEqual({
			method: 'POST',
			path: '/x',
			body: { b: 2, pageNum: 1, pageSize: 20 },
		});
	});

	it('reads the records under the list key and the last page from `pages`', () => {
		const spec = pageNumberPages({ in: 'qs', listKey: 'list', maxPageSize: 50 });
		expect(spec.items({ list: [{ id: 1 }] })).toEqual([{ id: 1 }]);
		expect(spec.items({ content: [{ id: 1 }] })).toEqual([]);
		expect(spec.isLastPage({ pages: 3 }, 2, 50, 50)).toBe(false);
		expect(spec.isLastPage({ pages: 3 }, 3, 50, 50)).toBe(true);
		expect(spec.isLastPage({}, 1, 49, 50)).toBe(true);
		expect(spec.isLastPage({ pages: 0 }, 1, 50, 50)).toBe(false);
	});
});

describe('collectPages (Return All / Limit)', () => {
	/** a newest-first list that grows while it is read: `arrive` new records before page `at` is served */
	function growing(total: number, size: number, arrive: number, at: number) {
		let records = Array.from({ length: total }, (_, i) => ({ id: total - i }));
		const fetched: number[] = [];
		let inFlight = 0;
		let peak = 0;
		const paging = pageNumberPages({ in: 'qs', listKey: 'content', maxPageSize: size, idKey: 'id' });
		const source: PageSource<number> = {
			first: 1,
			fetch: async (page) => {
				inFlight += 1;
				peak = Math.max(peak, inFlight);
				fetched.push(page);
				if (page === at) records = [...Array.from({ length: arrive }, (_, i) => ({ id: total + arrive - i })), ...records];
				await new Promise((r) => setTimeout(r, 5));
				inFlight -= 1;
				return { content: records.slice((page - 1) * size, page * size), pages: Math.ceil(records.length / size) };
			},
			records: paging.items,
			next: (data, page, list) => (paging.isLastPage(data, page, list.length, size) ? undefined : page + 1),
		};
		return { source, fetched, paging, peak: () => peak };
	}

	it('emits each record once when records arrive during the walk, reading the later pages in parallel, in order', async () => {
		const { source, fetched, paging, peak } = growing(1_000, 100, 5, 2);
		const out = await collectPages(source, { want: Infinity, pageSize: 100, totalPages: paging.totalPages, recordId: paging.recordId, limit: new AdaptiveLimit(4) });
		const ids = out.records.map((r) => r.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toHaveLength(1_000);
		expect(out.duplicates).toBe(5);
		// the page order is kept; nothing of what existed when the walk started is missing
		expect(ids.slice(0, 3)).toEqual([1_000, 999, 998]);
		expect([...ids].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
		// the 5 oldest were pushed onto an 11th page, which the later pages' count shows
		expect(fetched.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		expect(peak()).toBe(4);
	});

	it('asks for no more pages than Limit needs, and walks one page at a time when the vendor gives no page count', async () => {
		const { source, fetched, paging } = growing(1_000, 100, 0, 0);
		const limited = await collectPages(source, { want: 250, pageSize: 100, totalPages: paging.totalPages, limit: new AdaptiveLimit(4) });
		expect(limited.records).toHaveLength(250);
		// three pages hold 250; one more in case records shift
		expect(fetched.sort()).toEqual([1, 2, 3, 4]);
		const plain = growing(300, 100, 0, 0);
		const all = await collectPages(plain.source, { want: Infinity, pageSize: 100, limit: new AdaptiveLimit(4) });
		expect(all.records).toHaveLength(300);
		expect(plain.fetched).toEqual([1, 2, 3]);
	});
});
