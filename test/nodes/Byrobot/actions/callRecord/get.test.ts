/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { addRecords, jsonOf, makeTask, run, sim, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Call Record
// ---------------------------------------------------------------------------------------------

describe('call record', () => {
	it('get: phoneLogInfo with transcript, intent letter and labels; Simplify gives the shared shape', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [
			{
				finishStatus: 0,
				duration: 87,
				chatRound: 2,
				intent: 'A级（较强）',
				hangUp: 1,
				phoneLogs: [
					{ speaker: 'AI', content: '您好，请问是张先生吗？' },
					{ speaker: 'ME', content: '是我' },
				],
			},
		]);
		const [out] = jsonOf(
			await run({ resource: 'callRecord', operation: 'get', callInstanceId: '={{ $json.id }}' }, [{ json: { id: call.callInstanceId } }]),
		);
		expect(sim.server.log[0].query).toEqual({ callInstanceId: String(call.callInstanceId) });
		expect(out).toMatchObject({
			callInstanceId: call.callInstanceId,
			intentLevel: 'A',
			finishStatus: 0,
			finishStatusLabel: 'answered',
			hangUp: 1,
			hangUpLabel: 'customer',
			duration: 87,
			transcript: [
				{ speaker: 'bot', text: '您好，请问是张先生吗？' },
				{ speaker: 'customer', text: '是我' },
			],
			sceneInstance: expect.objectContaining({ callInstanceId: call.callInstanceId }),
			taskResult: expect.arrayContaining([expect.objectContaining({ resultName: '客户意向等级' })]),
			phoneLog: expect.objectContaining({ phoneLogs: expect.any(Array) }),
		});
		const [simple] = jsonOf(await run({ resource: 'callRecord', operation: 'get', callInstanceId: String(call.callInstanceId), simplify: true }));
		expect(simple).toMatchObject({
			vendor: 'byrobot',
			callId: String(call.callInstanceId),
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 87,
			rounds: 2,
			transcript: [
				{ speaker: 'bot', text: '您好，请问是张先生吗？' },
				{ speaker: 'customer', text: '是我' },
			],
		});
	});

	it('get: a person\'s intent label (artificialResultValue) wins over the robot\'s', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [{ finishStatus: 0, intent: 'B级(一般)' }]);
		sim.sendManualIntentEdit(call.callInstanceId, 'A级(有明确意向)');
		const [out] = jsonOf(await run({ resource: 'callRecord', operation: 'get', callInstanceId: String(call.callInstanceId) }));
		const row = (out.taskResult as Array<Record<string, unknown>>).find((r) => r.resultName === '客户意向等级');
		expect(row).toMatchObject({ resultValue: 'B级(一般)', artificialResultValue: 'A级(有明确意向)', artificialChanged: 1, resultValueAlias: 'B' });
		expect(out.intentLevel).toBe('A');
		const [simple] = jsonOf(await run({ resource: 'callRecord', operation: 'get', callInstanceId: String(call.callInstanceId), simplify: true }));
		expect(simple.intentLevel).toBe('A');
	});
});
