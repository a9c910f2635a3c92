import type { IDataObject } from 'n8n-workflow';

/** One vocabulary for the outcome of a call, whatever the vendor. */
export const CALL_STATUSES = [
	'answered',
	'no_answer',
	'busy',
	'refused',
	'powered_off',
	'out_of_service',
	'vacant_number',
	'unreachable',
	'caller_line_error',
	'call_loss',
	'transfer_loss',
	'blacklisted',
	'arrears',
	'system_error',
	'pending',
	'unknown',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export type IntentLevel = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface TranscriptLine {
	speaker: 'bot' | 'customer';
	text: string;
}

/** The nine flat fields a call's facts and its simplified record share. */
interface CallFields {
	callId: string | null;
	jobId: string | null;
	phone: string | null;
	customerName: string | null;
	status: CallStatus;
	intentLevel: IntentLevel | null;
	durationSeconds: number | null;
	startTime: string | null;
	recordingUrl: string | null;
}

/**
 * What a vendor's normaliser reads from one call: the facts behind the simplified record. Not an
 * output itself (it keeps the transcript as lines).
 */
export interface CallFacts extends CallFields {
	vendor: 'tanyi' | 'byrobot' | 'autodialer';
	transcript: TranscriptLine[];
	/** the vendor's upsert key (the one its triggers emit); default `<vendor>:call:<callId>` */
	dedupKey?: string | null;
}

/**
 * The Simplify shape (DESIGN.md "Outputs"), identical for every vendor: ten flat fields that map
 * straight into a sheet or a CRM, plus `dedupKey` for upserts. The vendor's object is the
 * non-simplified output.
 */
export interface CallRecord extends IDataObject, CallFields {
	/** one line per turn, `Bot: …` / `Customer: …` */
	transcript: string;
	dedupKey: string | null;
}

/** The flat record of one call; the transcript becomes one text, one turn per line. */
export function simplifiedCall(facts: CallFacts): CallRecord {
	const { vendor, transcript, dedupKey, ...fields } = facts;
	return {
		...fields,
		transcript: transcript.map((line) => `${line.speaker === 'bot' ? 'Bot' : 'Customer'}: ${line.text}`).join('\n'),
		dedupKey: dedupKey ?? (facts.callId === null ? null : `${vendor}:call:${facts.callId}`),
	};
}

/** "A级(较强)", "a", "B级" → the leading letter A–F; anything else → null */
export function intentLetter(value: unknown): IntentLevel | null {
	const match = /^\s*([A-Fa-f])(?![A-Za-z])/.exec(String(value ?? ''));
	return match ? (match[1].toUpperCase() as IntentLevel) : null;
}

/**
 * A vendor time as ISO 8601 with +08:00. The vendors print China Standard Time without a
 * zone (`2018-08-04 11:57:33`, `2018-10-02T16:54:08`); epoch milliseconds are converted.
 */
export function cstToIso(value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	if (typeof value === 'number' || /^\d{12,}$/.test(String(value))) {
		const d = new Date(Number(value) + 8 * 3600_000);
		return d.toISOString().replace(/\.\d{3}Z$/, '+08:00');
	}
	const text = String(value).trim();
	const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?/.exec(text);
	if (!match) return null;
	if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? null : cstToIso(ms);
	}
	return `${match[1]}T${match[2]}:${match[3] ?? '00'}+08:00`;
}

/** ISO +08:00 start plus a duration in seconds */
export function addSeconds(isoCst: string | null, seconds: number | null): string | null {
	if (!isoCst || seconds === null) return null;
	return cstToIso(Date.parse(isoCst) + seconds * 1000);
}

export function str(value: unknown): string | null {
	return value === undefined || value === null || value === '' ? null : String(value);
}

export function num(value: unknown): number | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}
