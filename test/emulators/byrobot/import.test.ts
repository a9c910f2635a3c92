/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { startByrobotSimulator } from '.';
import { api, client, createTask, goodTask, sim, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('import', () => {
		it('de-duplicates phones inside a task (v2 counts, v1 returns null)', async () => {
			const id = await createTask();
			const r1 = await api('POST', '/openapi/v2/task/importTaskCustomer', {
				companyId: 1001,
				taskId: id,
				customerInfoList: [
					{ name: '甲', phone: '13900000001' },
					{ name: '乙', phone: '13900000002', properties: { k: 'v' } },
					{ name: '甲again', phone: '13900000001' },
				],
			});
			expect(r1.json.code).toBe(200);
			expect(r1.json.data).toEqual(expect.objectContaining({ successNum: 2, repeatNum: 1, placeFailNum: 0 }));
			const r2 = await api('POST', `${V1}/task/importTaskCustomer`, {
				companyId: 1001,
				taskId: id,
				customerInfoList: [{ name: '甲', phone: '13900000001' }, { name: '丙', phone: '13900000003' }],
			});
			expect(r2.json).toEqual(expect.objectContaining({ code: 200, data: null }));
			expect(sim.state.calls.filter((c) => c.callJobId === id).map((c) => c.customerTelephone)).toEqual(['13900000001', '13900000002', '13900000003']);
			const nd = await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id, pageNum: 1, pageSize: 2 });
			expect(nd.json.data).toEqual(expect.objectContaining({ pageNum: 1, pageSize: 2, total: 3, pages: 2 }));
			expect(nd.json.data.list[0]).toEqual(expect.objectContaining({ customerName: '甲', customerTelephone: '13900000001', status: 0, calledTimes: 0, corpName: '杭州模拟科技有限公司' }));
			expect((await api('POST', `${V1}/task/notDialedCustomerList`, { taskId: id, pageSize: 51 })).json.code).toBe(412);
		});

		it('requires phone and name per customer, enforces the per-request maximum and script variables', async () => {
			const id = await createTask();
			const noPhone = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: id, customerInfoList: [{ name: 'a', phone: '13900000001' }, { name: 'b' }] });
			expect(noPhone.json.code).toBe(412);
			expect(noPhone.json.resultMsg).toContain('customerInfoList[1].phone');
			expect(sim.state.calls).toHaveLength(0);
			const empty = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: id, customerInfoList: [] });
			expect(empty.json.resultMsg).toContain('customerInfoList');
			const small = await startByrobotSimulator({ importMax: 2, callsPerSecond: 0 });
			try {
				const c = client(small);
				const t = await c('POST', `${V1}/task/createTask`, goodTask());
				const big = await c('POST', `${V1}/task/importTaskCustomer`, {
					companyId: 1001, taskId: t.json.data, customerInfoList: [1, 2, 3].map((i) => ({ name: `n${i}`, phone: `1390000000${i}` })),
				});
				expect(big.json.code).toBe(412);
				expect(big.json.resultMsg).toContain('customerInfoList');
			} finally {
				await small.close();
			}
			// robot 302 uses variables 客户姓名 / 金额
			const vid = await createTask({ robotDefId: 302, sceneDefId: 402, sceneRecordId: 503 });
			const list = [
				{ name: 'ok', phone: '13900000011', properties: { 客户姓名: '张三', 金额: '100' } },
				{ name: 'bad', phone: '13900000012', properties: { 客户姓名: '李四' } },
			];
			const v1 = await api('POST', `${V1}/task/importTaskCustomer`, { companyId: 1001, taskId: vid, customerInfoList: list });
			expect(v1.json.code).toBe(412);
			expect(v1.json.resultMsg).toContain('金额');
			const v2 = await api('POST', '/openapi/v2/task/importTaskCustomer', { companyId: 1001, taskId: vid, customerInfoList: list });
			expect(v2.json.data).toEqual(expect.objectContaining({ successNum: 1, repeatNum: 0, placeFailNum: 1 }));
		});
	});
});
