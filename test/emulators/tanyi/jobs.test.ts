/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { call, createJob, jobBody, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('job create / modify rules', () => {
		it('creates a valid job (LANDLINE, MOBILE without concurrencyQuota, AUTO with startTime, redial trio)', async () => {
			const id = await createJob(sim);
			expect(sim.state.jobs.find((j) => j.robotCallJobId === id)?.status).toBe('NOT_STARTED');
			await createJob(sim, { concurrencyQuota: undefined, jobPhoneNumberIdList: [401, 402] }, { phoneType: 'MOBILE' });
			await createJob(
				sim,
				{},
				{ mode: 'AUTO', startTime: '2030-01-01 10:00:00', redialCondition: ['BUSY', 'NO_ANSWER'], redialInterval: 6, redialTimes: 10 },
			);
			await createJob(sim, { jobPhoneNumberIdList: [900] }, { phoneType: 'CALL_POLICY_GROUP' });
			// seed 000 更新说明: several UNFIXED_CALL lines share one total concurrencyQuota
			await createJob(sim, { jobPhoneNumberIdList: [369, 370], concurrencyQuota: 2 }, { phoneType: 'UNFIXED_CALL' });
			await createJob(sim, {}, { dialogFlowId: 139, csStaffGroupId: 11 });
			await createJob(sim, { transferPhoneNumber: ['1523654789'] }, { dialogFlowId: 140 });
			expect(sim.state.jobs).toHaveLength(7);
		});

		const violations: Array<[string, Record<string, unknown>, Record<string, unknown>, RegExp]> = [
			['daily start before 09:00', {}, { dailyStartTime: '08:30' }, /dailyStartTime/],
			['daily end after 20:00', {}, { dailyEndTime: '21:00' }, /dailyEndTime/],
			['not HH:mm', {}, { dailyStartTime: '9:00' }, /dailyStartTime.*HH:mm/],
			['start not before end', {}, { dailyStartTime: '15:00', dailyEndTime: '15:00' }, /dailyStartTime/],
			['four inactive windows', {}, { inactiveTimeList: [1, 2, 3, 4].map((h) => ({ startTime: `1${h}:00`, endTime: `1${h}:30` })) }, /inactiveTimeList/],
			['inactive window outside daily window', {}, { dailyEndTime: '18:00', inactiveTimeList: [{ startTime: '17:00', endTime: '19:00' }] }, /inactiveTimeList\[0\]/],
			['inactive window reversed', {}, { inactiveTimeList: [{ startTime: '13:00', endTime: '12:00' }] }, /inactiveTimeList\[0\]\.startTime/],
			['AUTO without startTime', {}, { mode: 'AUTO' }, /startTime/],
			['bad mode', {}, { mode: 'SOMETIMES' }, /mode/],
			['bad phoneType', {}, { phoneType: 'FAX' }, /phoneType/],
			['LANDLINE with two lines', { jobPhoneNumberIdList: [348, 349] }, {}, /jobPhoneNumberIdList/],
			['CALL_POLICY_GROUP with two groups', { jobPhoneNumberIdList: [900, 901] }, { phoneType: 'CALL_POLICY_GROUP' }, /jobPhoneNumberIdList/],
			['CALL_POLICY_GROUP id is a phone line', { jobPhoneNumberIdList: [348] }, { phoneType: 'CALL_POLICY_GROUP' }, /call policy group does not exist/],
			['draft script', {}, { dialogFlowId: 150 }, /DRAFT, not APPROVED/],
			['LANDLINE id is a mobile line', { jobPhoneNumberIdList: [401] }, {}, /jobPhoneNumberIdList\[0\]/],
			['unknown line id', { jobPhoneNumberIdList: [77777] }, {}, /jobPhoneNumberIdList\[0\]/],
			['LANDLINE without concurrencyQuota', { concurrencyQuota: undefined }, {}, /concurrencyQuota/],
			['redial trio incomplete', {}, { redialCondition: ['BUSY'], redialTimes: 2 }, /redialInterval/],
			['redialInterval below 6', {}, { redialCondition: ['BUSY'], redialInterval: 5, redialTimes: 2 }, /redialInterval/],
			['redialTimes above 10', {}, { redialCondition: ['BUSY'], redialInterval: 6, redialTimes: 11 }, /redialTimes/],
			['redialCondition unknown', {}, { redialCondition: ['ANSWERED'], redialInterval: 6, redialTimes: 1 }, /redialCondition/],
			['redialCondition empty', {}, { redialCondition: [], redialInterval: 6, redialTimes: 1 }, /redialCondition/],
			['bad wechatSendMethod', {}, { wechatSendMethod: 'ALL' }, /wechatSendMethod/],
			['unknown dialogFlowId', {}, { dialogFlowId: 9999 }, /dialogFlowId/],
			['flow needs csStaffGroupId', {}, { dialogFlowId: 139 }, /csStaffGroupId/],
			['flow needs transferPhoneNumber', {}, { dialogFlowId: 140 }, /transferPhoneNumber/],
			['missing name', {}, { name: undefined }, /name/],
			['missing robotCount', {}, { robotCount: undefined }, /robotCount/],
		];
		it.each(violations)('refuses %s with 412 naming the field', async (_label, top, inner, field) => {
			const { status, json } = await call(sim, 'POST', '/job/create', jobBody(top, inner));
			expect(status).toBe(200);
			expect(json.code).toBe(412);
			expect(json.data).toBeNull();
			expect(json.resultMsg).toMatch(field);
			expect(sim.state.jobs).toHaveLength(0);
		});

		it('refuses a flat body without robotCallJob', async () => {
			const { json } = await call(sim, 'POST', '/job/create', { concurrencyQuota: 1, jobPhoneNumberIdList: [348], name: 'x', mode: 'MANUAL' });
			expect(json.code).toBe(412);
			expect(json.resultMsg).toMatch(/robotCallJob/);
		});

		it('modifies with robotCallJobId at top level or inside robotCallJob, applying the same rules', async () => {
			const id = await createJob(sim);
			const top = await call(sim, 'PATCH', '/job/modify', { ...jobBody({}, { name: 'Renamed' }), robotCallJobId: id });
			expect(top.json.code).toBe(200);
			expect(sim.state.jobs[0].name).toBe('Renamed');
			const inner = await call(sim, 'PATCH', '/job/modify', jobBody({}, { name: 'Inner', robotCallJobId: String(id) }));
			expect(inner.json.code).toBe(200);
			expect(sim.state.jobs[0].name).toBe('Inner');
			const bad = await call(sim, 'PATCH', '/job/modify', { ...jobBody({}, { dailyEndTime: '22:00' }), robotCallJobId: id });
			expect(bad.json.code).toBe(412);
			expect(bad.json.resultMsg).toMatch(/dailyEndTime/);
			expect(sim.state.jobs[0].dailyEndTime).toBe('20:00');
			const missing = await call(sim, 'PATCH', '/job/modify', { ...jobBody(), robotCallJobId: 424242 });
			expect(missing.json.code).toBe(404);
		});
	});
});
