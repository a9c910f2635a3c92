/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { NodeOperationError } from 'n8n-workflow';
import { createParams, expectInvalid, task, useEmulator } from './support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Validation: every rule stops the run before any request
// ---------------------------------------------------------------------------------------------

describe('validation (nothing reaches the emulator)', () => {
	it('a scheduled task needs a start date', async () => {
		await expectInvalid(createParams({ taskType: 1 }), /Start Date is required for a scheduled task/);
	});

	it('the working window is HH:mm with start before end (no 09:00–20:00 limit: seed 001 sets none)', async () => {
		await expectInvalid(createParams({ workingStartTime: '15:00', workingEndTime: '10:00' }), /Working Start Time must be before Working End Time/);
		await expectInvalid(createParams({ workingStartTime: '9am' }), /Working Start Time must be a time as HH:mm/);
	});

	it('the break lies inside the working window, start before end, both ends set', async () => {
		await expectInvalid(
			createParams({ workingEndTime: '18:00', additionalFields: { breakStartTime: '17:30', breakEndTime: '18:30' } }),
			/inside the daily window 09:00–18:00/,
		);
		await expectInvalid(createParams({ additionalFields: { breakStartTime: '13:00', breakEndTime: '12:00' } }), /Break Start Time must be before/);
		await expectInvalid(createParams({ additionalFields: { breakStartTime: '12:00' } }), /Break End Time must be set together/);
	});

	it('robot, scene, recording and caller phones are required', async () => {
		// n8n itself refuses an empty required field; an expression that resolves to nothing reaches the node
		await expectInvalid(createParams({ sceneRecordId: '={{ $json.recording }}' }), /Recording is required/);
		await expectInvalid(createParams({ robotDefId: '={{ "abc" }}' }), /Robot must be a numeric ID/);
		await expectInvalid(createParams({ userPhoneIds: '={{ $json.lines }}' }), /Caller Phones needs at least one id/);
		await expectInvalid(createParams({ userPhoneIds: '={{ ["201", "x"] }}' }), /Caller Phones must contain only numeric ids/);
	});

	it('page sizes are capped: 50 for call records and not-dialed lists, 100 for tasks', async () => {
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), options: { pageSize: 51 } },
			/Page Size must be at most 50/,
		);
		await expectInvalid(
			{ resource: 'customer', operation: 'listNotDialed', taskId: task(6001), options: { pageSize: 60 } },
			/Page Size must be at most 50/,
		);
		await expectInvalid({ resource: 'task', operation: 'getMany', options: { pageSize: 101 } }, /Page Size must be at most 100/);
	});

	it('duration and chat round ranges: left ≤ right', async () => {
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { durationLeft: 60, durationRight: 10 } },
			/Min Duration \(Seconds\) must not exceed Max Duration \(Seconds\) \(60 > 10\)/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { chatRoundLeft: 5, chatRoundRight: 2 } },
			/Min Rounds must not exceed Max Rounds/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), afterIndex: -2 },
			/Only Records After Index must be at least -1/,
		);
	});

	it('import: every customer needs a phone; one bad item stops the whole run before any request', async () => {
		const items = [{ json: { phone: '13900000001' } }, { json: { phone: '' } }, { json: { phone: '13900000003' } }];
		const result = await expectInvalid({ resource: 'customer', operation: 'import', taskId: task(6001) }, /Phone Number is required/, items);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001) },
			/Phone Number must be a phone number/,
			[{ json: { phone: 'abc' } }],
		);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001), options: { batchSize: 10001 } },
			/Batch Size must be at most 10000/,
			[{ json: { phone: '13900000001' } }],
		);
	});

	it('the company must resolve from the parameter or the credential default', async () => {
		const none = { companyId: '' };
		await expectInvalid(createParams(), /Company is required: choose a company, or set a Default Company ID/, undefined, none);
		await expectInvalid(
			{ resource: 'customer', operation: 'import', taskId: task(6001) },
			/Company is required/,
			[{ json: { phone: '13900000001' } }],
			none,
		);
		await expectInvalid({ resource: 'company', operation: 'listPhones' }, /Company is required/, undefined, none);
		await expectInvalid({ resource: 'company', operation: 'listPhones', companyId: 'acme' }, /Company must be a numeric company ID/);
	});

	it('single calls validate the phone and the analysis-result filter rows', async () => {
		await expectInvalid(
			{ resource: 'call', operation: 'callNumber', mobile: '={{ $json.phone }}', robotDefId: '301', sceneDefId: '401', sceneRecordId: '501' },
			/Phone Number is required/,
		);
		await expectInvalid(
			{ resource: 'callRecord', operation: 'getMany', taskId: task(6001), filters: { results: { result: [{ name: '客户意向等级', value: '' }] } } },
			/Analysis Results row 1 needs a name and a value/,
		);
	});
});
