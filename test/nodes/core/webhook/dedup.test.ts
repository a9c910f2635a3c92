import type { IDataObject } from 'n8n-workflow';
import { MAX_FINGERPRINTS, fingerprint, rememberDelivery, seenBefore } from '../../../../nodes/core/webhook';

const HOUR = 3_600_000;
const T = Date.parse('2026-03-02T10:00:00Z');
const copy = (value: IDataObject): IDataObject => JSON.parse(JSON.stringify(value)) as IDataObject;

describe('callback de-duplication across overlapping deliveries', () => {
	it('keeps every key when n8n saves concurrent copies of static data (last writer wins)', () => {
		const scope = `wf-${Math.random()}:node`;
		const database: IDataObject = {};
		// two deliveries arrive together: each request works on its own copy loaded from the database
		const first = copy(database);
		const second = copy(database);
		expect(seenBefore(first, 'call-1', 6, scope, T)).toBe(false);
		expect(seenBefore(second, 'call-2', 6, scope, T)).toBe(false);
		// n8n saves both; the first save lands last and would drop call-2 without the process memory
		Object.assign(database, second);
		Object.assign(database, first);
		// retries of both, each on a fresh copy of what the database holds
		expect(seenBefore(copy(database), 'call-1', 6, scope, T + 10_000)).toBe(true);
		expect(seenBefore(copy(database), 'call-2', 6, scope, T + 10_000)).toBe(true);
	});

	it('survives a restart through static data alone and covers its window', () => {
		const saved: IDataObject = {};
		const before = `before-restart-${Math.random()}`;
		for (let i = 0; i < 30; i++) seenBefore(saved, `call-${i}`, 6, before, T + i * 10 * 60_000); // 5 hours of deliveries
		const afterRestart = `after-restart-${Math.random()}`; // a new process has an empty memory
		expect(seenBefore(copy(saved), 'call-0', 6, afterRestart, T + 5 * HOUR)).toBe(true);
		expect(seenBefore(copy(saved), 'call-29', 6, `again-${Math.random()}`, T + 5 * HOUR)).toBe(true);
		// 7 hours after the first delivery it is forgotten
		expect(seenBefore(copy(saved), 'call-0', 6, `later-${Math.random()}`, T + 7 * HOUR)).toBe(false);
	});

	it('learns what another webhook process saved (processes converge through the database)', () => {
		const database: IDataObject = {};
		seenBefore(database, 'seen-by-a', 6, 'process-a', T);
		// process b has its own memory and loads what a saved
		expect(seenBefore(copy(database), 'seen-by-a', 6, 'process-b', T + 1000)).toBe(true);
	});

	it('stores 8 characters per delivery in 10-minute buckets, and drops the oldest beyond the hard bound', () => {
		const data: IDataObject = {};
		const scope = `bound-${Math.random()}`;
		for (let i = 0; i < 1000; i++) rememberDelivery(data, `k${i}`, 6, scope, T + i * 1000);
		const { buckets } = data.dedup as { buckets: Record<string, string> };
		expect(Object.keys(buckets)).toHaveLength(2); // 1,000 s spans two 10-minute buckets
		expect(Object.values(buckets).join('').length).toBe(8000);
		expect(Object.values(buckets).join('')).toContain(fingerprint('k999'));
		expect(MAX_FINGERPRINTS).toBe(250_000);
	});
});

describe('two webhook processes sharing one database', () => {
	it('write the same text for a closed bucket, so neither keeps re-reading the other', () => {
		const [pa, pb] = [`a-${Math.random()}`, `b-${Math.random()}`];
		let database: IDataObject = {};
		// A and B take turns on deliveries within one 10-minute bucket, each saving over the other
		for (let i = 0; i < 40; i++) {
			const loaded = copy(database);
			seenBefore(loaded, `call-${i}`, 6, i % 2 === 0 ? pa : pb, T + i * 1000);
			database = loaded;
		}
		// the next bucket: both see the closed one and write it sorted
		const a = copy(database);
		seenBefore(a, 'next-a', 6, pa, T + 11 * 60_000);
		const b = copy(database);
		seenBefore(b, 'next-b', 6, pb, T + 11 * 60_000 + 1);
		const closed = (x: IDataObject) => (x.dedup as { buckets: Record<string, string> }).buckets[String(Math.floor(T / 600_000) * 600_000)];
		expect(closed(a)).toBe(closed(b));
		expect(closed(a).length).toBe(40 * 8);
		for (let i = 0; i < 40; i++) expect(seenBefore(copy(b), `call-${i}`, 6, pa, T + 12 * 60_000)).toBe(true);
	});
});
