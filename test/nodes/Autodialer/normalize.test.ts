/**
 * nodes/Autodialer/normalize.ts: the (inferred) hang-up notification → the shared call record.
 */
import { CALL_STATUSES } from '../../../nodes/core/callRecord';
import { AUTODIALER_STATUS, autodialerCallId, normalizeAutodialerCall } from '../../../nodes/Autodialer/normalize';
import { AUTODIALER_CALL_STATUS } from '../../emulators/autodialer';

const answered = {
	call_id: 'c0ffee00-0000-4000-8000-000000000001',
	task_uuid: 'task-1',
	number: '13800138000',
	name: '张三',
	variables: { city: 'Hangzhou' },
	status: 1,
	status_label: 'success',
	duration: 65,
	answered_at: '2024-06-01 10:00:05',
	hangup_at: '2024-06-01 10:01:10',
	record_url: 'https://rec.invalid/1.wav',
};

describe('normalizeAutodialerCall', () => {
	it('maps the emulator-shaped notification', () => {
		expect(normalizeAutodialerCall(answered)).toEqual({
			callId: answered.call_id,
			jobId: 'task-1',
			phone: '13800138000',
			customerName: '张三',
			status: 'answered',
			intentLevel: null,
			durationSeconds: 65,
			startTime: '2024-06-01T10:00:05+08:00',
			recordingUrl: 'https://rec.invalid/1.wav',
			transcript: '',
			dedupKey: `autodialer:call:${answered.call_id}`,
		});
	});

	it('reads form-decoded strings the same way', () => {
		const form = { ...answered, status: '1', duration: '65', variables: { city: 'Hangzhou' } };
		const record = normalizeAutodialerCall(form);
		expect(record).toMatchObject({ status: 'answered', durationSeconds: 65, startTime: '2024-06-01T10:00:05+08:00' });
		expect(record).not.toHaveProperty('raw');
	});

	it('an unanswered call has no start time and a zero duration', () => {
		const record = normalizeAutodialerCall({ ...answered, status: 4, status_label: 'no answer', duration: 0, answered_at: null, record_url: null });
		expect(record).toMatchObject({ status: 'no_answer', durationSeconds: 0, startTime: null, recordingUrl: null });
	});

	it('maps every documented status code to a shared status', () => {
		expect(Object.keys(AUTODIALER_STATUS).map(Number).sort((a, b) => a - b)).toEqual(
			Object.keys(AUTODIALER_CALL_STATUS).map(Number).sort((a, b) => a - b),
		);
		const expected: Record<number, string> = {
			1: 'answered',
			2: 'caller_line_error',
			3: 'refused',
			4: 'no_answer',
			5: 'vacant_number',
			6: 'powered_off',
			7: 'out_of_service',
			8: 'busy',
			9: 'unreachable',
			10: 'arrears',
			11: 'blacklisted',
			12: 'call_loss',
		};
		for (const [code, status] of Object.entries(expected)) {
			expect(normalizeAutodialerCall({ status: Number(code) }).status).toBe(status);
			expect(normalizeAutodialerCall({ status: code }).status).toBe(status);
			expect(CALL_STATUSES).toContain(status);
		}
		expect(normalizeAutodialerCall({ status: 0 }).status).toBe('pending');
		expect(normalizeAutodialerCall({ status: 99 }).status).toBe('unknown');
		expect(normalizeAutodialerCall({}).status).toBe('unknown');
	});

	it('accepts FreeSWITCH-style aliases and derives the start from the end and billsec', () => {
		const record = normalizeAutodialerCall({
			uuid: 'fs-uuid-1',
			task_id: 77,
			callee: '13900000000',
			status: '1',
			billsec: '30',
			end_time: '2024-06-01 12:00:30',
			record_file: 'https://rec.invalid/2.wav',
			intention: 'B级',
			transcript: JSON.stringify([
				{ role: 'robot', content: '您好' },
				{ role: 'user', content: '喂' },
				{ role: 'user' },
			]),
		});
		expect(record).toMatchObject({
			callId: 'fs-uuid-1',
			jobId: '77',
			phone: '13900000000',
			status: 'answered',
			durationSeconds: 30,
			startTime: '2024-06-01T12:00:00+08:00',
			recordingUrl: 'https://rec.invalid/2.wav',
			intentLevel: 'B',
			transcript: 'Bot: 您好\nCustomer: 喂',
		});
	});

	it('autodialerCallId prefers call_id and gives null without any id', () => {
		expect(autodialerCallId({ call_id: 'a', uuid: 'b' })).toBe('a');
		expect(autodialerCallId({ uuid: 'b' })).toBe('b');
		expect(autodialerCallId({ call_id: '' })).toBeNull();
		expect(autodialerCallId({})).toBeNull();
	});
});
