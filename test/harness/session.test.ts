/**
 * What the harness models of n8n across executions: Retry On Fail (the engine calls execute()
 * again), n8n's retry of a failed execution (the failed node again, with its stored input), a
 * restart (fresh modules), static data saved except in manual mode, and n8n's processed-data
 * store with the semantics of n8n's own DeduplicationHelper.
 */
import { ProbeNode } from './fixtures/probe';
import { MemoryProcessedData, processedData } from './processedData';
import { freshExport, nodeRunner } from './nodeRunner';

const probe = nodeRunner({
	node: () => new ProbeNode(),
	reload: () => {
		const Fresh = freshExport<typeof ProbeNode>(require.resolve('./fixtures/probe'), 'ProbeNode');
		return () => new Fresh();
	},
});

const items = (...keys: string[]) => keys.map((key) => ({ json: { key } }));

beforeEach(() => {
	ProbeNode.calls = 0;
});

describe('Retry On Fail', () => {
	it('the engine calls execute() again with the same input; the processed store keeps the first try\'s records', async () => {
		const result = await probe.run({ failUntil: 2 }, items('a', 'b'), { retryOnFail: { maxTries: 3, waitBetweenTries: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.tries).toBe(3);
		expect(result.items.map((i) => i.json)).toEqual([
			expect.objectContaining({ key: 'a', calls: 3, seenBefore: true }),
			expect.objectContaining({ key: 'b', calls: 3, seenBefore: true }),
		]);
	});

	it('without it, one call and the error', async () => {
		const result = await probe.run({ failUntil: 1 }, items('a'));
		expect(result.tries).toBe(1);
		expect(result.error?.message).toBe('failing call 1');
	});
});

describe('sessions: a saved workflow run again and again', () => {
	it('static data is saved after production runs, also failed ones, never after manual runs', async () => {
		const session = probe.session({ failUntil: 2 });
		expect((await session.run(items('a'), { mode: 'manual' })).error).toBeDefined();
		expect(session.staticData).toEqual({});
		const failed = await session.run(items('a'));
		expect(failed.error).toBeDefined();
		expect(session.staticData).toEqual({ 'node:Node Under Test': { runs: 1 } });
		await session.run(items('a'));
		expect(session.staticData).toEqual({ 'node:Node Under Test': { runs: 2 } });
	});

	it("n8n's retry of a failed execution: a new execution in mode retry with the stored input", async () => {
		const session = probe.session({ failUntil: 1 });
		const failed = await session.run(items('x', 'y'));
		expect(failed.error).toBeDefined();
		const retried = await session.retry(failed);
		expect(retried.error).toBeUndefined();
		expect(retried.executionId).not.toBe(failed.executionId);
		expect(retried.items.map((i) => [i.json.key, i.json.mode, i.json.seenBefore])).toEqual([
			['x', 'retry', true],
			['y', 'retry', true],
		]);
	});

	it('a restart loads the node anew (module state is gone); what n8n stored stays', async () => {
		const session = probe.session({});
		await session.run(items('k'));
		await session.run(items('k'));
		expect(ProbeNode.calls).toBe(2);
		session.restart();
		const after = await session.run(items('k'));
		expect(after.items[0].json).toMatchObject({ calls: 1, seenBefore: true });
		expect(ProbeNode.calls).toBe(2);
		expect(session.staticData).toEqual({ 'node:Node Under Test': { runs: 3 } });
	});

	it('processed data is per workflow and node id: another node (or a copy) starts empty', async () => {
		const a = probe.session({});
		const b = probe.session({});
		await a.run(items('k'));
		expect((await b.run(items('k'))).items[0].json.seenBefore).toBe(false);
		expect((await a.run(items('k'))).items[0].json.seenBefore).toBe(true);
		expect(processedData.entries(a.workflowId, a.nodeId)).toBe(1);
	});
});

describe('the in-memory processed-data store behaves like n8n\'s DeduplicationHelper', () => {
	const store = new MemoryProcessedData();
	const ctx = (nodeId = 'n1') => ({ workflow: { id: 'w1', active: false }, node: { id: nodeId } as never });
	beforeEach(() => store.clear());

	it('stores md5-base64 of each item; repeats inside one call are all new; the row as JSON text', async () => {
		expect(await store.checkProcessedAndRecord(['a', 'b', 'a'], 'node', ctx(), { mode: 'entries' })).toEqual({ new: ['a', 'b', 'a'], processed: [] });
		const again = await store.checkProcessedAndRecord(['a', 'c', 'c'], 'node', ctx(), { mode: 'entries' });
		expect(again).toEqual({ new: ['c', 'c'], processed: ['a'] });
		const row = JSON.parse([...store.rows.values()][0]);
		expect(row.mode).toBe('entries');
		expect(row.data[0]).toBe(MemoryProcessedData.createValueHash('a'));
		expect(row.data[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
		expect(await store.getProcessedDataCount('node', ctx(), { mode: 'entries' })).toBe(5);
	});

	it('maxEntries keeps the newest entries; removeProcessed takes entries out', async () => {
		await store.checkProcessedAndRecord(['1', '2', '3'], 'node', ctx(), { mode: 'entries', maxEntries: 2 });
		expect((await store.checkProcessedAndRecord(['1', '3'], 'node', ctx(), { mode: 'entries', maxEntries: 2 })).processed).toEqual(['3']);
		await store.removeProcessed(['3'], 'node', ctx(), { mode: 'entries' });
		expect((await store.checkProcessedAndRecord(['3'], 'node', ctx(), { mode: 'entries' })).processed).toEqual([]);
	});

	it('refuses another mode on the same row, a node scope without a node, and a workflow without id', async () => {
		await store.checkProcessedAndRecord(['1'], 'node', ctx(), { mode: 'entries' });
		await expect(store.checkProcessedAndRecord(['2'], 'node', ctx(), { mode: 'latestIncrementalKey' })).rejects.toThrow(/incompatible setting/);
		await expect(store.checkProcessedAndRecord(['1'], 'node', { workflow: { id: 'w1', active: false } }, { mode: 'entries' })).rejects.toThrow(
			/scope 'node'/,
		);
		await expect(store.checkProcessedAndRecord(['1'], 'node', { ...ctx(), workflow: { id: '', active: false } }, { mode: 'entries' })).rejects.toThrow();
	});
});
