import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../../core/errors';
import { checkInteger, type ItemParams } from '../../core/params';
import type { OperationSpec, ResourceSpec } from '../../core/types';
import { checkBreak, checkDate, checkWindow, compact, formatCstDateTime, oneOf, parseNumericIds } from '../../core/validation';
import { enrichTask } from '../normalize';
import {
	TASK_STATUS_OPTIONS,
	V1,
	byrobotPages,
	companyField,
	companyIdOf,
	numericId,
	pageSizeOption,
	pageSizeProperty,
	robotFields,
	taskIdOf,
	taskLocator,
} from '../shared';

/** seed 002 getTasks: page size "默认10"; VENDORS.md §2: at most 100 */
export const TASK_PAGE_MAX = 100;

const taskTypeField: INodeProperties = {
	displayName: 'Task Type',
	name: 'taskType',
	type: 'options',
	options: [
		{ name: 'Manual (Start via Start Task)', value: 2 },
		{ name: 'Scheduled (Starts on Start Date)', value: 1 },
	],
	default: 2,
};

const startDateField: INodeProperties = {
	displayName: 'Start Date',
	name: 'startDate',
	type: 'dateTime',
	default: '',
	description:
		'The day calling starts (yyyy-MM-dd, China Standard Time). Required for a scheduled task; a manual task without one is sent today’s date.',
};

const callTypeField: INodeProperties = {
	displayName: 'Call Type',
	name: 'callType',
	type: 'options',
	options: [
		{ name: 'Landline', value: 1 },
		{ name: 'Mobile (SIM)', value: 0 },
		{ name: 'No Caller ID', value: 2 },
	],
	default: 1,
	description: 'Kind of caller line (外呼类型); must match the type of the chosen caller phones',
};

const phonesField: INodeProperties = {
	displayName: 'Caller Phone Names or IDs',
	name: 'userPhoneIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getPhones', loadOptionsDependsOn: ['companyId'] },
	default: [],
	required: true,
	description:
		'Lines to call from (userPhoneId). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const concurrencyField: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrencyQuota',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description: 'Concurrent calls (并发数, AI seats); at most the company’s seats',
};

const createFields: INodeProperties[] = [
	companyField(),
	{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '', required: true },
	taskTypeField,
	startDateField,
	...robotFields,
	phonesField,
	callTypeField,
	concurrencyField,
	{
		displayName: 'Working Start Time',
		name: 'workingStartTime',
		type: 'string',
		default: '09:00',
		placeholder: '09:00',
		description: 'HH:mm, not before 09:00 (China Standard Time)',
	},
	{
		displayName: 'Working End Time',
		name: 'workingEndTime',
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
				displayName: 'Break End Time',
				name: 'breakEndTime',
				type: 'string',
				default: '13:00',
				placeholder: '13:00',
				description: 'HH:mm; end of the daily pause (暂时停止), inside the working window',
			},
			{
				displayName: 'Break Start Time',
				name: 'breakStartTime',
				type: 'string',
				default: '12:00',
				placeholder: '12:00',
				description: 'HH:mm; start of the daily pause (暂时停止), inside the working window',
			},
			{ displayName: 'Remark', name: 'remark', type: 'string', default: '' },
			{
				displayName: 'Send SMS',
				name: 'sendSms',
				type: 'boolean',
				default: false,
				description: 'Whether to send SMS messages (smsType 1) as configured in the vendor console',
			},
		],
	},
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
	const window = checkWindow(p.get('workingStartTime', '09:00'), p.get('workingEndTime', '20:00'), [
		'Working Start Time',
		'Working End Time',
	]);
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
async function updateTaskBody(p: ItemParams): Promise<IDataObject> {
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

function stateChange(value: string, name: string, path: string, action: string, description: string): OperationSpec {
	return {
		value,
		name,
		action,
		description,
		properties: [companyField(false), taskLocator()],
		retry: 'idempotent',
		request: (p) => ({ method: 'POST', path: `${V1}${path}`, body: { taskId: taskIdOf(p) } }),
		output: (_data, p) => ({ success: true, taskId: taskIdOf(p) }),
	};
}

export const taskResource: ResourceSpec = {
	value: 'task',
	name: 'Task',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a task',
			description: 'Create a calling task (创建任务)',
			properties: createFields,
			retry: 'never',
			request: async (p) => ({ method: 'POST', path: `${V1}/task/createTask`, body: await createTaskBody(p) }),
			output: (data, p) => ({ taskId: data as number, taskName: p.string('taskName', 'Task Name') }),
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a task',
			description: 'Change a task’s name, type, caller phones and concurrency (修改任务); the vendor needs every field',
			properties: [
				companyField(),
				taskLocator(),
				{ displayName: 'Task Name', name: 'taskName', type: 'string', default: '', required: true },
				taskTypeField,
				{
					...startDateField,
					description: 'Optional: a new start day (yyyy-MM-dd) for a scheduled task; empty keeps the current one',
					displayOptions: { show: { taskType: [1] } },
				},
				phonesField,
				callTypeField,
				{ ...concurrencyField, required: true },
			],
			retry: 'idempotent',
			request: async (p) => ({ method: 'POST', path: `${V1}/task/update`, body: await updateTaskBody(p) }),
			output: (_data, p) => ({ success: true, taskId: taskIdOf(p) }),
		},
		stateChange('start', 'Start', '/task/start', 'Start a task', 'Start calling (启动任务)'),
		stateChange('pause', 'Pause', '/task/pause', 'Pause a task', 'Pause calling (暂停任务)'),
		stateChange('stop', 'Stop', '/task/stop', 'Stop a task', 'Stop a task for good (停止任务)'),
		stateChange('delete', 'Delete', '/task/delete', 'Delete a task', 'Delete a task that is not running (删除任务)'),
		{
			value: 'get',
			name: 'Get',
			action: 'Get a task',
			description: 'A task with its counters and statistics (任务详情)',
			properties: [companyField(), taskLocator()],
			retry: 'idempotent',
			request: async (p) => {
				const taskId = taskIdOf(p);
				return { method: 'GET', path: `${V1}/task/getTaskDetail`, qs: { companyId: await companyIdOf(p), taskId } };
			},
			output: (data) => enrichTask(data as IDataObject),
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many tasks',
			description: 'List a company’s tasks, optionally by name, creation date and status (任务列表)',
			properties: [
				companyField(),
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Created On', name: 'createDate', type: 'dateTime', default: '', description: 'Day of creation (yyyy-MM-dd)' },
						{ displayName: 'Name', name: 'taskName', type: 'string', default: '', description: 'Task name (contains)' },
						{ displayName: 'Status', name: 'status', type: 'options', options: TASK_STATUS_OPTIONS, default: 1 },
					],
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [pageSizeProperty(TASK_PAGE_MAX)],
				},
			],
			retry: 'idempotent',
			paginate: byrobotPages('qs', TASK_PAGE_MAX),
			request: async (p) => {
				const f = p.collection('filters');
				const qs = compact({
					taskName: f.taskName as string | undefined,
					createDate: f.createDate ? checkDate(f.createDate, 'Created On') : undefined,
					status: f.status === undefined ? undefined : checkInteger(f.status, 'Status', 0, 10),
				});
				pageSizeOption(p, TASK_PAGE_MAX);
				return { method: 'GET', path: `${V1}/task/getTasks`, qs: { companyId: await companyIdOf(p), ...qs } };
			},
			output: (record) => enrichTask(record as IDataObject),
		},
	],
};
