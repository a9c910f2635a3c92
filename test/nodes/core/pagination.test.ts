import type { IDataObject } from 'n8n-workflow';
import { MAX_PAGES, onePage, pageNumberPages, walkPages, withPage, type PageSource } from '../../../nodes/core/pagination';

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
