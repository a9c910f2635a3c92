/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { jsonOf, makeTask, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('start, pause, stop and delete send {taskId} and change the task', async () => {
		const a = await makeTask();
		const b = await makeTask({ taskName: 'second' });
		const op = async (operation: string, id: number) =>
			jsonOf(await run({ resource: 'task', operation, taskId: task(id) }));
		expect(await op('start', a)).toEqual([{ success: true, taskId: a }]);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(1);
		await op('pause', a);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(4);
		await op('stop', a);
		expect(sim.state.tasks.find((t) => t.callJobId === a)!.status).toBe(6);
		expect(await op('delete', b)).toEqual([{ deleted: true, taskId: b }]);
		expect(sim.state.tasks.find((t) => t.callJobId === b)!.deleted).toBe(true);
		expect(sim.server.log.map((r) => [r.path, r.body])).toEqual([
			['/openapi/v1/task/start', { taskId: a }],
			['/openapi/v1/task/pause', { taskId: a }],
			['/openapi/v1/task/stop', { taskId: a }],
			['/openapi/v1/task/delete', { taskId: b }],
		]);
	});
});
