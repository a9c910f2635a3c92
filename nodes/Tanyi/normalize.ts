import type { IDataObject } from 'n8n-workflow';
import { addSeconds, cstToIso, intentLetter, num, str, type CallRecord, type CallStatus, type TranscriptLine } from '../core/callRecord';

const STATUS: Record<string, CallStatus> = {
	ANSWERED: 'answered',
	NO_ANSWER: 'no_answer',
	BUSY: 'busy',
	POWER_OFF: 'powered_off',
	OUT_OF_SERVICE: 'out_of_service',
	REFUSED: 'refused',
	VACANT_NUMBER: 'vacant_number',
	CAN_NOT_CONNECT: 'unreachable',
	FROM_PHONE_ERROR: 'caller_line_error',
	SYSTEM_ERROR: 'system_error',
	CALL_LOSS: 'call_loss',
	TRANSFER_ARTIFICIAL: 'transfer_loss',
};

/**
 * A Tanyi call record (list item, callDetail, or ROBOT_CALL_RECORD callback) in the shared shape.
 * The phone is `calledPhoneNumber` (list, callback) or `customerPerson.phoneNumber` (callDetail).
 */
export function normalizeTanyiCall(raw: IDataObject): CallRecord {
	const person = (raw.customerPerson as IDataObject | undefined) ?? {};
	const startTime = cstToIso(raw.startTime);
	const durationSeconds = num(raw.chatDuration);
	const transcript: TranscriptLine[] = ((raw.callDetailList as IDataObject[] | undefined) ?? []).map((line) => ({
		speaker: String(line.type).toUpperCase() === 'ROBOT' ? 'bot' : 'customer',
		text: String(line.text ?? ''),
	}));
	return {
		vendor: 'tanyi',
		callId: str(raw.callRecordId),
		jobId: str(raw.robotCallJobId),
		phone: str(raw.calledPhoneNumber ?? person.phoneNumber),
		// only callDetail names the customer (customerPerson.name); the list and the callback do not (seed 003, callBack.md)
		customerName: str(person.name),
		status: raw.resultStatus ? (STATUS[String(raw.resultStatus)] ?? 'unknown') : 'unknown',
		// a human correction (realIntentLevel) wins over the robot's judgement
		intentLevel: intentLetter(raw.realIntentLevel) ?? intentLetter(raw.intentLevel),
		durationSeconds,
		rounds: num(raw.chatRound),
		startTime,
		endTime: cstToIso(raw.endTime) ?? addSeconds(startTime, durationSeconds),
		recordingUrl: str(raw.fullAudioUrl),
		transcript,
		raw,
	};
}
