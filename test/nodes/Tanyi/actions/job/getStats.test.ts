/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, importLeads, run, sim, tanyi, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('gets stats with a bare JSON array body, one item per job', async () => {
		const a = await createJob();
		await importLeads(a, 4);
		const out = jsonOf(await run({ resource: 'job', operation: 'getStats', jobIds: String(a) }));
		expect(sim.server.requests('/job/getJobStatsInfoList')[0].body).toEqual([String(a)]);
		expect(out).toEqual([{ robotCallJobId: a, taskTotal: 4, taskCompleted: 0 }]);
	});

	it('takes the jobs picked in the multi-select (an array of ids) as well as the older comma-separated text', async () => {
		const a = await createJob();
		const b = await createJob();
		await importLeads(b, 2);
		const picked = jsonOf(await run({ resource: 'job', operation: 'getStats', jobIds: [String(a), String(b)] }));
		expect(sim.server.requests('/job/getJobStatsInfoList').at(-1)!.body).toEqual([String(a), String(b)]);
		expect(picked.find((j) => j.robotCallJobId === b)).toMatchObject({ taskTotal: 2 });
		const typed = await run({ resource: 'job', operation: 'getStats', jobIds: `${a}, x` });
		expect(typed.error?.message).toMatch(/Job Names or IDs.*numeric/);
	});

	it('lists every job for the picker on the action node', async () => {
		const a = await createJob({ name: 'Picker A' });
		const options = (await tanyi.load('getJobs', 'loadOptions', { resource: 'job', operation: 'getStats' })) as Array<{ name: string; value: string }>;
		expect(options.find((o) => o.value === String(a))?.name).toMatch(/^Picker A \(/);
	});
});
