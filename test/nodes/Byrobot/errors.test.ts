/**
 * The Byrobot node executed by n8n's own engine (WorkflowExecute) against the Byrobot emulator
 * over real HTTP on loopback; the emulator verifies every signature and enforces the seed rules.
 */
import { type IDataObject, NodeApiError } from 'n8n-workflow';
import { startByrobotSimulator } from '../../emulators/byrobot';
import { allLogs } from '../../harness';
import { json, jsonOf, makeTask, run, sim, task, useEmulator } from './support';

useEmulator();

// ---------------------------------------------------------------------------------------------
// Vendor failures, Continue On Fail, secrets
// ---------------------------------------------------------------------------------------------

describe('errors', () => {
	it('clock skew: the emulator rejects a datetime > 3 minutes off and the node surfaces code 408', async () => {
		const skewed = await startByrobotSimulator({ callsPerSecond: 0, now: () => Date.now() + 10 * 60_000 });
		try {
			const result = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { target: skewed });
			expect(result.error).toBeInstanceOf(NodeApiError);
			const error = result.error as NodeApiError;
			expect(error.description).toMatch(/vendor code 408/);
			expect(error.message).toMatch(/^Byrobot: request expired/);
			expect(skewed.server.log).toHaveLength(1);
		} finally {
			await skewed.close();
		}
	});

	it('bad signature (wrong secret): 401 with vendor code, message and requestId', async () => {
		const result = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { credentials: { appSecret: 'wrong-secret' } });
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		const answer = sim.server.log[0].response as IDataObject;
		expect(answer.code).toBe(401);
		expect(error.message).toBe(`Byrobot: ${String(answer.resultMsg)}`);
		expect(error.description).toContain('vendor code 401');
		expect(error.description).toContain(`requestId ${String(answer.requestId)}`);
		expect(error.description).toContain('endpoint GET /openapi/v1/company/getCompanys');
		expect(error.errorResponse).toMatchObject({ code: 401, requestId: answer.requestId });
	});

	it('Continue On Fail: error items for exactly the failed items, paired, in order', async () => {
		const taskId = await makeTask();
		const items = [{ json: { id: taskId } }, { json: { id: 9999 } }, { json: { id: 'x' } }, { json: { id: taskId } }];
		const result = await run({ resource: 'task', operation: 'get', taskId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } }, items, {
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const out = json(result);
		expect(out).toHaveLength(4);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0]).toMatchObject({ callJobId: taskId });
		expect(out[1]).toMatchObject({ code: 404, error: expect.stringMatching(/^Byrobot: taskId: task 9999 not found/), outcome: 'failed' });
		expect(out[2]).toMatchObject({ field: 'Task', outcome: 'not-sent' });
		expect(out[3]).toMatchObject({ callJobId: taskId });
		// the invalid item never left
		expect(sim.server.log).toHaveLength(3);
	});

	it('Continue On Fail on a batched import: only the refused batch becomes error items', async () => {
		const taskId = await makeTask();
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { phone: `1390000000${i}` } }));
		sim.server.injectFault({
			path: (req) => req.path.endsWith('/importTaskCustomer') && JSON.stringify(req.json).includes('13900000002'),
			response: { status: 200, body: { code: 412, data: null, resultMsg: 'busy', errorStackTrace: null, requestId: 'ABCDEFGH' } },
		});
		const result = await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 2 } }, items, {
			continueOnFail: true,
		});
		const out = json(result);
		expect(sim.server.requests('/importTaskCustomer')).toHaveLength(3);
		expect(out.map((o) => o.status)).toEqual(['imported', 'imported', 'refused', 'refused', 'imported']);
		expect(out[2]).toMatchObject({ phone: '13900000002', requestId: 'ABCDEFGH', code: 412, error: 'Byrobot: busy' });
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
	});

	it('an internal-error answer (code 500) means "unknown": the batch is sent again, Byrobot drops repeats', async () => {
		const taskId = await makeTask();
		const items = Array.from({ length: 5 }, (_, i) => ({ json: { phone: `1390000000${i}` } }));
		// carried out, then answered with the envelope's "unknown error"
		sim.server.injectFault({ path: '/importTaskCustomer', nth: 2, mode: 'commit-then-envelope-error' });
		const out = jsonOf(
			await run({ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 2, checkWait: 0 } }, items),
		);
		// the resent batch comes back as repeats (stored by the attempt whose answer was lost): skipped
		expect(out.map((o) => o.status)).toEqual(['imported', 'imported', 'skipped', 'skipped', 'imported']);
		expect(String(out[2].reason)).toMatch(/already in the job/i);
		expect(sim.server.requests('/importTaskCustomer')).toHaveLength(4);
		expect(sim.phonesOf(taskId).sort()).toEqual(items.map((i) => i.json.phone).sort());
	});

	it('a failed import batch without Continue On Fail says what was and was not sent', async () => {
		const taskId = await makeTask();
		sim.server.injectFault({
			path: (req) => req.path.endsWith('/importTaskCustomer') && JSON.stringify(req.json).includes('13900000002'),
			response: { status: 200, body: { code: 412, data: null, resultMsg: 'bad phone', errorStackTrace: null } },
		});
		const items = Array.from({ length: 6 }, (_, i) => ({ json: { phone: `1390000000${i}` } }));
		const result = await run(
			{ resource: 'customer', operation: 'import', taskId: task(taskId), options: { batchSize: 2, parallelRequests: 1 } },
			items,
		);
		expect(result.error).toBeInstanceOf(NodeApiError);
		const description = String((result.error as NodeApiError).description);
		expect(description).toMatch(/Of 6 item\(s\): 2 imported, .*2 refused, 0 with an unknown outcome, 2 not sent/);
		expect(description).toMatch(/Items 3–4 were not accepted by the vendor: bad phone\. Items 5–6 were not sent/);
		expect(sim.server.requests('/importTaskCustomer')).toHaveLength(2);
	});

	it('the app secret never appears in outputs, errors, logs or on the wire', async () => {
		const secret = sim.credentials.appSecret;
		const taskId = await makeTask();
		const good = await run({ resource: 'task', operation: 'get', taskId: task(taskId) });
		const bad = await run({ resource: 'company', operation: 'listCompanies' }, undefined, { credentials: { appSecret: `${secret}-wrong` } });
		const failed = await run({ resource: 'task', operation: 'get', taskId: task(424242) }, undefined, { continueOnFail: true });
		for (const result of [good, bad, failed]) {
			expect(JSON.stringify(result.items)).not.toContain(secret);
			expect(JSON.stringify(result.runData)).not.toContain(secret);
			expect(result.logs.join('\n')).not.toContain(secret);
			if (result.error) {
				const error = result.error as NodeApiError;
				expect(
					JSON.stringify({ message: error.message, description: error.description, response: error.errorResponse, stack: error.stack }),
				).not.toContain(secret);
			}
		}
		expect(JSON.stringify(bad.engineError)).not.toContain(secret);
		expect(allLogs().join('\n')).not.toContain(secret);
		expect(JSON.stringify(sim.server.log)).not.toContain(secret);
	});
});
