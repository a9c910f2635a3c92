/**
 * The job settings Create and Update share: the fields, and the body validated against every
 * rule of VENDORS.md §1 before anything is sent.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { readWorkingHours, workingHoursFields, type WorkingHoursOptions } from '../../../core/builders/workingHours';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import { send } from '../../../core/transport';
import { isObject } from '../../../core/util';
import { checkBreak, checkCstDateTime, compact, oneOf, parseIdList, parseNumericIds } from '../../../core/validation';
import { MULTI_LINE_TYPES, SCRIPT_FLAGS, tanyi } from '../../api';
import { INTENT_CODES, INTENT_LEVELS, PHONE_TYPES, REDIAL_CONDITIONS, WECHAT_SEND_METHODS } from '../../options';
import { collectionField, dynamicOptionsField } from '../../../core/builders/fields';

/** seed 000: dailyStartTime "不可以早于9点", dailyEndTime "不可以晚于20点" */
const DAILY_WINDOW: WorkingHoursOptions = {
	start: { name: 'dailyStartTime', displayName: 'Daily Start Time' },
	end: { name: 'dailyEndTime', displayName: 'Daily End Time' },
	bounds: { earliest: '09:00', latest: '20:00' },
};

export const jobFields: INodeProperties[] = [
	{ displayName: 'Job Name', name: 'name', type: 'string', default: '', required: true },
	dynamicOptionsField({
		displayName: 'Script Name or ID',
		name: 'dialogFlowId',
		method: 'getDialogFlows',
		description: 'The dialog flow the robot speaks.',
		required: true,
	}),
	{
		displayName: 'Line Type',
		name: 'phoneType',
		type: 'options',
		options: [
			{ name: 'Mobile (SIM)', value: 'MOBILE' },
			{ name: 'Landline', value: 'LANDLINE' },
			{ name: 'No Caller ID', value: 'UNFIXED_CALL' },
			{ name: 'Call Policy Group', value: 'CALL_POLICY_GROUP' },
		],
		default: 'LANDLINE',
		description: 'Kind of caller line',
	},
	dynamicOptionsField({
		displayName: 'Caller Line Names or IDs',
		name: 'jobPhoneNumberIdList',
		method: 'getPhones',
		dependsOn: ['phoneType'],
		description:
			'Lines of the chosen Line Type (tenantPhoneNumberId). Mobile: one per robot; No Caller ID: one or more, sharing the Concurrency; Landline: exactly one; Call Policy Group: exactly one policy group.',
		multiple: true,
		required: true,
	}),
	{
		displayName: 'Concurrency',
		name: 'concurrencyQuota',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Concurrent calls in total (with several No Caller ID lines the vendor shares them out); not used for mobile lines',
		displayOptions: { hide: { phoneType: ['MOBILE'] } },
	},
	{
		displayName: 'AI Seats',
		name: 'robotCount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description: 'Number of robots',
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Manual (Start via Start Job)', value: 'MANUAL' },
			{ name: 'Automatic (Starts at Start Time)', value: 'AUTO' },
		],
		default: 'MANUAL',
	},
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		default: '',
		// not `required` for n8n: an empty one would stop the run with n8n's own opaque error; the node names it instead
		description: 'Required: when the automatic job starts (China Standard Time if no zone is given)',
		displayOptions: { show: { mode: ['AUTO'] } },
	},
	...workingHoursFields(DAILY_WINDOW),
	collectionField('additionalFields', [
		{
			displayName: 'Alert User IDs',
			name: 'alertUsers',
			type: 'string',
			default: '',
			description: 'Comma-separated IDs of users to notify',
		},
		{
			displayName: 'Auto Redial Conditions',
			name: 'redialCondition',
			type: 'multiOptions',
			options: REDIAL_CONDITIONS,
			default: [],
			description: 'Results that trigger an automatic redial; needs Redial Interval and Redial Times too',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Early Warning User IDs',
			name: 'earlyWarningAlertUsers',
			type: 'string',
			default: '',
			description: 'Comma-separated IDs of users receiving industry early warnings',
		},
		{
			displayName: 'Inactive Windows',
			name: 'inactiveTimeList',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: 3 },
			default: {},
			description: 'Up to three daily windows without calls, inside the daily window',
			options: [
				{
					displayName: 'Window',
					name: 'window',
					values: [
						{ displayName: 'Start Time', name: 'startTime', type: 'string', default: '12:00', placeholder: '12:00' },
						{ displayName: 'End Time', name: 'endTime', type: 'string', default: '13:00', placeholder: '13:00' },
					],
				},
			],
		},
		{
			displayName: 'Redial Interval (Minutes)',
			name: 'redialInterval',
			type: 'number',
			typeOptions: { minValue: 6, maxValue: 1440 },
			default: 30,
			description: '6–1440 minutes between redials',
		},
		{
			displayName: 'Redial Times',
			name: 'redialTimes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 1,
			description: 'How often to redial, 1–10',
		},
		{
			displayName: 'SMS Alert Intent Codes',
			name: 'smsAlertLevelCode',
			type: 'multiOptions',
			options: INTENT_CODES,
			default: [],
		},
		{
			displayName: 'SMS Alert Intent Levels',
			name: 'smsAlertLevel',
			type: 'multiOptions',
			options: INTENT_LEVELS,
			default: [],
			description: 'Intent levels that trigger an SMS alert',
		},
		{
			displayName: 'SMS Template ID',
			name: 'smsTemplateId',
			type: 'number',
			default: 0,
		},
		dynamicOptionsField({
			displayName: 'Staff Group Name or ID',
			name: 'csStaffGroupId',
			method: 'getStaffGroups',
			description: 'Human seat group; required when the script has human intervention (checked before sending).',
		}),
		{
			displayName: 'Transfer Phone Numbers',
			name: 'transferPhoneNumber',
			type: 'string',
			default: '',
			description: 'Comma-separated numbers called in turn on a transfer to a human; required when the script transfers to a human (checked before sending)',
		},
		{
			displayName: 'WeChat Alert Intent Codes',
			name: 'wechatAlertLevelCode',
			type: 'multiOptions',
			options: INTENT_CODES,
			default: [],
		},
		{
			displayName: 'WeChat Alert Intent Levels',
			name: 'wechatAlertLevel',
			type: 'multiOptions',
			options: INTENT_LEVELS,
			default: [],
		},
		{
			displayName: 'WeChat Condition Alert Intent Codes',
			name: 'wechatConditionAlertLevelCode',
			type: 'multiOptions',
			options: INTENT_CODES,
			default: [],
		},
		{
			displayName: 'WeChat Send Method',
			name: 'wechatSendMethod',
			type: 'options',
			options: [
				{ name: 'Send to All', value: 'SENDTOALL' },
				{ name: 'Send to One', value: 'SENDTOONE' },
				{ name: 'Do Not Send', value: 'SENDTONONE' },
			],
			default: 'SENDTOALL',
		},
	]),
];

/** Validates every rule of VENDORS.md §1 "Rules from the seeds" and builds the create/modify body. */
export function jobBody(p: ItemParams): IDataObject {
	const extra = p.collection('additionalFields');
	const name = p.string('name', 'Job Name');
	const dialogFlowId = p.string('dialogFlowId', 'Script');
	const phoneType = oneOf(p.get('phoneType', 'LANDLINE'), PHONE_TYPES, 'Line Type');
	const lines = parseNumericIds(p.get('jobPhoneNumberIdList', []), 'Caller Lines', true);
	if (!MULTI_LINE_TYPES.includes(phoneType) && lines.length !== 1) {
		throw new ValidationError('Caller Lines', `must be exactly one ID for line type ${phoneType} (got ${lines.length})`);
	}
	const robotCount = checkInteger(p.get('robotCount', 1), 'AI Seats', 1);
	const concurrencyQuota =
		phoneType === 'MOBILE' ? undefined : checkInteger(p.get('concurrencyQuota', undefined), 'Concurrency', 1);
	const mode = oneOf(p.get('mode', 'MANUAL'), ['AUTO', 'MANUAL'] as const, 'Mode');
	let startTime: string | undefined;
	if (mode === 'AUTO') {
		const raw = p.get<string>('startTime', '');
		if (!raw) throw new ValidationError('Start Time', 'is required when Mode is Automatic');
		startTime = checkCstDateTime(raw, 'Start Time');
	}
	const window = readWorkingHours(p, DAILY_WINDOW);

	const inactive = ((extra.inactiveTimeList as IDataObject)?.window as IDataObject[] | undefined) ?? [];
	if (inactive.length > 3) {
		throw new ValidationError('Inactive Windows', `allows at most 3 windows (got ${inactive.length})`);
	}
	const inactiveTimeList = inactive.map((w, i) => {
		const checked = checkBreak(w.startTime, w.endTime, window, [
			`Inactive Window ${i + 1} Start Time`,
			`Inactive Window ${i + 1} End Time`,
		]);
		return { startTime: checked.start, endTime: checked.end };
	});

	const redialCondition = (extra.redialCondition as string[] | undefined) ?? [];
	const redialSet = [redialCondition.length > 0, extra.redialInterval !== undefined, extra.redialTimes !== undefined];
	if (redialSet.some(Boolean) && !redialSet.every(Boolean)) {
		throw new ValidationError(
			'Auto Redial',
			'needs Auto Redial Conditions, Redial Interval and Redial Times together (or none of them)',
		);
	}
	const redial: IDataObject = {};
	if (redialSet[0]) {
		for (const c of redialCondition) oneOf(c, REDIAL_CONDITIONS.map((o) => o.value as string), 'Auto Redial Conditions');
		redial.redialCondition = redialCondition;
		redial.redialInterval = checkInteger(extra.redialInterval, 'Redial Interval (Minutes)', 6, 1440);
		redial.redialTimes = checkInteger(extra.redialTimes, 'Redial Times', 1, 10);
	}
	const wechatSendMethod =
		extra.wechatSendMethod !== undefined
			? oneOf(extra.wechatSendMethod, WECHAT_SEND_METHODS, 'WeChat Send Method')
			: undefined;
	const numericId = (value: unknown) => (/^\d+$/.test(String(value)) ? Number(value) : value);

	const robotCallJob = compact({
		name,
		mode,
		startTime,
		dailyStartTime: window.start,
		dailyEndTime: window.end,
		inactiveTimeList,
		dialogFlowId: numericId(dialogFlowId) as string | number,
		csStaffGroupId: extra.csStaffGroupId ? (numericId(extra.csStaffGroupId) as string | number) : undefined,
		robotCount,
		phoneType,
		alertUsers: parseNumericIds(extra.alertUsers, 'Alert User IDs'),
		earlyWarningAlertUsers: parseNumericIds(extra.earlyWarningAlertUsers, 'Early Warning User IDs'),
		smsAlertLevel: extra.smsAlertLevel as string[] | undefined,
		smsTemplateId: extra.smsTemplateId ? checkInteger(extra.smsTemplateId, 'SMS Template ID', 1) : undefined,
		wechatAlertLevel: extra.wechatAlertLevel as string[] | undefined,
		wechatSendMethod,
		description: extra.description as string | undefined,
		wechatAlertLevelCode: extra.wechatAlertLevelCode as number[] | undefined,
		smsAlertLevelCode: extra.smsAlertLevelCode as number[] | undefined,
		wechatConditionAlertLevelCode: extra.wechatConditionAlertLevelCode as number[] | undefined,
		...redial,
	});
	return compact({
		concurrencyQuota,
		jobPhoneNumberIdList: lines,
		transferPhoneNumber: parseIdList(extra.transferPhoneNumber, 'Transfer Phone Numbers'),
		robotCallJob,
	});
}


/**
 * A script with human intervention needs a staff group, a script that transfers to a human needs
 * transfer numbers: the flags of GET /dialogFlow/getDialogFlowCallJobRelatedInfo (SCRIPT_FLAGS).
 */
export async function checkScriptNeeds(p: ItemParams): Promise<void> {
	const body = jobBody(p);
	const job = body.robotCallJob as IDataObject;
	const info = await send(p.ctx, tanyi, {
		method: 'GET',
		path: '/dialogFlow/getDialogFlowCallJobRelatedInfo',
		qs: { dialogFlowId: job.dialogFlowId as number },
	}, { retry: 'idempotent' });
	if (!isObject(info)) return;
	// no flag names in these messages: n8n swaps any message containing "EEXIST" (as "…ServiceExist" does) for a file-system error
	if (info[SCRIPT_FLAGS.humanIntervention] === true && !job.csStaffGroupId) {
		throw new ValidationError('Staff Group', `is required: script ${String(job.dialogFlowId)} has human intervention`);
	}
	if (info[SCRIPT_FLAGS.transferToHuman] === true && !body.transferPhoneNumber) {
		throw new ValidationError('Transfer Phone Numbers', `are required: script ${String(job.dialogFlowId)} transfers calls to a human`);
	}
}
