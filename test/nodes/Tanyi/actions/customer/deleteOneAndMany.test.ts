/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, job, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Customer', () => {
	it('deletes one and many to-be-called customers', async () => {
		const id = await createJob();
		await importLeads(id, 5);
		const tasks = sim.state.tasks.filter((t) => t.robotCallJobId === id);
		jsonOf(await run({ resource: 'customer', operation: 'deleteOne', robotCallTaskId: String(tasks[0].robotCallTaskId) }));
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(4);
		jsonOf(
			await run({
				resource: 'customer',
				operation: 'deleteMany',
				jobId: job(id),
				robotCallTaskIds: `${tasks[1].robotCallTaskId},${tasks[2].robotCallTaskId}`,
			}),
		);
		expect(sim.server.requests('/callRecord/deleteRobotCallTaskList')[0].query).toMatchObject({
			robotCallTaskIds: `${tasks[1].robotCallTaskId},${tasks[2].robotCallTaskId}`,
		});
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(2);
		jsonOf(await run({ resource: 'customer', operation: 'deleteMany', jobId: job(id), filters: { confirmDeleteAll: true } }));
		expect(sim.state.tasks.filter((t) => t.robotCallJobId === id)).toHaveLength(0);
	});
});
