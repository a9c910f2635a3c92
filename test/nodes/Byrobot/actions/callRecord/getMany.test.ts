/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { addRecords, bodies, jsonOf, makeTask, run, sim, task, useEmulator } from '../../support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Call Record
// ---------------------------------------------------------------------------------------------

describe('call record', () => {
	it('get many: every seed 002 filter is sent; intent letter, labels and seconds added', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [
			{ finishStatus: 0, duration: 27, chatRound: 5, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 80, chatRound: 5, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 30, chatRound: 1, intent: 'A级(较强)' },
			{ finishStatus: 0, duration: 30, chatRound: 5, intent: 'B级(一般)' },
			{ finishStatus: 8, duration: 0, chatRound: 0, intent: 'F级' },
		]);
		const out = jsonOf(
			await run({
				resource: 'callRecord',
				operation: 'getMany',
				simplify: false,
				taskId: task(taskId),
				returnAll: true,
				afterIndex: -1,
				filters: {
					durationLeft: 10,
					durationRight: 60,
					chatRoundLeft: 2,
					chatRoundRight: 10,
					finishStatus: 0,
					results: { result: [{ name: '客户意向等级', value: 'A级(较强)' }] },
				},
				options: { pageSize: 20 },
			}),
		);
		expect(bodies('/task/queryDoneTaskPhones')).toEqual([
			{
				callJobId: taskId,
				durationLeft: 10,
				durationRight: 60,
				chatRoundLeft: 2,
				chatRoundRight: 10,
				finishStatus: 0,
				index: -1,
				resultQueryList: [{ name: '客户意向等级', value: 'A级(较强)' }],
				pageNum: 1,
				pageSize: 20,
			},
		]);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({
			callJobId: taskId,
			duration: '27秒',
			durationSeconds: 27,
			finishStatus: 0,
			finishStatusLabel: 'answered',
			status: 2,
			statusLabel: 'done',
			intentLevel: 'A',
			resultList: expect.arrayContaining([{ name: '客户意向等级', value: 'A级(较强)' }]),
		});
	});

	it('get many: the index cursor returns only newer records across two runs', async () => {
		const taskId = await makeTask();
		addRecords(taskId, [{}, {}, {}]);
		const params = { resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true, simplify: false };
		const first = jsonOf(await run({ ...params, afterIndex: -1 }));
		expect(first).toHaveLength(3);
		const cursor = Math.max(...first.map((r) => r.callIndex as number));
		expect(cursor).toBe(2);
		const newer = addRecords(taskId, [{ customerName: '新客户1' }, { customerName: '新客户2' }]);
		const second = jsonOf(await run({ ...params, afterIndex: cursor }));
		expect(second.map((r) => r.callInstanceId).sort()).toEqual(newer.map((c) => c.callInstanceId).sort());
		expect(second.map((r) => r.customerName).sort()).toEqual(['新客户1', '新客户2']);
		expect(bodies('/task/queryDoneTaskPhones')[0]).toMatchObject({ index: 2 });
		const third = jsonOf(await run({ ...params, afterIndex: Math.max(...second.map((r) => r.callIndex as number)) }));
		expect(third).toEqual([]);
	});

	it('get many: Return All pages through 50 at a time; Limit caps the result', async () => {
		const taskId = await makeTask();
		addRecords(taskId, Array.from({ length: 120 }, () => ({})));
		const all = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true, simplify: false }));
		expect(all).toHaveLength(120);
		expect(new Set(all.map((r) => r.callInstanceId)).size).toBe(120);
		expect(bodies('/task/queryDoneTaskPhones').map((b) => [b.pageNum, b.pageSize])).toEqual([
			[1, 50],
			[2, 50],
			[3, 50],
		]);
		sim.server.clearLog();
		const some = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: false, limit: 70, simplify: false }));
		expect(some).toHaveLength(70);
		expect(sim.server.log).toHaveLength(2);
	});

	it('get many with Simplify: the shared call record shape', async () => {
		const taskId = await makeTask();
		const [call] = addRecords(taskId, [{ finishStatus: 0, duration: 27, chatRound: 4, intent: 'B级(一般)', customerName: '王五' }]);
		const [out] = jsonOf(await run({ resource: 'callRecord', operation: 'getMany', taskId: task(taskId), returnAll: true, simplify: true }));
		expect(out).toEqual({
			callId: String(call.callInstanceId),
			jobId: String(taskId),
			phone: call.customerTelephone,
			customerName: '王五',
			status: 'answered',
			intentLevel: 'B',
			durationSeconds: 27,
			startTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
			recordingUrl: expect.stringContaining(`/oss/${call.luyinOssUrl}?OSSAccessKeyId=`),
			transcript: '',
			// the same key the Byrobot triggers emit: call id and the attempt's end time
			dedupKey: expect.stringMatching(new RegExp(`^byrobot:call:${String(call.callInstanceId)}:\\d{4}-\\d{2}-\\d{2}T`)),
		});
	});
});
