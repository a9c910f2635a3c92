/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { type ByrobotSimulator, startByrobotSimulator } from '.';
import { client, goodTask, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	let sim: ByrobotSimulator;

	let api: ReturnType<typeof client>;

	async function createTask(over: Record<string, unknown> = {}): Promise<number> {
		const r = await api('POST', `${V1}/task/createTask`, goodTask(over));
		expect(r.json.resultMsg).toBe('操作成功');
		expect(r.json.code).toBe(200);
		expect(typeof r.json.data).toBe('number');
		return r.json.data as number;
	}

	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [20, 20, 20, 20, 20] });
		api = client(sim);
	});

	afterAll(async () => {
		await sim.close();
	});

	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
		sim.server.clearLog();
	});

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
