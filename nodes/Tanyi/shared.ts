import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { unwrapCodeEnvelope } from '../core/envelope';
import type { VendorSpec } from '../core/types';

export const tanyi: VendorSpec = {
	displayName: 'Tanyi',
	credentialType: 'tanyiApi',
	unwrap: unwrapCodeEnvelope,
};

const options = (values: Array<[string, string]>): INodePropertyOptions[] =>
	values.map(([value, name]) => ({ name, value }));

/** VENDORS.md §1 "Enums" */
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
	['SYSTEM_ERROR', 'System Error'],
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

export const REDIAL_CONDITIONS = options([
	['CALL_LOSS', 'Call Loss'],
	['NO_ANSWER', 'No Answer'],
	['BUSY', 'Busy'],
	['REFUSED', 'Refused'],
	['POWER_OFF', 'Powered Off'],
	['OUT_OF_SERVICE', 'Out of Service'],
	['CAN_NOT_CONNECT', 'Cannot Connect'],
	['FROM_PHONE_ERROR', 'Caller Line in Arrears'],
	['SYSTEM_ERROR', 'Call Failed'],
]);

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

/** The job picker: from a searchable list, or by id. */
export function jobLocator(overrides: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Job',
		name: 'jobId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The calling job (任务)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchJobs', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 139',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A job ID is a number' } }],
			},
		],
		...overrides,
	};
}
