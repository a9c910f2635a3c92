/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { jsonOf, makeTask, run, sim, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('get many: filters name / creation date / status, Return All pages through, Limit stops early', async () => {
		for (const name of ['回访A', '回访B', '回访C', '其他']) await makeTask({ taskName: name });
		sim.setTaskStatus(6002, 1);
		sim.server.clearLog();
		const all = jsonOf(
			await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { taskName: '回访' }, options: { pageSize: 2 } }),
		);
		expect(all.map((t) => t.jobName).sort()).toEqual(['回访A', '回访B', '回访C']);
		expect(sim.server.log.map((r) => r.query)).toEqual([
			{ companyId: '1001', taskName: '回访', pageNum: '1', pageSize: '2' },
			{ companyId: '1001', taskName: '回访', pageNum: '2', pageSize: '2' },
		]);
		sim.server.clearLog();
		const today = sim.state.tasks.find((t) => t.callJobId === 6001)!.gmtCreate.slice(0, 10);
		const running = jsonOf(
			await run({ resource: 'task', operation: 'getMany', returnAll: true, filters: { status: 1, createDate: `${today}T00:00:00` } }),
		);
		expect(running).toEqual([expect.objectContaining({ callJobId: 6002, status: 1, statusLabel: 'running' })]);
		expect(sim.server.log[0].query).toMatchObject({ status: '1', createDate: today, pageSize: '100' });
		sim.server.clearLog();
		const limited = jsonOf(await run({ resource: 'task', operation: 'getMany', returnAll: false, limit: 1 }));
		expect(limited).toHaveLength(1);
		expect(sim.server.log).toHaveLength(1);
		expect(sim.server.log[0].query.pageSize).toBe('1');
	});
});
