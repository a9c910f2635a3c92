/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { INodeParameters } from 'n8n-workflow';
import { createParams, job, phones, run, sim, useEmulator } from './support';

useEmulator();

describe('Validation before any request (VENDORS.md §1 rules)', () => {
	const rules: Array<[string, INodeParameters, RegExp]> = [
		['daily start before 09:00', createParams({ dailyStartTime: '08:30' }), /Daily Start Time must not be before 09:00/],
		['daily end after 20:00', createParams({ dailyEndTime: '21:00' }), /Daily End Time must not be after 20:00/],
		['daily start not before end', createParams({ dailyStartTime: '15:00', dailyEndTime: '14:00' }), /Daily Start Time must be before/],
		['time not HH:mm', createParams({ dailyStartTime: '9am' }), /Daily Start Time must be a time as HH:mm/],
		[
			'more than 3 inactive windows',
			createParams({
				additionalFields: {
					inactiveTimeList: {
						window: [
							{ startTime: '10:00', endTime: '10:30' },
							{ startTime: '11:00', endTime: '11:30' },
							{ startTime: '12:00', endTime: '12:30' },
							{ startTime: '13:00', endTime: '13:30' },
						],
					},
				},
			}),
			/Inactive Windows allows at most 3/,
		],
		[
			'inactive window outside the daily window',
			createParams({ additionalFields: { inactiveTimeList: { window: [{ startTime: '19:30', endTime: '20:30' }] } } }),
			/must lie inside the daily window/,
		],
		[
			'inactive window start not before end',
			createParams({ additionalFields: { inactiveTimeList: { window: [{ startTime: '13:00', endTime: '12:00' }] } } }),
			/Inactive Window 1 Start Time must be before/,
		],
		['AUTO without start time', createParams({ mode: 'AUTO', startTime: '={{ "" }}' }), /Start Time is required when Mode is Automatic/],
		// a plain empty field, as the editor leaves it: the node's message, not n8n's "workflow has issues"
		['AUTO with the Start Time left empty', createParams({ mode: 'AUTO', startTime: '' }), /Start Time is required when Mode is Automatic/],
		['two lines for a landline job', createParams({ jobPhoneNumberIdList: ['348', '349'] }), /Caller Lines must be exactly one ID for line type LANDLINE/],
		['policy group with two ids', createParams({ phoneType: 'CALL_POLICY_GROUP', jobPhoneNumberIdList: ['900', '901'] }), /exactly one ID for line type CALL_POLICY_GROUP/],
		['no concurrency for a landline job', createParams({ concurrencyQuota: '' }), /Concurrency is required/],
		['redial conditions without interval/times', createParams({ additionalFields: { redialCondition: ['BUSY'] } }), /needs Auto Redial Conditions, Redial Interval and Redial Times together/],
		['redial interval below 6', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 5, redialTimes: 1 } }), /Redial Interval \(Minutes\) must be at least 6/],
		['redial interval above 1440', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 1441, redialTimes: 1 } }), /must be at most 1440/],
		['redial times above 10', createParams({ additionalFields: { redialCondition: ['BUSY'], redialInterval: 6, redialTimes: 11 } }), /Redial Times must be at most 10/],
		['unknown WeChat send method', createParams({ additionalFields: { wechatSendMethod: 'SENDTOSOME' } }), /WeChat Send Method must be one of SENDTOALL, SENDTOONE, SENDTONONE/],
		['no caller line', createParams({ jobPhoneNumberIdList: '={{ [] }}' }), /Caller Lines needs at least one id/],
		[
			'redial times filter without latest-call-only',
			{ resource: 'callRecord', operation: 'getMany', jobId: job(1), filters: { redialTimes: 2 } },
			/Redial Times filter works only with "Latest Call per Customer Only"/,
		],
		[
			'min duration above max',
			{ resource: 'callRecord', operation: 'getMany', jobId: job(1), filters: { chatDurationMin: 60, chatDurationMax: 10 } },
			/Min Duration \(Seconds\) must not exceed Max Duration/,
		],
		['batch size above 100 per import', { resource: 'customer', operation: 'import', jobId: job(1), options: { batchSize: 101 } }, /Batch Size must be at most 100/],
		['delete all without confirmation', { resource: 'customer', operation: 'deleteMany', jobId: job(1) }, /or a filter is required/],
		['limit below 1', { resource: 'callRecord', operation: 'getMany', jobId: job(1), limit: 0 }, /Limit must be at least 1/],
	];

	it.each(rules)('%s: clear error, nothing sent', async (_name, parameters, message) => {
		const result = await run(parameters, parameters.operation === 'import' ? phones(3) : [{ json: {} }]);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/^Invalid parameter: /);
		expect(sim.server.log).toHaveLength(0);
	});
});
