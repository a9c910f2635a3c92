/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { NodeApiError } from 'n8n-workflow';
import { Byrobot } from '../../../../../nodes/Byrobot/Byrobot.node';
import { bodies, createParams, jsonOf, run, sim, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Task
// ---------------------------------------------------------------------------------------------

describe('task', () => {
	it('create: sends the seed 001 body; the company comes from the credential default', async () => {
		const out = jsonOf(
			await run(
				createParams({
					concurrencyQuota: 2,
					workingStartTime: '09:30',
					workingEndTime: '18:00',
					additionalFields: { breakStartTime: '12:00', breakEndTime: '13:30', remark: '测试', sendSms: true },
				}),
			),
		);
		expect(out).toEqual([{ taskId: 6001, taskName: '房产回访' }]);
		const [body] = bodies('/task/createTask');
		expect(body).toEqual({
			companyId: 1001,
			taskName: '房产回访',
			taskType: 2,
			startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
			workingStartTime: '09:30',
			workingEndTime: '18:00',
			breakStartTime: '12:00',
			breakEndTime: '13:30',
			userPhoneIds: [201, 202],
			callType: 1,
			concurrencyQuota: 2,
			robotDefId: 301,
			sceneDefId: 401,
			sceneRecordId: 501,
			smsType: 1,
			remark: '测试',
		});
		const stored = sim.state.tasks.find((t) => t.callJobId === 6001)!;
		expect(stored).toMatchObject({ companyId: 1001, breakStartTime: '12:00:00', concurrencyQuota: 2 });
	});

	it('create: accepts seed 001\'s own working window 08:00–22:00 and says where newer docs are stricter', async () => {
		const result = await run(createParams({ workingStartTime: '08:00', workingEndTime: '22:00' }));
		expect(result.error).toBeUndefined();
		expect(bodies('/task/createTask')[0]).toMatchObject({ workingStartTime: '08:00', workingEndTime: '22:00' });
		const field = new Byrobot().description.properties.find(
			(p) => p.name === 'workingStartTime' && p.displayOptions?.show?.operation?.includes('create'),
		);
		expect(field?.description).toMatch(/newer docs allow calls only 09:00–20:00; the node does not enforce it/);
	});

	it('create: a scheduled task in another company (Company parameter wins over the default)', async () => {
		const out = jsonOf(
			await run(
				createParams({
					companyId: '1002',
					taskType: 1,
					startDate: '2030-05-01T00:00:00',
					robotDefId: '311',
					sceneDefId: '411',
					sceneRecordId: '511',
					userPhoneIds: ['211'],
				}),
			),
		);
		expect(out[0].taskId).toBe(6001);
		expect(bodies('/task/createTask')[0]).toMatchObject({ companyId: 1002, taskType: 1, startDate: '2030-05-01', userPhoneIds: [211] });
		expect(sim.state.tasks.find((t) => t.callJobId === 6001)).toMatchObject({ companyId: 1002, jobType: 1, startDate: '2030-05-01' });
	});

	it('create: a vendor refusal (call type not matching the lines) surfaces as NodeApiError with code 412', async () => {
		const result = await run(createParams({ callType: 0 }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error!.message).toMatch(/^Byrobot: callType/);
		expect((result.error as NodeApiError).description).toMatch(/vendor code 412/);
	});
});
