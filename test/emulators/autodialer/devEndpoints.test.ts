/**
 * The Autodialer emulator itself, over real HTTP: the seed 004 rules and the inferred behaviour
 * it is configured with.
 */
import { api, createTask, sim, useEmulator } from './testHelpers';

describe('Autodialer emulator', () => {
	useEmulator();

	it('dev endpoints drive calls and callbacks from another process', async () => {
		const task = await createTask();
		await api('POST', `/v1/task/import_task_customer/${task.uuid}`, {
			numbers: [{ number: '13800000000' }, { number: '13800000001' }],
		});
		const post = (path: string, body: unknown) =>
			fetch(sim.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const res = await post('/__autodialer/complete-calls', { taskUuid: task.uuid, n: 5, status: [8, 3] });
		expect(res.status).toBe(200);
		const { calls } = (await res.json()) as any;
		expect(calls.map((c: any) => [c.number, c.status])).toEqual([
			['13800000000', 8],
			['13800000001', 3],
		]);
		expect((await post('/__autodialer/complete-calls', { taskUuid: 'nope' })).status).toBe(400);
		expect((await post('/__autodialer/callback-url', { url: 'http://127.0.0.1:1/x', retryDelaysMs: [] })).status).toBe(200);
		expect((await fetch(`${sim.url}/__autodialer/callbacks`)).status).toBe(200);
	});

	it('exposes state over /__sim/state and resets over /__sim/reset', async () => {
		const task = await createTask();
		const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as any;
		expect(state.tasks.map((t: any) => t.uuid)).toEqual([task.uuid]);
		expect(state.callerLines).toHaveLength(4);
		await fetch(`${sim.url}/__sim/reset`);
		expect(sim.state.tasks).toHaveLength(0);
	});
});
