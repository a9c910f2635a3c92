import { seenBefore } from '../../../../nodes/core/webhook';

describe('callback de-duplication across overlapping deliveries', () => {
	it('keeps every key when n8n saves concurrent copies of static data (last writer wins)', () => {
		const scope = `wf-${Math.random()}:node`;
		const database = { dedup: { keys: [] as string[] } };
		// two deliveries arrive together: each request works on its own copy loaded from the database
		const first = JSON.parse(JSON.stringify(database));
		const second = JSON.parse(JSON.stringify(database));
		expect(seenBefore(first, 'call-1', 100, scope)).toBe(false);
		expect(seenBefore(second, 'call-2', 100, scope)).toBe(false);
		// n8n saves both; the first save lands last and would drop call-2 without the process memory
		Object.assign(database, second);
		Object.assign(database, first);
		// retries of both, each on a fresh copy of what the database holds
		expect(seenBefore(JSON.parse(JSON.stringify(database)), 'call-1', 100, scope)).toBe(true);
		expect(seenBefore(JSON.parse(JSON.stringify(database)), 'call-2', 100, scope)).toBe(true);
	});

	it('survives a restart through static data alone and stays bounded', () => {
		const saved = { dedup: { keys: [] as string[] } };
		for (let i = 0; i < 30; i++) seenBefore(saved, `call-${i}`, 10, `before-restart-${Math.random()}`);
		expect((saved.dedup.keys as string[]).length).toBe(10);
		const afterRestart = `after-restart-${Math.random()}`; // a new process has an empty memory
		expect(seenBefore(JSON.parse(JSON.stringify(saved)), 'call-29', 10, afterRestart)).toBe(true);
		expect(seenBefore(JSON.parse(JSON.stringify(saved)), 'call-0', 10, afterRestart)).toBe(false);
	});
});
