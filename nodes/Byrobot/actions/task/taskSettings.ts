/**
 * The task settings Create and Update share: the fields, and the bodies validated against
 * VENDORS.md §2 "Rules" before anything is sent.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { readWorkingHours, workingHoursFields, type WorkingHoursOptions } from '../../../core/builders/workingHours';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import { checkBreak, checkDate, compact, formatCstDateTime, oneOf, parseNumericIds } from '../../../core/validation';
import { companyField, robotFields } from '../../descriptions';
import { companyIdOf, numericId, taskIdOf } from '../../params';
import { collectionField, dynamicOptionsField } from '../../../core/builders/fields';

/**
 * Seed 001 sets no limit (its example: 08:00–22:00). The vendor's newer docs (indata-public/slate
 * task.md "注意点", since 2019-01-29) say "电话任务外呼时间范围 9：00-20：00": told, not enforced.
 */
const WORKING_WINDOW: WorkingHoursOptions = {
	start: { name: 'workingStartTime', displayName: 'Working Start Time' },
	end: { name: 'workingEndTime', displayName: 'Working End Time' },
	note: 'Byrobot’s newer docs allow calls only 09:00–20:00; the node does not enforce it (its 2018 API document sets no limit)',
};

export const taskTypeField: INodeProperties = {
	displayName: 'Task Type',
	name: 'taskType',
	type: 'options',
	options: [
		{ name: 'Manual (Start via Start Task)', value: 2 },
		{ name: 'Scheduled (Starts on Start Date)', value: 1 },
	],
	default: 2,
};

export const startDateField: INodeProperties = {
	displayName: 'Start Date',
	name: 'startDate',
	type: 'dateTime',
	default: '',
	description:
		'The day calling starts (yyyy-MM-dd, China Standard Time). Required for a scheduled task; a manual task without one is sent today’s date.',
};

export const callTypeField: INodeProperties = {
	displayName: 'Call Type',
	name: 'callType',
	type: 'options',
	options: [
		{ name: 'Landline', value: 1 },
		{ name: 'Mobile (SIM)', value: 0 },
		{ name: 'No Caller ID', value: 2 },
	],
	default: 1,
	description: 'Kind of caller line; must match the type of the chosen caller phones',
};

export const phonesField = dynamicOptionsField({
	displayName: 'Caller Phone Names or IDs',
	name: 'userPhoneIds',
	method: 'getPhones',
	dependsOn: ['companyId'],
	description: 'Lines to call from (userPhoneId).',
	multiple: true,
	required: true,
});

export const concurrencyField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrencyQuota',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description: 'Concurrent calls (AI seats); at most the company’s seats',
};

export const createFields: INodeProperties[] = [
	companyField(),
	{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '', required: true },
	taskTypeField,
	startDateField,
	...robotFields,
	phonesField,
	callTypeField,
	concurrencyField,
	...workingHoursFields(WORKING_WINDOW),
	collectionField('additionalFields', [
		{
			displayName: 'Break End Time',
			name: 'breakEndTime',
			type: 'string',
			default: '13:00',
			placeholder: '13:00',
			description: 'HH:mm; end of the daily pause, inside the working window',
		},
		{
			displayName: 'Break Start Time',
			name: 'breakStartTime',
			type: 'string',
			default: '12:00',
			placeholder: '12:00',
			description: 'HH:mm; start of the daily pause, inside the working window',
		},
		{ displayName: 'Remark', name: 'remark', type: 'string', default: '' },
		{
			displayName: 'Send SMS',
			name: 'sendSms',
			type: 'boolean',
			default: false,
			description: 'Whether to send SMS messages (smsType 1) as configured in the vendor console',
		},
	]),
];

function taskType(p: ItemParams): 1 | 2 {
	return Number(oneOf(String(p.get('taskType', 2)), ['1', '2'] as const, 'Task Type')) as 1 | 2;
}

function callType(p: ItemParams): number {
	return Number(oneOf(String(p.get('callType', 1)), ['0', '1', '2'] as const, 'Call Type'));
}

/** Start Date: required for a scheduled task (VENDORS.md §2 "Rules"); a manual task gets today (seed 001 marks it required). */
function startDate(p: ItemParams, type: 1 | 2, required: boolean): string | undefined {
	const raw = p.get<string>('startDate', '');
	if (raw) return checkDate(raw, 'Start Date');
	if (type === 1 && required) throw new ValidationError('Start Date', 'is required for a scheduled task (Task Type 1)');
	return required ? formatCstDateTime(Date.now()).slice(0, 10) : undefined;
}

/** Validates VENDORS.md §2 "Rules" and builds the createTask body of seed 001. */
export async function createTaskBody(p: ItemParams): Promise<IDataObject> {
	const extra = p.collection('additionalFields');
	const type = taskType(p);
	const body: IDataObject = {
		taskName: p.string('taskName', 'Task Name'),
		taskType: type,
		startDate: startDate(p, type, true),
	};
	const window = readWorkingHours(p, WORKING_WINDOW);
	let pause: { start: string; end: string } | undefined;
	if (extra.breakStartTime !== undefined || extra.breakEndTime !== undefined) {
		if (extra.breakStartTime === undefined || extra.breakEndTime === undefined) {
			throw new ValidationError('Break Start Time', 'and Break End Time must be set together');
		}
		pause = checkBreak(extra.breakStartTime, extra.breakEndTime, window, ['Break Start Time', 'Break End Time']);
	}
	const result = compact({
		...body,
		workingStartTime: window.start,
		workingEndTime: window.end,
		breakStartTime: pause?.start,
		breakEndTime: pause?.end,
		userPhoneIds: parseNumericIds(p.get('userPhoneIds', []), 'Caller Phones', true),
		callType: callType(p),
		concurrencyQuota: checkInteger(p.get('concurrencyQuota', 1), 'Concurrency', 1),
		robotDefId: numericId(p, 'robotDefId', 'Robot'),
		sceneDefId: numericId(p, 'sceneDefId', 'Scene'),
		sceneRecordId: numericId(p, 'sceneRecordId', 'Recording'),
		smsType: extra.sendSms === undefined ? undefined : extra.sendSms ? 1 : 0,
		remark: extra.remark as string | undefined,
	});
	// resolved last so every parameter rule is reported before a missing company
	return { companyId: await companyIdOf(p), ...result };
}

/** seed 001 "修改任务并发数": all seven fields required; userPhoneIds is a String "255,244" */
export async function updateTaskBody(p: ItemParams): Promise<IDataObject> {
	const type = taskType(p);
	const body = compact({
		taskId: taskIdOf(p),
		taskName: p.string('taskName', 'Task Name'),
		taskType: type,
		startDate: startDate(p, type, false),
		userPhoneIds: parseNumericIds(p.get('userPhoneIds', []), 'Caller Phones', true).join(','),
		callType: callType(p),
		concurrencyQuota: checkInteger(p.get('concurrencyQuota', 1), 'Concurrency', 1),
	});
	return { companyId: await companyIdOf(p), ...body };
}
