/**
 * The Byrobot Callback Trigger and the formats the vendor documents besides the current envelope
 * (issue 11): old accounts without dataType, inbound calls, dateTime, stale deliveries.
 */
import type { IDataObject } from 'n8n-workflow';
import { cstToIso } from '../../../../nodes/core/callRecord';
import { formatCst } from '../../../emulators/shared/http';
import { expectAck, expectRejected } from '../../../harness/callbackAssertions';
import { emitted } from '../../../harness/nodeRunner';
import { callData, ENDED, envelope, hook, post, sceneInstance, sim, startLoop, useEmulator } from './support';

useEmulator();

const HOUR = 3_600_000;

describe('Byrobot Callback Trigger: vendor formats', () => {
	it('REQUIRED: an old-format call result without dataType is a call result, not a 400', async () => {
		const { sceneInstance: instance, taskResult, phoneLog } = callData();
		const old = { code: 200, data: { sceneInstance: instance, taskResult, phoneLog, jobFinished: false, sign: null }, resultMsg: '获取成功', errorStackTrace: null };
		const result = await hook(post(old), { simplify: true });
		expectAck(result);
		expect(emitted(result)?.[0]).toMatchObject({ vendor: 'byrobot', callId: '880001', intentLevel: 'A', dedupKey: `byrobot:call:880001:${cstToIso(ENDED)}` });
		// and the same call in the current format is recognised as the same delivery
		const staticData: IDataObject = {};
		expect(emitted(await hook(post(old), {}, staticData))).toHaveLength(1);
		expect((await hook(post(envelope('CALL_INSTANCE_RESULT', callData())), {}, staticData)).response.workflowData).toBeUndefined();
	});

	it('the emulator in old-format mode: every call starts one run', async () => {
		const loop = await startLoop({ simplify: true });
		try {
			sim.setCallbackUrl(`${loop.url}?token=byrobot-callback-secret-0123456789`, { oldFormat: true });
			sim.sendInboundCall(); // inbound keeps the current format
			const delivery = sim.sendCallback({ dataType: 'CALL_INSTANCE_RESULT', data: { ...callData(), jobFinished: false, sign: null } });
			await sim.flushCallbacks();
			expect(delivery?.payload).not.toHaveProperty('data.dataType');
			expect(sim.callbackDeliveries.every((d) => d.state === 'delivered')).toBe(true);
			expect(loop.runs.map((r) => r[0].callId).sort()).toEqual(['100001', '880001']);
		} finally {
			await loop.close();
		}
	});

	it('REQUIRED: an inbound call is identified by inboundInstanceId', async () => {
		const instance: IDataObject = { ...sceneInstance(), inboundInstanceId: 1091, calleePhone: '057126881788' };
		delete instance.callInstanceId;
		const inbound = { ...callData(), sceneInstance: instance };
		const staticData: IDataObject = {};
		const result = await hook(post(envelope('INBOUND_CALL_INSTANCE_RESULT', inbound)), { simplify: true }, staticData);
		expect(emitted(result)?.[0]).toMatchObject({ callId: '1091', phone: '13800138000', dedupKey: `byrobot:inbound:1091:${cstToIso(ENDED)}` });
		// a second inbound call is not taken for a repeat of the first
		const other = { ...inbound, sceneInstance: { ...instance, inboundInstanceId: 1092 } };
		expect(emitted(await hook(post(envelope('INBOUND_CALL_INSTANCE_RESULT', other)), {}, staticData))).toHaveLength(1);
		expect((await hook(post(envelope('INBOUND_CALL_INSTANCE_RESULT', inbound)), {}, staticData)).response.workflowData).toBeUndefined();
	});

	it('REQUIRED: a call that ended beyond the Max Callback Age (28 h) is refused with 401', async () => {
		const old = callData({ endTime: formatCst(ENDED - 30 * HOUR), callInstanceId: 880002 });
		expectRejected(await hook(post(envelope('CALL_INSTANCE_RESULT', old))));
		// 26 hours: inside the vendor's retry schedule (26 h 46 min)
		expectAck(await hook(post(envelope('CALL_INSTANCE_RESULT', callData({ endTime: formatCst(ENDED - 26 * HOUR) })))));
		// configurable
		const relaxed = await hook(post(envelope('CALL_INSTANCE_RESULT', old)), { options: { maxAgeHours: 48 } });
		expect(emitted(relaxed)).toHaveLength(1);
	});

	it('dateTime, when present, dates the callback (both GMT spellings the docs show)', async () => {
		const recent = new Date(ENDED).toUTCString(); // "Thu, 24 Jan 2019 07:28:09 GMT"
		expectAck(await hook(post(envelope('CALL_INSTANCE_RESULT', { ...callData({ callInstanceId: 3 }), dateTime: recent }))));
		// Java Date.toString(), as in the outbound example ("Thu Oct 16 07:13:48 GMT 2014"): old, refused
		const refused = await hook(post(envelope('CALL_INSTANCE_RESULT', { ...callData({ callInstanceId: 4 }), dateTime: 'Thu Oct 16 07:13:48 GMT 2014' })));
		expectRejected(refused);
		expect(refused.logs.join('\n')).toMatch(/dateTime 2014-10-16T07:13:48/);
		// a manual intent edit carries no call time: it is not dated, only de-duplicated
		const edit = envelope('CALL_INSTANCE_RESULT', { taskResult: [{ sceneInstanceId: 1, resultName: '客户意向等级', resultValue: 'B' }] });
		expect(emitted(await hook(post(edit)))).toHaveLength(1);
	});
});
