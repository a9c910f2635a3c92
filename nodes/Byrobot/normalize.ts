import type { IDataObject } from 'n8n-workflow';
import { addSeconds, cstToIso, intentLetter, num, str, type CallRecord, type CallStatus, type IntentLevel, type TranscriptLine } from '../core/callRecord';
import { isObject } from '../core/util';
import { INTENT_RESULT_NAME } from './api';
import { CALL_STATUS_LABELS, FINISH_STATUS_LABELS, HANG_UP_LABELS, TASK_STATUS_LABELS, TASK_TYPE_LABELS, label } from './options';

/** finishStatus (VENDORS.md §2) → the shared call status */
const STATUS: Record<number, CallStatus> = {
	0: 'answered',
	1: 'refused',
	2: 'unreachable',
	3: 'caller_line_error',
	4: 'vacant_number',
	5: 'powered_off',
	6: 'busy',
	7: 'out_of_service',
	8: 'no_answer',
	9: 'arrears',
	10: 'call_loss',
	11: 'blacklisted',
	22: 'unreachable',
};

/**
 * The intent letter A–F from analysis results: list records carry `resultList[{name, value}]`
 * (seed 002), call details and callbacks `taskResult[{resultName, resultValue,
 * artificialResultValue, resultValueAlias, …}]` (indata-public/slate CallBack.md). A person's
 * label (artificialResultValue) wins, then the letter the vendor gives (resultValueAlias), then the
 * leading letter of the value; the wording differs by account ("A级(较强)", "A级(有明确意向)").
 */
export function intentFromResults(results: unknown): IntentLevel | null {
	if (!Array.isArray(results)) return null;
	for (const row of results) {
		if (!isObject(row)) continue;
		const name = row.name ?? row.resultName;
		if (name === INTENT_RESULT_NAME || row.analyzeType === 'BY_ANALYZE_USER_LEVEL') {
			const letter =
				intentLetter(row.artificialResultValue) ?? intentLetter(row.resultValueAlias) ?? intentLetter(row.value ?? row.resultValue);
			if (letter) return letter;
		}
	}
	return null;
}

/** "27秒", "1分27秒", 27 → seconds: Byrobot prints list durations with the Chinese minute (分) and second (秒) marks */
export function durationSeconds(value: unknown): number | null {
	if (typeof value === 'number') return value;
	const text = String(value ?? '').trim();
	const match = /^(?:(\d+)\s*分)?\s*(\d+)\s*秒?$/.exec(text);
	if (!match) return num(text);
	return Number(match[1] ?? 0) * 60 + Number(match[2]);
}

function transcriptOf(phoneLog: unknown): TranscriptLine[] {
	const lines = isObject(phoneLog) && Array.isArray(phoneLog.phoneLogs) ? (phoneLog.phoneLogs as IDataObject[]) : [];
	return lines.map((line) => ({
		speaker: String(line.speaker).toUpperCase() === 'AI' ? 'bot' : 'customer',
		text: String(line.content ?? ''),
	}));
}

/** a task (list entry or detail) with readable labels next to the numbers */
export function enrichTask(task: IDataObject): IDataObject {
	return {
		...task,
		statusLabel: label(TASK_STATUS_LABELS, task.status),
		jobTypeLabel: label(TASK_TYPE_LABELS, task.jobType),
	};
}

/** a queryDoneTaskPhones record: intent letter, labels and the duration in seconds added */
export function enrichCallListRecord(record: IDataObject): IDataObject {
	return {
		...record,
		intentLevel: intentFromResults(record.resultList),
		statusLabel: label(CALL_STATUS_LABELS, record.status),
		finishStatusLabel: label(FINISH_STATUS_LABELS, record.finishStatus),
		durationSeconds: durationSeconds(record.duration),
	};
}

/** a phoneLogInfo answer: the raw parts plus the main facts on top, transcript included */
export function enrichCallDetail(detail: IDataObject): IDataObject {
	const instance = isObject(detail.sceneInstance) ? detail.sceneInstance : {};
	return {
		callInstanceId: instance.callInstanceId ?? null,
		callJobId: instance.callJobId ?? null,
		customerTelephone: instance.customerTelephone ?? null,
		customerName: instance.customerName ?? null,
		intentLevel: intentFromResults(detail.taskResult),
		status: instance.status ?? null,
		statusLabel: label(CALL_STATUS_LABELS, instance.status),
		finishStatus: instance.finishStatus ?? null,
		finishStatusLabel: label(FINISH_STATUS_LABELS, instance.finishStatus),
		hangUp: instance.hangUp ?? null,
		hangUpLabel: label(HANG_UP_LABELS, instance.hangUp),
		duration: instance.duration ?? null,
		chatRound: instance.chatRound ?? null,
		recordingUrl: (isObject(detail.phoneLog) ? detail.phoneLog.luyinOssUrl : undefined) ?? instance.luyinOssUrl ?? null,
		transcript: transcriptOf(detail.phoneLog) as unknown as IDataObject[],
		...detail,
	};
}

/**
 * A Byrobot call in the shared shape: a queryDoneTaskPhones record (flat, `resultList`,
 * duration as "27秒"), a phoneLogInfo answer or a CALL_INSTANCE_RESULT callback (`sceneInstance`,
 * `taskResult`, `phoneLog`).
 */
export function normalizeByrobotCall(raw: IDataObject): CallRecord {
	const detailed = isObject(raw.sceneInstance);
	const instance = detailed ? (raw.sceneInstance as IDataObject) : raw;
	const finishStatus = num(instance.finishStatus);
	const callStatus = num(instance.status);
	let status: CallStatus = 'unknown';
	if (finishStatus !== null) status = STATUS[finishStatus] ?? 'unknown';
	else if (callStatus !== null && callStatus !== 2) status = 'pending';
	const startTime = cstToIso(instance.startTime);
	const seconds = durationSeconds(instance.duration);
	const phoneLog = isObject(raw.phoneLog) ? raw.phoneLog : undefined;
	return {
		vendor: 'byrobot',
		// inbound calls carry inboundInstanceId instead (IS `CallBack.md` 呼入回调接口)
		callId: str(instance.callInstanceId ?? instance.inboundInstanceId),
		jobId: str(instance.callJobId),
		phone: str(instance.customerTelephone),
		customerName: str(instance.customerName),
		status,
		intentLevel: intentFromResults(detailed ? raw.taskResult : raw.resultList),
		durationSeconds: seconds,
		rounds: num(instance.chatRound),
		startTime,
		endTime: cstToIso(instance.endTime) ?? addSeconds(startTime, seconds),
		recordingUrl: str(phoneLog?.luyinOssUrl ?? instance.luyinOssUrl),
		transcript: transcriptOf(phoneLog),
		raw,
	};
}

/**
 * A manual intent edit carries only `taskResult[{sceneInstanceId, resultName, resultValue}]`:
 * as a call record it has the call id and the new intent level, nothing else.
 */
export function normalizeByrobotIntentEdit(data: IDataObject): CallRecord {
	const rows = Array.isArray(data.taskResult) ? (data.taskResult as unknown[]).filter(isObject) : [];
	// CallBack.md 手动修改客户意向等级回调接口: the call is taskResult[].sceneInstanceId
	const id = rows.map((row) => row.sceneInstanceId).find((v) => v !== undefined && v !== null);
	return {
		vendor: 'byrobot',
		callId: str(id),
		jobId: null,
		phone: null,
		customerName: null,
		status: 'unknown',
		intentLevel: intentFromResults(rows),
		durationSeconds: null,
		rounds: null,
		startTime: null,
		endTime: null,
		recordingUrl: null,
		transcript: [],
		raw: data,
	};
}
