/**
 * The harness itself, with the fixture node and credential classes: it runs nodes as n8n runs
 * them.
 */
import { type IDataObject, NodeApiError } from 'n8n-workflow';
import { FixturePoll } from './fixtures/fixtures';
import { credentialTypes, server, signed, useFixtureServer } from './fixtures/setup';
import { nodeStaticDataKey, runPoll } from './index';

useFixtureServer();

describe('runPoll (PollContext)', () => {
	it('keeps the cursor in node static data across polls and restarts', async () => {
		server.events = [
			{ id: 1, text: 'one' },
			{ id: 2, text: 'two' },
		];
		const base = {
			nodeType: new FixturePoll(),
			credentialTypes,
			credentials: signed(),
			node: { type: 'fixturePoll', parameters: {}, name: 'Poller' },
		};
		const staticData: IDataObject = {};
		const first = await runPoll({ ...base, staticData });
		expect(first.error).toBeUndefined();
		expect(first.items?.map((i) => i.json.id)).toEqual([1, 2]);
		expect(first.staticDataChanged).toBe(true);
		expect(first.staticData).toBe(staticData);
		expect(nodeStaticDataKey('Poller')).toBe('node:Poller');
		expect(staticData).toEqual({ 'node:Poller': { lastId: 2, polls: 1 } });

		const second = await runPoll({ ...base, staticData });
		expect(second.items).toBeNull();
		expect(staticData['node:Poller']).toEqual({ lastId: 2, polls: 2 });
		expect(server.seen[1].query).toEqual({ after: '2' });

		// "restart": a fresh call with a JSON copy of what n8n would have stored
		server.events.push({ id: 3, text: 'three' });
		const restored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const third = await runPoll({ ...base, staticData: restored });
		expect(third.items?.map((i) => i.json)).toEqual([{ id: 3, text: 'three' }]);
		expect(restored['node:Poller']).toEqual({ lastId: 3, polls: 3 });

		// without static data the cursor starts over
		const fresh = await runPoll(base);
		expect(fresh.items).toHaveLength(3);
		expect(fresh.staticData).toEqual({ 'node:Poller': { lastId: 3, polls: 1 } });

		// a manual ("fetch test event") poll sees the cursor but n8n does not save its changes
		server.events.push({ id: 4, text: 'four' });
		const manual = await runPoll({ ...base, staticData: restored, mode: 'manual' });
		expect(manual.items?.map((i) => i.json.id)).toEqual([4]);
		expect(manual.staticDataChanged).toBe(true);
		expect(restored['node:Poller']).toEqual({ lastId: 3, polls: 3 });
	});

	it('returns the error a poll throws', async () => {
		const result = await runPoll({
			nodeType: new FixturePoll(),
			credentialTypes,
			credentials: { fixtureSignedApi: { baseUrl: server.url, apiKey: 'k', apiSecret: 'wrong' } },
			node: { type: 'fixturePoll', parameters: {} },
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.items).toBeNull();
	});
});
