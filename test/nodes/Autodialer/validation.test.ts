/**
 * The Autodialer node executed by n8n's own engine (WorkflowExecute) against the Autodialer
 * emulator over real HTTP on loopback.
 */
import { type INodeParameters, NodeOperationError } from 'n8n-workflow';
import {
	callsTo,
	createJob,
	createParams,
	job,
	LINE_RESIDUE_0,
	LINE_RESIDUE_1,
	LINE_RESIDUE_30,
	run,
	sim,
	stateChanging,
	useEmulator,
} from './support';

useEmulator();

describe('validation before any state-changing request', () => {
	const cases: Array<[string, INodeParameters, RegExp, boolean]> = [
		['Max Concurrent Calls 0', { maximumCall: 0 }, /Max Concurrent Calls must be at least 1/, false],
		['Max Concurrent Calls above the line residue', { maximumCall: 6 }, /Max Concurrent Calls must be at most 5, the free concurrency/, true],
		['a line with residue 0', { callerLineId: LINE_RESIDUE_0, maximumCall: 1 }, /Caller Line .* has 0 free concurrent call\(s\); only lines with at least 1 can be used/, true],
		[
			'a line with residue 1 under the Strict Residue Rule',
			{ callerLineId: LINE_RESIDUE_1, maximumCall: 1, options: { strictResidue: true } },
			/Caller Line .* has 1 free concurrent call\(s\); only lines with at least 2 can be used/,
			true,
		],
		['an unknown line', { callerLineId: 'nope' }, /Caller Line "nope" is not one of the account's caller lines/, true],
		['an unusable customer-service group', { additionalFields: { customerServiceId: '22' } }, /Customer Service Group 22 is not usable/, true],
		['negative pause', { callPauseSecond: -1 }, /Pause Between Calls \(Seconds\) must be at least 0/, false],
		['dial timeout too short', { originateTimeout: 5 }, /Dial Timeout \(Seconds\) must be at least 10/, false],
		['dial timeout too long', { originateTimeout: 300 }, /Dial Timeout \(Seconds\) must be at most 120/, false],
		['no name', { name: '  ' }, /Job Name is required/, false],
		['fractional concurrency', { maximumCall: 1.5 }, /Max Concurrent Calls must be a whole number/, false],
	];

	it.each(cases)('rejects %s', async (_label, over, message, looksUp) => {
		const result = await run(createParams(over));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error!.message).toMatch(message);
		expect(stateChanging()).toEqual([]);
		// the residue check needs exactly one lookup; checks without the vendor need none
		expect(callsTo()).toEqual(looksUp ? ['GET /v1/task/create'] : []);
		expect(sim.state.tasks).toHaveLength(0);
	});

	it('creates on the seed example\'s line with residue 1 and maximumcall 1', async () => {
		const result = await run(createParams({ callerLineId: LINE_RESIDUE_1, maximumCall: 1 }));
		expect(result.error).toBeUndefined();
		expect(sim.state.tasks).toHaveLength(1);
	});

	it('checks update the same way (no PUT)', async () => {
		const uuid = await createJob();
		sim.server.clearLog();
		const result = await run({ ...createParams({ maximumCall: 31, callerLineId: LINE_RESIDUE_30 }), operation: 'update', jobId: job(uuid) });
		expect(result.error!.message).toMatch(/must be at most 30/);
		expect(callsTo()).toEqual(['GET /v1/task/create']);
	});

	it('an invalid item stops the run before any item is sent', async () => {
		const items = [{ json: { m: 2 } }, { json: { m: 0 } }];
		const result = await run(createParams({ maximumCall: '={{ $json.m }}' }), items);
		expect(result.error!.message).toMatch(/at least 1/);
		expect(sim.server.log).toHaveLength(0);
	});
});
