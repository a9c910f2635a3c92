/**
 * The harness itself, with the fixture node and credential classes: it runs nodes as n8n runs
 * them.
 */
import { FixtureItems } from './fixtures/fixtures';
import { credentialTypes, server, signed, useFixtureServer } from './fixtures/setup';
import { loadOptions } from './index';

useFixtureServer();

describe('loadOptions (LoadOptionsContext)', () => {
	it('calls methods.loadOptions with current parameters and authenticated HTTP', async () => {
		const options = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'getItems',
			parameters: { itemId: 'pre-' },
			kind: 'loadOptions',
		});
		expect(options).toEqual([
			{ name: 'pre-Alpha', value: 'a' },
			{ name: 'pre-Beta', value: 'b' },
			{ name: 'pre-Gamma', value: 'c' },
		]);
		expect(server.seen[0].headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
	});

	it('calls methods.listSearch with filter and pagination token', async () => {
		const first = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
		});
		expect(first.results.map((r) => r.value)).toEqual(['a', 'b']);
		expect(first.paginationToken).toBe('2');
		const second = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
			paginationToken: String(first.paginationToken),
		});
		expect(second.results.map((r) => r.value)).toEqual(['c']);
		expect(second.paginationToken).toBeUndefined();
		const filtered = await loadOptions({
			nodeType: new FixtureItems(),
			credentialTypes,
			credentials: signed(),
			methodName: 'searchItems',
			parameters: {},
			kind: 'listSearch',
			filter: 'bet',
		});
		expect(filtered.results).toEqual([{ name: 'Beta', value: 'b' }]);
	});
});
