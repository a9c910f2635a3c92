/**
 * Autodialer hang-up notifications → the shared call record.
 *
 * The callback is not documented (VENDORS.md §3). The shape assumed here [inferred] is one
 * object per finished call: `call_id, task_uuid, number, name, variables, status (0–12),
 * status_label, duration (seconds talked), answered_at, hangup_at, record_url`, times in
 * China Standard Time. Common FreeSWITCH-style aliases are accepted as well (`uuid`,
 * `task_id`, `phone`/`callee`, `billsec`, `answer_time`, `end_time`, `record_file`, …) and
 * numbers may arrive as strings (form bodies).
 */
import type { IDataObject } from 'n8n-workflow';
import { cstToIso, intentLetter, num, simplifiedCall, str, type CallRecord, type CallStatus, type TranscriptLine } from '../core/callRecord';

/** Number / call status (VENDORS.md §3) → the shared call status */
export const AUTODIALER_STATUS: Readonly<Record<number, CallStatus>> = {
	0: 'pending',
	1: 'answered',
	2: 'caller_line_error',
	3: 'refused',
	4: 'no_answer',
	5: 'vacant_number',
	6: 'powered_off',
	7: 'out_of_service',
	8: 'busy',
	// 呼入限制: the callee's line does not accept incoming calls
	9: 'unreachable',
	10: 'arrears',
	11: 'blacklisted',
	12: 'call_loss',
};

function first(raw: IDataObject, names: string[]): unknown {
	for (const name of names) {
		const value = raw[name];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
}

export function autodialerCallId(raw: IDataObject): string | null {
	return str(first(raw, ['call_id', 'callId', 'uuid', 'call_uuid', 'id']));
}

function transcriptOf(value: unknown): TranscriptLine[] {
	let lines = value;
	if (typeof lines === 'string') {
		try {
			lines = JSON.parse(lines) as unknown;
		} catch {
			return [];
		}
	}
	if (!Array.isArray(lines)) return [];
	const out: TranscriptLine[] = [];
	for (const line of lines) {
		if (typeof line !== 'object' || line === null) continue;
		const entry = line as IDataObject;
		const who = String(entry.speaker ?? entry.role ?? entry.type ?? '').toLowerCase();
		const text = entry.text ?? entry.content ?? entry.message;
		if (text === undefined || text === null) continue;
		out.push({ speaker: ['ai', 'bot', 'robot', 'system', 'assistant'].includes(who) ? 'bot' : 'customer', text: String(text) });
	}
	return out;
}

/** the hang-up time of a notification, ISO with +08:00, or null */
export function autodialerHangUp(raw: IDataObject): string | null {
	return cstToIso(first(raw, ['hangup_at', 'hangup_time', 'end_time', 'endTime']));
}

/** One hang-up notification (JSON or form-decoded) as the shared call record. */
export function normalizeAutodialerCall(raw: IDataObject): CallRecord {
	const code = num(first(raw, ['status', 'call_status', 'state']));
	const status: CallStatus = code === null ? 'unknown' : (AUTODIALER_STATUS[code] ?? 'unknown');
	const durationSeconds = num(first(raw, ['duration', 'billsec', 'talk_time']));
	const endTime = autodialerHangUp(raw);
	let startTime = cstToIso(first(raw, ['answered_at', 'answer_time', 'start_time', 'startTime']));
	if (startTime === null && endTime !== null && durationSeconds !== null && status === 'answered') {
		startTime = cstToIso(Date.parse(endTime) - durationSeconds * 1000);
	}
	return simplifiedCall({
		vendor: 'autodialer',
		callId: autodialerCallId(raw),
		jobId: str(first(raw, ['task_uuid', 'task_id', 'taskId', 'task'])),
		phone: str(first(raw, ['number', 'phone', 'callee', 'destination_number', 'mobile'])),
		customerName: str(first(raw, ['name', 'customer_name', 'customerName'])),
		status,
		intentLevel: intentLetter(first(raw, ['intent_level', 'intention', 'intent', 'level'])),
		durationSeconds,
		startTime,
		recordingUrl: str(first(raw, ['record_url', 'recording_url', 'record_file', 'recordUrl'])),
		transcript: transcriptOf(first(raw, ['transcript', 'dialogue', 'chat_log'])),
	});
}
