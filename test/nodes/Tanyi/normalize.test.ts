import { normalizeTanyiCall } from '../../../nodes/Tanyi/normalize';
import { tanyiCallRecords } from '../../../nodes/Tanyi/callRecordSource';

/** a list record as seed 003 prints it */
const listRecord = (over: Record<string, unknown> = {}) => ({
	callRecordId: 45022,
	robotCallJobId: 139,
	customerPersonId: 7171,
	calledPhoneNumber: '13800001111',
	resultStatus: 'ANSWERED',
	intentLevel: 'A',
	intentLevelName: '很好',
	realIntentLevel: null,
	startTime: '2018-08-04 11:57:33',
	chatDuration: 93,
	chatRound: 4,
	fullAudioUrl: 'https://audio.example/45022.wav',
	callDetailList: [
		{ text: '您好，请问是张三吗？', type: 'ROBOT', callDetailId: 1 },
		{ text: '是的', type: 'PERSON', callDetailId: 2 },
	],
	...over,
});

describe('normalizeTanyiCall', () => {
	it('maps a list record onto the shared call record', () => {
		const raw = listRecord();
		expect(normalizeTanyiCall(raw)).toEqual({
			vendor: 'tanyi',
			callId: '45022',
			jobId: '139',
			phone: '13800001111',
			// seed 003's list has no name (customerPersonName is only a filter)
			customerName: null,
			status: 'answered',
			intentLevel: 'A',
			durationSeconds: 93,
			rounds: 4,
			startTime: '2018-08-04T11:57:33+08:00',
			endTime: '2018-08-04T11:59:06+08:00',
			recordingUrl: 'https://audio.example/45022.wav',
			transcript: [
				{ speaker: 'bot', text: '您好，请问是张三吗？' },
				{ speaker: 'customer', text: '是的' },
			],
			raw,
		});
	});

	it('reads the name only where Tanyi documents it (callDetail customerPerson.name), not an undocumented customerPersonName', () => {
		expect(normalizeTanyiCall(listRecord({ customerPersonName: '张三' })).customerName).toBeNull();
		expect(normalizeTanyiCall(listRecord({ customerPerson: { name: '李四', phoneNumber: '13900002222' } })).customerName).toBe('李四');
	});

	it.each([
		['ANSWERED', 'answered'],
		['NO_ANSWER', 'no_answer'],
		['BUSY', 'busy'],
		['POWER_OFF', 'powered_off'],
		['OUT_OF_SERVICE', 'out_of_service'],
		['REFUSED', 'refused'],
		['VACANT_NUMBER', 'vacant_number'],
		['CAN_NOT_CONNECT', 'unreachable'],
		['FROM_PHONE_ERROR', 'caller_line_error'],
		['SYSTEM_ERROR', 'system_error'],
		['CALL_LOSS', 'call_loss'],
		['TRANSFER_ARTIFICIAL', 'transfer_loss'],
		['SOMETHING_NEW', 'unknown'],
	])('status %s → %s', (resultStatus, status) => {
		expect(normalizeTanyiCall(listRecord({ resultStatus })).status).toBe(status);
	});

	it('reads the intent letter from any wording, and a manual label wins', () => {
		expect(normalizeTanyiCall(listRecord({ intentLevel: 'A级（较强）' })).intentLevel).toBe('A');
		expect(normalizeTanyiCall(listRecord({ intentLevel: 'E级别(需要再次跟进)' })).intentLevel).toBe('E');
		expect(normalizeTanyiCall(listRecord({ intentLevel: 'D', realIntentLevel: 'B' })).intentLevel).toBe('B');
		expect(normalizeTanyiCall(listRecord({ intentLevel: 'Z' })).intentLevel).toBeNull();
		// the trigger's Intent Level filter reads the same
		expect(tanyiCallRecords.intent(listRecord({ intentLevel: 'D', realIntentLevel: 'B' }))).toBe('B');
	});

	it('prints times as ISO 8601 with +08:00, whatever the vendor format', () => {
		// callDetail prints `yyyy-MM-ddTHH:mm:ss` (seed 003)
		const detail = normalizeTanyiCall(listRecord({ startTime: '2018-10-02T16:54:08', endTime: '2018-10-02T16:54:38' }));
		expect(detail.startTime).toBe('2018-10-02T16:54:08+08:00');
		expect(detail.endTime).toBe('2018-10-02T16:54:38+08:00');
		expect(normalizeTanyiCall(listRecord({ startTime: null })).startTime).toBeNull();
		// the trigger orders by the same instant
		expect(tanyiCallRecords.time(listRecord())).toBe(Date.parse('2018-08-04T03:57:33Z'));
	});

	it('takes the duration in seconds (seed 003: an integer)', () => {
		expect(normalizeTanyiCall(listRecord({ chatDuration: 27 })).durationSeconds).toBe(27);
		expect(normalizeTanyiCall(listRecord({ chatDuration: '27' })).durationSeconds).toBe(27);
		expect(normalizeTanyiCall(listRecord({ chatDuration: 0 })).durationSeconds).toBe(0);
	});

	it('reads phone and name from customerPerson (callDetail shape)', () => {
		const detail = normalizeTanyiCall({
			callRecordId: 1,
			customerPerson: { name: '李四', phoneNumber: '13900002222' },
			resultStatus: 'NO_ANSWER',
			callDetailList: [],
		});
		expect(detail).toMatchObject({ phone: '13900002222', customerName: '李四', status: 'no_answer', transcript: [] });
	});
});
