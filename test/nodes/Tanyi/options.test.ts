import { CALL_RESULTS, REDIAL_CONDITIONS } from '../../../nodes/Tanyi/options';

describe('Tanyi enum labels', () => {
	it('words each call result once: the redial conditions use the call-result labels (vendor-facts Q10)', () => {
		for (const condition of REDIAL_CONDITIONS) {
			expect(condition).toEqual(CALL_RESULTS.find((o) => o.value === condition.value));
		}
		expect(REDIAL_CONDITIONS.map((o) => o.value)).toEqual([
			'CALL_LOSS', 'NO_ANSWER', 'BUSY', 'REFUSED', 'POWER_OFF', 'OUT_OF_SERVICE', 'CAN_NOT_CONNECT', 'FROM_PHONE_ERROR', 'SYSTEM_ERROR',
		]);
	});
});
