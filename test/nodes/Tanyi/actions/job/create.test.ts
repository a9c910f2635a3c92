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

	it('converts a UTC start time to China Standard Time', async () => {
		await createJob({ mode: 'AUTO', startTime: '2026-12-01T01:30:00Z' });
		const body = sim.server.requests('/job/create')[0].body as { robotCallJob: IDataObject };
		expect(body.robotCallJob.startTime).toBe('2026-12-01 09:30:00');
	});
});

describe('Validation before any request (VENDORS.md §1 rules)', () => {
	it('requires a staff group for a script with human hand-off (looked up, nothing created)', async () => {
		const result = await run(createParams({ dialogFlowId: '139' }));
		expect(result.error?.message).toMatch(/Staff Group is required/);
		expect(sim.server.requests('/job/create')).toHaveLength(0);
		const ok = await run(createParams({ dialogFlowId: '139', additionalFields: { csStaffGroupId: '11' } }));
		expect(ok.error).toBeUndefined();
	});
});
