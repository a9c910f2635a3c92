import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../../core/errors';
import { checkInteger, type ItemParams } from '../../core/params';
import type { OperationSpec, PaginationSpec, ResourceSpec } from '../../core/types';
import { pageNumberPages } from '../../core/pagination';
import { isObject, tryParseJson } from '../../core/util';
import {
	checkBreak,
	checkCstDateTime,
	checkDate,
	checkWindow,
	compact,
	oneOf,
	parseIdList,
	parseNumericIds,
} from '../../core/validation';
import { send } from '../../core/transport';
import { INTENT_LEVELS, JOB_STATUSES, REDIAL_CONDITIONS, jobLocator, tanyi } from '../shared';

export const PHONE_TYPES = ['MOBILE', 'LANDLINE', 'UNFIXED_CALL', 'CALL_POLICY_GROUP'] as const;
const WECHAT_SEND_METHODS = ['SENDTOALL', 'SENDTOONE', 'SENDTONONE'] as const;
const INTENT_CODES = INTENT_LEVELS.map((o, code) => ({ name: `${o.name} = ${code}`, value: code }));

/** Tanyi page shape `{number, pageSize, totalElements, pages, content[]}` (seed 003) */
export function tanyiPages(where: 'qs' | 'body', maxPageSize: number): PaginationSpec {
	return pageNumberPages({ in: where, listKey: 'content', maxPageSize });
}

const jobFields: INodeProperties[] = [
	{
		displayName: 'Job Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Script (话术) Name or ID',
		name: 'dialogFlowId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getDialogFlows' },
		default: '',
		required: true,
		description:
			'The dialog flow the robot speaks. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
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
		description: 'Kind of caller line (号码类型)',
	},
	{
		displayName: 'Caller Line Names or IDs',
		name: 'jobPhoneNumberIdList',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getPhones' },
		default: [],
		required: true,
		description:
			'Lines to call from (tenantPhoneNumberId). Mobile: one per robot; other types: exactly one (a policy group ID for Call Policy Group). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrencyQuota',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		description: 'Concurrent calls (并发数); not used for mobile lines',
		displayOptions: { hide: { phoneType: ['MOBILE'] } },
	},
	{
		displayName: 'AI Seats',
		name: 'robotCount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description: 'Number of robots (机器人数)',
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
		required: true,
		description: 'When an automatic job starts (China Standard Time if no zone is given)',
		displayOptions: { show: { mode: ['AUTO'] } },
	},
	{
		displayName: 'Daily Start Time',
		name: 'dailyStartTime',
		type: 'string',
		default: '09:00',
		placeholder: '09:00',
		description: 'HH:mm, not before 09:00 (China Standard Time)',
	},
	{
		displayName: 'Daily End Time',
		name: 'dailyEndTime',
		type: 'string',
		default: '20:00',
		placeholder: '20:00',
		description: 'HH:mm, not after 20:00 (China Standard Time)',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Alert User IDs',
				name: 'alertUsers',
				type: 'string',
				default: '',
				description: 'Comma-separated IDs of users to notify (提醒的用户)',
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
				description: 'Comma-separated IDs of users receiving industry early warnings (行业预警)',
			},
			{
				displayName: 'Inactive Windows',
				name: 'inactiveTimeList',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true, maxAllowedFields: 3 },
				default: {},
				description: 'Up to three daily windows without calls, inside the daily window (不可拨打时段)',
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
			{
				displayName: 'Staff Group Name or ID',
				name: 'csStaffGroupId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getStaffGroups' },
				default: '',
				description:
					'Human seat group (坐席组); required when the script hands calls over to humans (人工介入). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Transfer Phone Numbers',
				name: 'transferPhoneNumber',
				type: 'string',
				default: '',
				description: 'Comma-separated numbers called in turn on a transfer to a human (转人工); required by transfer scripts',
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
		],
	},
];

/** Validates every rule of VENDORS.md §1 "Rules from the seeds" and builds the create/modify body. */
export function jobBody(p: ItemParams): IDataObject {
	const extra = p.collection('additionalFields');
	const name = p.string('name', 'Job Name');
	const dialogFlowId = p.string('dialogFlowId', 'Script');
	const phoneType = oneOf(p.get('phoneType', 'LANDLINE'), PHONE_TYPES, 'Line Type');
	const lines = parseNumericIds(p.get('jobPhoneNumberIdList', []), 'Caller Lines', true);
	if (phoneType !== 'MOBILE' && lines.length !== 1) {
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
	const window = checkWindow(p.get('dailyStartTime', '09:00'), p.get('dailyEndTime', '20:00'), [
		'Daily Start Time',
		'Daily End Time',
	]);

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
 * A script with a human hand-off needs a staff group, a transfer script needs transfer numbers
 * (seed 000, csStaffGroupId / transferPhoneNumber). Asked of GET
 * /dialogFlow/getDialogFlowCallJobRelatedInfo; its field names are not in the seeds (inferred:
 * csStaffGroupRequired, transferPhoneNumberRequired), so an answer without them checks nothing.
 */
async function checkScriptNeeds(p: ItemParams): Promise<void> {
	const body = jobBody(p);
	const job = body.robotCallJob as IDataObject;
	const info = await send(p.ctx, tanyi, {
		method: 'GET',
		path: '/dialogFlow/getDialogFlowCallJobRelatedInfo',
		qs: { dialogFlowId: job.dialogFlowId as number },
	}, { retry: 'idempotent' });
	if (!isObject(info)) return;
	if (info.csStaffGroupRequired === true && !job.csStaffGroupId) {
		throw new ValidationError('Staff Group', `is required: script ${String(job.dialogFlowId)} hands calls over to humans (人工介入)`);
	}
	if (info.transferPhoneNumberRequired === true && !body.transferPhoneNumber) {
		throw new ValidationError('Transfer Phone Numbers', `are required: script ${String(job.dialogFlowId)} transfers calls (转人工)`);
	}
}

const jobIdBody = (p: ItemParams) => ({ robotCallJobId: Number(p.locator('jobId', 'Job')) });

function stateChange(value: string, name: string, path: string, action: string, description: string): OperationSpec {
	return {
		value,
		name,
		action,
		description,
		properties: [jobLocator()],
		retry: 'idempotent',
		request: (p) => ({ method: 'POST', path, body: jobIdBody(p) }),
		output: (_data, p) => ({ success: true, ...jobIdBody(p) }),
	};
}

const checkOperation: INodeProperties = {
	displayName: 'Operation to Check',
	name: 'bulkOperation',
	type: 'options',
	options: [
		{ name: 'Start', value: 'START' },
		{ name: 'Pause', value: 'PAUSE' },
	],
	default: 'START',
};

export const jobResource: ResourceSpec = {
	value: 'job',
	name: 'Job',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a job',
			description: 'Create a calling job (创建任务)',
			properties: jobFields,
			retry: 'never',
			precheck: checkScriptNeeds,
			request: (p) => ({ method: 'POST', path: '/job/create', body: jobBody(p) }),
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a job',
			description: 'Replace a job’s settings (修改任务); the vendor needs the full set of fields',
			properties: [jobLocator(), ...jobFields],
			retry: 'idempotent',
			precheck: checkScriptNeeds,
			request: (p) => {
				const body = jobBody(p);
				const id = jobIdBody(p).robotCallJobId;
				// seed 000 says "same body as create" plus the job: sent at the top level and inside robotCallJob
				return {
					method: 'PATCH',
					path: '/job/modify',
					body: { robotCallJobId: id, ...body, robotCallJob: { ...(body.robotCallJob as IDataObject), robotCallJobId: id } },
				};
			},
		},
		stateChange('start', 'Start', '/job/start', 'Start a job', 'Start calling (启动任务)'),
		stateChange('pause', 'Pause', '/job/pause', 'Pause a job', 'Pause calling (暂停任务)'),
		stateChange('stop', 'Stop', '/job/stop', 'Stop a job', 'Stop a job for good (停止任务)'),
		stateChange('delete', 'Delete', '/job/delete', 'Delete a job', 'Delete a job (删除任务)'),
		{
			value: 'setAiSeats',
			name: 'Set AI Seats',
			action: 'Set the AI seats of a job',
			description: 'Change how many robots a job uses (修改AI坐席数)',
			properties: [
				jobLocator(),
				{ displayName: 'AI Seats', name: 'robotCount', type: 'number', typeOptions: { minValue: 1 }, default: 1, required: true },
			],
			retry: 'idempotent',
			request: (p) => ({
				method: 'POST',
				path: '/job/updateAiCount',
				body: { ...jobIdBody(p), robotCount: p.integer('robotCount', 'AI Seats', 1) },
			}),
			output: (_data, p) => ({ success: true, ...jobIdBody(p), robotCount: p.integer('robotCount', 'AI Seats', 1) }),
		},
		{
			value: 'checkAll',
			name: 'Check Before Bulk Start or Pause',
			action: 'Check jobs before a bulk start or pause',
			description: 'List which jobs can be started or paused (检查所有任务); feed the result to Bulk Start or Pause',
			properties: [
				checkOperation,
				{
					displayName: 'Job IDs',
					name: 'robotCallJobIdSet',
					type: 'string',
					default: '',
					required: true,
					placeholder: '11445, 44564',
					description: 'Comma-separated job IDs (or a JSON array)',
				},
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Created From', name: 'beginCreateDate', type: 'dateTime', default: '', description: 'Earliest creation date (yyyy-MM-dd)' },
						{ displayName: 'Created Until', name: 'endCreateDate', type: 'dateTime', default: '', description: 'Latest creation date (yyyy-MM-dd)' },
						{ displayName: 'Name Contains', name: 'name', type: 'string', default: '' },
						{ displayName: 'Statuses', name: 'statusSet', type: 'multiOptions', options: JOB_STATUSES, default: [] },
					],
				},
			],
			retry: 'idempotent',
			request: (p) => {
				const filters = p.collection('filters');
				return {
					method: 'POST',
					path: '/job/checkAll',
					body: compact({
						operation: oneOf(p.get('bulkOperation', 'START'), ['START', 'PAUSE'] as const, 'Operation to Check'),
						robotCallJobIdSet: parseNumericIds(p.get('robotCallJobIdSet', ''), 'Job IDs', true),
						statusSet: filters.statusSet as string[] | undefined,
						name: filters.name as string | undefined,
						beginCreateDate: filters.beginCreateDate ? checkDate(filters.beginCreateDate, 'Created From') : undefined,
						endCreateDate: filters.endCreateDate ? checkDate(filters.endCreateDate, 'Created Until') : undefined,
					}),
				};
			},
		},
		{
			value: 'executeJobs',
			name: 'Bulk Start or Pause',
			action: 'Start or pause jobs in bulk',
			description: 'Start or pause the jobs a check said are executable (执行所有任务)',
			properties: [
				{ ...checkOperation, displayName: 'Operation' },
				{
					displayName: 'Executable Jobs',
					name: 'executable',
					type: 'json',
					default: '={{ $json.executable }}',
					required: true,
					description: 'The "executable" list returned by Check Before Bulk Start or Pause',
				},
			],
			retry: 'idempotent',
			request: (p) => {
				const raw = p.get<unknown>('executable', []);
				const executable = typeof raw === 'string' ? tryParseJson(raw) : raw;
				if (!Array.isArray(executable) || executable.length === 0) {
					throw new ValidationError('Executable Jobs', 'must be a non-empty array (the "executable" list of a check)');
				}
				executable.forEach((job, i) => {
					if (!isObject(job) || job.robotCallJobId === undefined) {
						throw new ValidationError('Executable Jobs', `entry ${i + 1} has no robotCallJobId`);
					}
				});
				return {
					method: 'POST',
					path: '/job/executeJobs',
					body: { operation: oneOf(p.get('bulkOperation', 'START'), ['START', 'PAUSE'] as const, 'Operation'), executable },
				};
			},
		},
		{
			value: 'getStats',
			name: 'Get Stats',
			action: 'Get job statistics',
			description: 'Total and completed calls per job (任务统计)',
			properties: [
				{
					displayName: 'Job IDs',
					name: 'jobIds',
					type: 'string',
					default: '',
					required: true,
					placeholder: '1017, 1014',
					description: 'Comma-separated job IDs (or a JSON array)',
				},
			],
			retry: 'idempotent',
			// the vendor takes a bare JSON array of ids as the body (seed 000)
			request: (p) => ({ method: 'POST', path: '/job/getJobStatsInfoList', body: parseNumericIds(p.get('jobIds', ''), 'Job IDs', true).map(String) }),
			output: (data) =>
				isObject(data)
					? Object.entries(data).map(([id, stats]) => ({ robotCallJobId: Number(id), ...(stats as IDataObject) }))
					: [],
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many jobs',
			description: 'List jobs, optionally by name and status',
			properties: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Status', name: 'status', type: 'options', options: JOB_STATUSES, default: 'IN_PROCESS' },
					],
				},
			],
			retry: 'idempotent',
			paginate: tanyiPages('qs', 100),
			request: (p) => ({ method: 'GET', path: '/job/getJobs', qs: compact(p.collection('filters')) }),
		},
	],
};
