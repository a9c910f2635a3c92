/**
 * The Tanyi emulator itself, over real HTTP: it must refuse what the vendor refuses (VENDORS.md
 * §1), so a node test that passes against it sent the right request.
 */
import { call, createJob, customers, sim, useEmulator } from './testHelpers';

describe('Tanyi emulator', () => {
	useEmulator();

	describe('customers', () => {
		it('refuses 101 customers with 412 and leaves the state unchanged; accepts 100', async () => {
			const id = await createJob(sim);
			const tooMany = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(101) });
			expect(tooMany.json.code).toBe(412);
			expect(tooMany.json.resultMsg).toMatch(/customerPersons/);
			expect(sim.state.tasks).toHaveLength(0);
			expect(sim.state.customers).toHaveLength(0);

			const noPhone = customers(60);
			delete (noPhone[50] as { phoneNumber?: string }).phoneNumber;
			const missing = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: noPhone });
			expect(missing.json.code).toBe(412);
			expect(missing.json.resultMsg).toMatch(/customerPersons\[50\]\.phoneNumber/);
			expect(sim.state.tasks).toHaveLength(0);

			const empty = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: [] });
			expect(empty.json.code).toBe(412);
			const nested = await call(sim, 'POST', '/job/importCustomer', {
				robotCallJobId: id,
				customerPersons: [{ phoneNumber: '13800000000', properties: { a: { b: 1 } } }],
			});
			expect(nested.json.resultMsg).toMatch(/properties\.a/);

			const ok = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(100) });
			expect(ok.json).toEqual({ code: 200, data: null, requestId: expect.any(String), resultMsg: expect.any(String), errorStackTrace: null });
			expect(sim.state.tasks).toHaveLength(100);

			const noJob = await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: 999999, customerPersons: customers(1) });
			expect(noJob.json.code).toBe(404);
			const noId = await call(sim, 'POST', '/job/importCustomer', { customerPersons: customers(1) });
			expect(noId.json.code).toBe(412);
			expect(noId.json.resultMsg).toMatch(/robotCallJobId/);
		});

		it('keeps duplicate phone numbers but counts them', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(3) });
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(2) });
			expect(sim.state.tasks).toHaveLength(5);
			expect(sim.state.duplicatePhoneImports).toBe(2);
		});

		it('imports asynchronously up to 10,000 and de-duplicates a repeated batchId', async () => {
			const id = await createJob(sim);
			const first = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-1', customerPersons: customers(250) });
			expect(first.json.data).toEqual({ batchId: 'b-1', importedCount: 250, duplicate: false });
			const again = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-1', customerPersons: customers(250) });
			expect(again.json.code).toBe(200);
			expect(again.json.data.duplicate).toBe(true);
			expect(sim.state.tasks).toHaveLength(250);
			const big = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, batchId: 'b-2', customerPersons: customers(10_001, '139') });
			expect(big.json.code).toBe(412);
			const noBatch = await call(sim, 'POST', '/job/importCustomerAsync', { robotCallJobId: id, customerPersons: customers(1) });
			expect(noBatch.json.resultMsg).toMatch(/batchId/);
		});

		it('lists and deletes to-be-called customers (comma-separated or repeated ids)', async () => {
			const id = await createJob(sim);
			await call(sim, 'POST', '/job/importCustomer', { robotCallJobId: id, customerPersons: customers(45) });
			const list = await call(sim, 'GET', `/callRecord/toBeCalledList?robotCallJobId=${id}&pageNum=3&pageSize=20`);
			expect(list.json.data).toMatchObject({ number: 3, pageSize: 20, totalElements: 45, pages: 3 });
			expect(list.json.data.content).toHaveLength(5);
			expect(list.json.data.content[0]).toMatchObject({ status: 'NOT_STARTED', customerPersonName: 'Customer 40', properties: { 欠款金额: '50' } });

			const ids = sim.state.tasks.map((t) => t.robotCallTaskId);
			const one = await call(sim, 'POST', '/callRecord/deleteRobotCallTask', { robotCallTaskId: ids[0] });
			expect(one.json.code).toBe(200);
			const gone = await call(sim, 'POST', '/callRecord/deleteRobotCallTask', { robotCallTaskId: ids[0] });
			expect(gone.json.code).toBe(404);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&robotCallTaskIds=${ids[1]},${ids[2]}`);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&robotCallTaskIds=${ids[3]}&robotCallTaskIds=${ids[4]}&calledPhoneNumber=nomatch`);
			expect(sim.state.tasks).toHaveLength(40);
			await call(sim, 'GET', `/callRecord/deleteRobotCallTaskList?robotCallJobId=${id}&calledPhoneNumber=13800130044`);
			expect(sim.state.tasks).toHaveLength(39);
			const wrongMethod = await call(sim, 'POST', '/callRecord/deleteRobotCallTaskList', { robotCallJobId: id });
			expect(wrongMethod.status).toBe(405);
		});
	});
});
