/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, createTask, sim, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('callbacks', () => {
		let receiver: http.Server;
		let receiverUrl = '';
		const received: Array<{ contentType: string; body: string }> = [];
		let failFirst = 0;

		beforeAll(async () => {
			receiver = http.createServer((req, res) => {
				const chunks: Buffer[] = [];
				req.on('data', (c: Buffer) => chunks.push(c));
				req.on('end', () => {
					received.push({ contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
					if (failFirst > 0) {
						failFirst--;
						// alternate a server error and a 200 without "success": both must be retried
						if (failFirst % 2 === 0) res.writeHead(500).end('error');
						else res.writeHead(200).end('{"ok":true}');
						return;
					}
					res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
				});
			});
			await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
			receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		});
		afterAll(async () => {
			await new Promise<void>((r) => receiver.close(() => r()));
		});
		beforeEach(() => {
			received.length = 0;
			failFirst = 0;
		});

		it('posts CALL_INSTANCE_RESULT per finished call and JOB_INFO_RESULT on completion', async () => {
			sim.setCallbackUrl(receiverUrl);
			const id = await createTask();
			await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13600000001' }, { name: 'b', phone: '13600000002' }] });
			await api('POST', `${V1}/task/start`, { taskId: id });
			const calls = sim.completeCalls(id);
			await sim.flushCallbacks();
			expect(sim.callbackDeliveries.map((d) => d.dataType)).toEqual(['CALL_INSTANCE_RESULT', 'CALL_INSTANCE_RESULT', 'JOB_INFO_RESULT']);
			expect(sim.callbackDeliveries.every((d) => d.state === 'delivered' && d.attempts.length === 1)).toBe(true);
			expect(received).toHaveLength(3);
			const first = JSON.parse(received[0].body);
			expect(received[0].contentType).toMatch(/^application\/json/);
			expect(first).toEqual(expect.objectContaining({ code: 200, resultMsg: expect.any(String) }));
			expect(first.data.dataType).toBe('CALL_INSTANCE_RESULT');
			expect(first.data.data.sceneInstance).toEqual(expect.objectContaining({ callInstanceId: calls[0].callInstanceId, callJobId: id, callIndex: 0, secondaryCallTimes: 0 }));
			expect(Array.isArray(first.data.data.taskResult)).toBe(true);
			expect(Array.isArray(first.data.data.phoneLog.phoneLogs)).toBe(true);
			const job = JSON.parse(received[2].body);
			expect(job.data).toEqual({ dataType: 'JOB_INFO_RESULT', data: expect.objectContaining({ callJobId: id, status: 2, companyId: 1001 }) });
		});

		it('retries until the receiver answers 200 with body success', async () => {
			sim.setCallbackUrl(receiverUrl, { textPlain: true });
			failFirst = 3;
			const id = await createTask();
			sim.addCallRecords(id, [{ finishStatus: 0, intent: 'A级(较强)' }]);
			await sim.flushCallbacks();
			const d = sim.callbackDeliveries[0];
			expect(d.state).toBe('delivered');
			expect(d.attempts.map((a) => a.status)).toEqual([500, 200, 500, 200]);
			expect(d.attempts[3].body).toBe('success');
			expect(received).toHaveLength(4);
			expect(received.every((r) => r.contentType.startsWith('text/plain'))).toBe(true);
			expect(JSON.parse(received[3].body).data.data.taskResult[0].resultValue).toBe('A级(较强)');
		});

		it('gives up after the configured number of retries', async () => {
			sim.setCallbackUrl(receiverUrl);
			failFirst = 100;
			sim.sendCallback({ dataType: 'INBOUND_CALL_INSTANCE_RESULT', data: { sceneInstance: { inboundInstanceId: 1 } } });
			await sim.flushCallbacks({ skipDelays: true });
			const d = sim.callbackDeliveries[0];
			expect(d.state).toBe('failed');
			expect(d.attempts).toHaveLength(6); // 1 + 5 retries
			expect(JSON.parse(received[0].body)).toEqual({ code: 200, data: { dataType: 'INBOUND_CALL_INSTANCE_RESULT', data: { sceneInstance: { inboundInstanceId: 1 } } }, resultMsg: '成功', errorStackTrace: null });
		});

		it('old-format accounts post call results without dataType (source/json/callBackOld)', async () => {
			sim.setCallbackUrl(receiverUrl, { oldFormat: true });
			const id = await createTask();
			const [call] = sim.addCallRecords(id, [{ finishStatus: 0, intent: 'A级(较强)' }]);
			await sim.flushCallbacks();
			const body = JSON.parse(received[0].body);
			expect(body.code).toBe(200);
			expect(body.data.dataType).toBeUndefined();
			expect(body.data.dateTime).toBeUndefined();
			expect(Object.keys(body.data).sort()).toEqual(['jobFinished', 'phoneLog', 'sceneInstance', 'sign', 'taskResult']);
			expect(body.data.sceneInstance.callInstanceId).toBe(call.callInstanceId);
			expect(sim.callbackDeliveries[0].dataType).toBe('CALL_INSTANCE_RESULT');
		});

		it('an inbound call carries inboundInstanceId and calleePhone, dateTime = the end in GMT', async () => {
			sim.setCallbackUrl(receiverUrl);
			const endAt = Date.parse('2019-01-24T15:28:09+08:00');
			sim.sendInboundCall({ customerTelephone: '1010', calleePhone: '057126881788', endAt });
			await sim.flushCallbacks();
			const body = JSON.parse(received[0].body);
			expect(body.data.dataType).toBe('INBOUND_CALL_INSTANCE_RESULT');
			const instance = body.data.data.sceneInstance;
			expect(instance).toEqual(expect.objectContaining({ inboundInstanceId: expect.any(Number), customerTelephone: '1010', calleePhone: '057126881788', endTime: '2019-01-24 15:28:09' }));
			expect(instance.callInstanceId).toBeUndefined();
			// the vendor's inbound example: endTime 15:28:09 (CST) and dateTime "Thu, 24 Jan 2019 07:28:09 GMT"
			expect(body.data.data.dateTime).toBe('Thu, 24 Jan 2019 07:28:09 GMT');
		});

		it('a call whose analysis is stored late is called back only then', async () => {
			sim.setCallbackUrl(receiverUrl);
			const id = await createTask();
			sim.addCallRecords(id, [{ finishStatus: 0, analysisDelayMs: 60 * 60_000 }]);
			await sim.flushCallbacks();
			expect(received).toHaveLength(0);
			sim.revealCalls();
			await sim.flushCallbacks();
			expect(received).toHaveLength(1);
		});

		it('sends a manual intent edit without sceneInstance', async () => {
			const id = await createTask();
			const [call] = sim.addCallRecords(id, [{ finishStatus: 0, intent: 'C级' }]);
			sim.setCallbackUrl(receiverUrl);
			sim.sendManualIntentEdit(call.callInstanceId, 'B');
			await sim.flushCallbacks();
			const body = JSON.parse(received[0].body);
			expect(body.data.dataType).toBe('CALL_INSTANCE_RESULT');
			expect(body.data.data.sceneInstance).toBeUndefined();
			expect(body.data.data.taskResult[0]).toEqual(expect.objectContaining({ sceneInstanceId: call.callInstanceId, resultName: '客户意向等级', resultValue: 'B' }));
		});
	});
});
