/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import {
	callsTo,
	createJob,
	createParams,
	job,
	LINE_RESIDUE_30,
	LUNCH_TIME,
	run,
	sim,
	useEmulator,
} from '../../support';

useEmulator();

describe('Job operations', () => {
	it('updates a task with PUT and the full field set', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const [task] = jsonOf(
			await run({
				...createParams({ name: '改名', callerLineId: LINE_RESIDUE_30, maximumCall: 20, disableDialTimeGroup: LUNCH_TIME, callPauseSecond: 0 }),
				operation: 'update',
				jobId: job(uuid),
			}),
		);
		expect(task).toMatchObject({ uuid, name: '改名', maximumcall: 20, caller_line_id: LINE_RESIDUE_30, call_pause_second: 0 });
		expect(callsTo()).toEqual(['GET /v1/task/create', `PUT /v1/task/${uuid}`]);
		expect(sim.server.log[1].body).toMatchObject({ random_assignment_number: 0, recycle_limit: 0, disable_dial_timegroup: LUNCH_TIME });
		expect(sim.task(uuid)).toMatchObject({ name: '改名', maximumcall: 20 });
	});
});
