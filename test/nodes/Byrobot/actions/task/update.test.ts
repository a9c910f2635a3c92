/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { bodies, jsonOf, makeTask, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('update: all seven fields, caller phones as the String "201,202" (seed 001)', async () => {
		const taskId = await makeTask();
		const out = jsonOf(
			await run({
				resource: 'task',
				operation: 'update',
				taskId: task(taskId),
				taskName: '改名',
				taskType: 2,
				userPhoneIds: ['201', '202'],
				callType: 1,
				concurrencyQuota: 3,
			}),
		);
		expect(out).toEqual([{ success: true, taskId }]);
		expect(bodies('/task/update')).toEqual([
			{ companyId: 1001, taskId, taskName: '改名', taskType: 2, userPhoneIds: '201,202', callType: 1, concurrencyQuota: 3 },
		]);
		expect(sim.state.tasks.find((t) => t.callJobId === taskId)).toMatchObject({ jobName: '改名', concurrencyQuota: 3 });
	});
});
