/**
 * The Tanyi node executed by n8n's own engine (WorkflowExecute) against the Tanyi emulator over
 * real HTTP on loopback; the emulator's request log lets each test count what was sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { jsonOf } from '../../../../harness/nodeRunner';
import { createJob, createParams, run, sim, useEmulator } from '../../support';

useEmulator();

describe('Job', () => {
	it('creates a job with every seed field mapped into robotCallJob', async () => {
		const result = await run(
			createParams({
				mode: 'AUTO',
				startTime: '2026-12-01T09:30:00+08:00',
				additionalFields: {
					description: 'from n8n',
					inactiveTimeList: { window: [{ startTime: '12:00', endTime: '13:00' }] },
					redialCondition: ['NO_ANSWER', 'BUSY'],
					redialInterval: 30,
					redialTimes: 2,
					wechatSendMethod: 'SENDTOONE',
					smsAlertLevel: ['A', 'B'],
					alertUsers: '1, 2',
				},
			}),
		);
		const [out] = jsonOf(result);
		expect(out.robotCallJobId).toEqual(expect.any(Number));
		const created = sim.server.requests('/job/create')[0].body as IDataObject;
		expect(created).toMatchObject({
			concurrencyQuota: 2,
			jobPhoneNumberIdList: [348],
			robotCallJob: {
				name: 'Spring campaign',
				mode: 'AUTO',
				startTime: '2026-12-01 09:30:00',
				dialogFlowId: 2,
				phoneType: 'LANDLINE',
				robotCount: 2,
				inactiveTimeList: [{ startTime: '12:00', endTime: '13:00' }],
				redialCondition: ['NO_ANSWER', 'BUSY'],
				redialInterval: 30,
				redialTimes: 2,
				wechatSendMethod: 'SENDTOONE',
				smsAlertLevel: ['A', 'B'],
				alertUsers: [1, 2],
				description: 'from n8n',
			},
		});
		const stored = sim.state.jobs.find((j) => j.robotCallJobId === out.robotCallJobId);
		expect(stored?.status).toBe('NOT_STARTED');
	});

	it('sends several No Caller ID lines with one total concurrency (seed 000 更新说明)', async () => {
		const result = await run(createParams({ phoneType: 'UNFIXED_CALL', jobPhoneNumberIdList: ['369', '370'], concurrencyQuota: 2 }));
		expect(result.error).toBeUndefined();
		const body = sim.server.requests('/job/create')[0].body as IDataObject;
		expect(body).toMatchObject({ concurrencyQuota: 2, jobPhoneNumberIdList: [369, 370], robotCallJob: { phoneType: 'UNFIXED_CALL' } });
		expect(sim.state.jobs[0].jobPhoneNumberIdList).toEqual([369, 370]);
	});

	it('converts a UTC start time to China Standard Time', async () => {
		await createJob({ mode: 'AUTO', startTime: '2026-12-01T01:30:00Z' });
		const body = sim.server.requests('/job/create')[0].body as { robotCallJob: IDataObject };
		expect(body.robotCallJob.startTime).toBe('2026-12-01 09:30:00');
	});
});

describe('Validation before any request (VENDORS.md §1 rules)', () => {
	it('requires a staff group for a script with human intervention (humanInterventionExist; nothing created)', async () => {
		const result = await run(createParams({ dialogFlowId: '139' }));
		expect(result.error?.message).toMatch(/Staff Group is required: script 139 has human intervention/);
		expect(sim.server.requests('/dialogFlow/getDialogFlowCallJobRelatedInfo')[0].query).toEqual({ dialogFlowId: '139' });
		expect(sim.server.requests('/job/create')).toHaveLength(0);
		const ok = await run(createParams({ dialogFlowId: '139', additionalFields: { csStaffGroupId: '11' } }));
		expect(ok.error).toBeUndefined();
	});

	it('requires transfer numbers for a script that transfers to a human (jumpToHumanServiceExist; nothing created)', async () => {
		const result = await run(createParams({ dialogFlowId: '140' }));
		expect(result.error?.message).toMatch(/Transfer Phone Numbers are required: script 140 transfers calls to a human/);
		expect(sim.server.requests('/job/create')).toHaveLength(0);
		const ok = await run(createParams({ dialogFlowId: '140', additionalFields: { transferPhoneNumber: '1523654789, 1758426896' } }));
		expect(ok.error).toBeUndefined();
		expect((sim.server.requests('/job/create')[0].body as IDataObject).transferPhoneNumber).toEqual(['1523654789', '1758426896']);
	});

	it('checks the script on Update too', async () => {
		const id = await createJob();
		const result = await run({ ...createParams({ dialogFlowId: '140' }), operation: 'update', jobId: { __rl: true, mode: 'id', value: String(id) } });
		expect(result.error?.message).toMatch(/Transfer Phone Numbers are required/);
		expect(sim.server.requests('/job/modify')).toHaveLength(0);
	});
});
