/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { api, createTask, sim, useEmulator } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('dev endpoints', () => {
		it('completes calls and sets the callback url without signing (for out-of-process use)', async () => {
			const id = await createTask();
			await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13500000001' }] });
			const r = await fetch(`${sim.url}/__byrobot/complete-calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ taskId: id }) });
			const j = (await r.json()) as { records: Array<{ callIndex: number }> };
			expect(j.records.map((x) => x.callIndex)).toEqual([0]);
			const st = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { calls: unknown[] };
			expect(st.calls).toHaveLength(1);
		});
	});
});
