/** Tanyi's enums (VENDORS.md §1 "Enums") as dropdown options. */
import type { INodePropertyOptions } from 'n8n-workflow';

const options = (values: Array<[string, string]>): INodePropertyOptions[] =>
	values.map(([value, name]) => ({ name, value }));

export const JOB_STATUSES = options([
	['NOT_STARTED', 'Not Started'],
	['IN_PROCESS', 'In Process'],
	['COMPLETED', 'Completed'],
	['RUNNABLE', 'Runnable'],
	['USER_PAUSE', 'Paused by User'],
	['SYSTEM_SUSPENDED', 'Suspended by System'],
	['TERMINATE', 'Terminated'],
	['IN_QUEUE', 'In Queue'],
	['SYSTEM_HANG_UP', 'Hung Up by System'],
	['WAITING_FOR_REDIAL', 'Waiting for Redial'],
	['ACCOUNT_DISABLE', 'Account Disabled'],
	['MAINTAIN', 'Maintenance'],
]);

/**
 * One wording per value. The seeds word FROM_PHONE_ERROR three ways (seed 003 "主叫号码不可用",
 * seed 000 reAddCustomerToJob "主叫停机" and redialCondition "主叫欠费"): one label covers them.
 */
export const CALL_RESULTS = options([
	['ANSWERED', 'Answered'],
	['NO_ANSWER', 'No Answer'],
	['BUSY', 'Busy'],
	['POWER_OFF', 'Powered Off'],
	['OUT_OF_SERVICE', 'Out of Service'],
	['REFUSED', 'Refused'],
	['VACANT_NUMBER', 'Vacant Number'],
	['CAN_NOT_CONNECT', 'Cannot Connect'],
	['FROM_PHONE_ERROR', 'Caller Line Unavailable'],
	['SYSTEM_ERROR', 'Call Failed (System Error)'],
	['CALL_LOSS', 'Call Loss (Concurrency)'],
	['TRANSFER_ARTIFICIAL', 'Call Loss (Transfer to Human)'],
]);

export const INTENT_LEVELS = options([
	['A', 'A (Strong)'],
	['B', 'B (Average)'],
	['C', 'C (Unclear)'],
	['D', 'D (Weak)'],
	['E', 'E (Follow Up Again)'],
	['F', 'F (No Follow-Up)'],
]);

/** the results a job may redial on (seed 000 redialCondition), worded as CALL_RESULTS */
export const REDIAL_CONDITIONS = [
	'CALL_LOSS',
	'NO_ANSWER',
	'BUSY',
	'REFUSED',
	'POWER_OFF',
	'OUT_OF_SERVICE',
	'CAN_NOT_CONNECT',
	'FROM_PHONE_ERROR',
	'SYSTEM_ERROR',
].map((value) => CALL_RESULTS.find((o) => o.value === value)!);

export const TASK_STATUSES = options([
	['NOT_STARTED', 'Not Started'],
	['IN_PROCESS', 'In Process'],
	['COMPLETED', 'Completed'],
	['RETRY', 'Retry'],
	['AUTO_RETRY', 'Auto Redial'],
	['IN_CACHE', 'In Cache'],
]);

export const FOLLOW_STATUSES = options([
	['CLUE', 'Lead'],
	['AI_INITIAL_VISIT', 'AI First Visit'],
	['PEOPLE_INITIAL_VISIT', 'Human First Visit'],
	['AI_FOLLOW_UP', 'AI Follow-Up'],
	['PEOPLE_FOLLOW_UP', 'Human Follow-Up'],
	['QUOTE', 'Quote'],
	['DEAL', 'Deal'],
	['LOSS', 'Lost'],
]);

export const PHONE_TYPES = ['MOBILE', 'LANDLINE', 'UNFIXED_CALL', 'CALL_POLICY_GROUP'] as const;
export const WECHAT_SEND_METHODS = ['SENDTOALL', 'SENDTOONE', 'SENDTONONE'] as const;
/** the intent levels by their numeric code (A = 0 … F = 5), as the *AlertLevelCode fields take them */
export const INTENT_CODES = INTENT_LEVELS.map((o, code) => ({ name: `${o.name} = ${code}`, value: code }));

/** the callback event types (VENDORS.md §1 "Callbacks") */
export const TANYI_EVENTS = ['ROBOT_CALL_RECORD', 'ROBOT_CALL_JOB', 'ROBOT_CALL_SMS'] as const;

/** the TASK_STATUSES values, for validating a typed Call Status */
export const TASK_STATUS_VALUES = TASK_STATUSES.map((o) => String(o.value));
