import { listOf, pick, toOptions } from '../../../nodes/core/lookups';

describe('lookups read only the documented shape', () => {
	it('takes a bare list (strings become {value}) and treats null as empty', () => {
		expect(listOf([{ dialogFlowId: 2 }, '欠款金额'])).toEqual([{ dialogFlowId: 2 }, { value: '欠款金额' }]);
		expect(listOf(null)).toEqual([]);
	});

	it('guesses no list key: an object answer is an error naming the endpoint', () => {
		expect(() => listOf({ content: [{ id: 1 }] }, 'GET /phone/getPhoneList')).toThrow(
			'Unexpected answer from GET /phone/getPhoneList: data is not a list',
		);
		expect(() => listOf({ list: [] })).toThrow(/not a list/);
	});

	it('reads one documented id field, never a fallback', () => {
		const records = [{ tenantPhoneNumberId: 348, phoneName: 'Line A' }, { id: 7, phoneName: 'Undocumented id' }];
		expect(toOptions(records, 'tenantPhoneNumberId', (r, id) => `${pick(r, 'phoneName')} (${id})`)).toEqual([
			{ name: 'Line A (348)', value: '348', description: undefined },
		]);
		expect(pick({ name: '', groupName: 'A' }, 'name')).toBeUndefined();
	});
});
