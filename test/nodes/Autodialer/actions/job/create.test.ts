/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { jsonOf } from '../../../../harness/nodeRunner';
import { callsTo, createParams, LINE_RESIDUE_5, REST_TIME, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job operations', () => {
	it('creates a task: vendor field names, fixed zeros, one lookup for the residue check', async () => {
		const result = await run(
			createParams({ additionalFields: { customerServiceId: '21', remark: '第一个任务' } }),
		);
		const [task] = jsonOf(result);
		expect(task).toMatchObject({ name: '春季回访', start: 0, maximumcall: 3, customer_service_id: 21, remark: '第一个任务' });
		expect(task.progress_bar).toEqual({ total: 0, progress: 0, percent: 0 });
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task']);
		expect(sim.server.log[1].body).toEqual({
			name: '春季回访',
			caller_line_id: LINE_RESIDUE_5,
			maximumcall: 3,
			destination_extension: 1197,
			disable_dial_timegroup: REST_TIME,
			auto_recycle_rule_id: 103,
			_originate_timeout: 60,
			call_pause_second: 10,
			random_assignment_number: 0,
			recycle_limit: 0,
			customer_service_id: 21,
			remark: '第一个任务',
		});
		expect(sim.state.tasks).toHaveLength(1);
		expect(sim.server.log[1].headers.authorization).toBe(`Bearer ${sim.credentials.apiToken}`);
	});

	it('creates one task per item with a single meta lookup for the whole run', async () => {
		const items = [{ json: { n: 'A' } }, { json: { n: 'B' } }, { json: { n: 'C' } }];
		const out = jsonOf(await run(createParams({ name: '={{ $json.n }}' }), items));
		expect(out.map((t) => t.name)).toEqual(['A', 'B', 'C']);
		expect(callsTo()).toEqual(['GET /v1/task/create', 'POST /v1/task', 'POST /v1/task', 'POST /v1/task']);
	});
});
