/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { addRecords, jsonOf, makeTask, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('get: the detail with a readable status label next to the number', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [{ finishStatus: 0 }, { finishStatus: 8 }]);
		const [out] = jsonOf(await run({ resource: 'task', operation: 'get', taskId: task(taskId) }));
		expect(out).toMatchObject({ callJobId: taskId, status: 0, statusLabel: 'not started', jobType: 2, jobTypeLabel: 'manual', totalCount: 2, doneCount: 2 });
		expect(sim.server.log[0].query).toEqual({ companyId: '1001', taskId: String(taskId) });
	});
});
