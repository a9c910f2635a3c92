import type { IDataObject } from 'n8n-workflow';
import { ValidationError } from '../../core/errors';
import { checkInteger } from '../../core/params';
import type { ResourceSpec } from '../../core/types';
import { scriptVariableProperties, scriptVariables } from '../../core/variables';
import { checkDate, checkPhone, compact, oneOf, parseNumericIds } from '../../core/validation';
import { CALL_RESULTS, FOLLOW_STATUSES, INTENT_LEVELS, TASK_STATUSES, jobLocator } from '../shared';
import { tanyiPages } from './job';

/** seed 000: "单次导入客户数量不能大于100"; importCustomerAsync takes up to 10,000 [public] */
export const SYNC_IMPORT_MAX = 100;
export const ASYNC_IMPORT_MAX = 10_000;

const taskStatusValues = TASK_STATUSES.map((o) => String(o.value));


export const customerResource: ResourceSpec = {
	value: 'customer',
	name: 'Customer',
	operations: [
		{
			value: 'import',
			name: 'Import',
			action: 'Import customers into a job',
			description:
				'Add one customer per input item to a job (导入客户). Items are sent in batches (at most 100 per request).',
			properties: [
				jobLocator(),
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '={{ $json.phone }}',
					required: true,
					description: 'The number to call; 5–20 digits, spaces and hyphens are removed',
				},
				{
					displayName: 'Customer Name',
					name: 'customerName',
					type: 'string',
					default: '={{ $json.name }}',
				},
				...scriptVariableProperties('getJobProperties', ['jobId.value'], '欠款金额'),
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Batch Size',
							name: 'batchSize',
							type: 'number',
							typeOptions: { minValue: 1, maxValue: ASYNC_IMPORT_MAX },
							default: SYNC_IMPORT_MAX,
							description: 'Customers per request: at most 100 (synchronous) or 10,000 (asynchronous)',
						},
						{
							displayName: 'Import Mode',
							name: 'importMode',
							type: 'options',
							options: [
								{ name: 'Synchronous (importCustomer)', value: 'sync' },
								{
									name: 'Asynchronous (importCustomerAsync)',
									value: 'async',
									description: 'Up to 10,000 per request with a batch ID the vendor de-duplicates',
								},
							],
							default: 'sync',
						},
					],
				},
			],
			retry: 'never',
			batch: {
				groupKey: (p) => `${p.locator('jobId', 'Job')}|${String(p.collection('options').importMode ?? 'sync')}`,
				entry: (p) => {
					return compact({
						name: p.optionalString('customerName'),
						phoneNumber: checkPhone(p.get('phoneNumber', ''), 'Phone Number'),
						properties: scriptVariables(p),
					});
				},
				size: (p) => {
					const options = p.collection('options');
					const mode = oneOf(options.importMode ?? 'sync', ['sync', 'async'] as const, 'Import Mode');
					const max = mode === 'sync' ? SYNC_IMPORT_MAX : ASYNC_IMPORT_MAX;
					return checkInteger(options.batchSize ?? SYNC_IMPORT_MAX, 'Batch Size', 1, max);
				},
				// an async batch carries a batch id the vendor de-duplicates, so resending it is safe
				retry: (p) => (p.collection('options').importMode === 'async' ? 'idempotent' : 'never'),
				request: (first, entries, chunkIndex) => {
					const robotCallJobId = Number(first.locator('jobId', 'Job'));
					if (first.collection('options').importMode === 'async') {
						const batchId = `n8n-${first.ctx.getExecutionId()}-${first.ctx.getNode().id ?? 'node'}-${chunkIndex + 1}`;
						return {
							method: 'POST',
							path: '/job/importCustomerAsync',
							body: { robotCallJobId, batchId, customerPersons: entries },
						};
					}
					return { method: 'POST', path: '/job/importCustomer', body: { robotCallJobId, customerPersons: entries } };
				},
				results: (_data, entries, first) => {
					const robotCallJobId = Number(first.locator('jobId', 'Job'));
					const status = first.collection('options').importMode === 'async' ? 'submitted' : 'imported';
					return entries.map((entry) => ({ robotCallJobId, ...entry, status }));
				},
			},
		},
		{
			value: 'reAdd',
			name: 'Re-Add Called Customers',
			action: 'Re add called customers to a job',
			description: 'Put already-called customers back into a job (重新添加客户到呼叫任务)',
			properties: [
				jobLocator(),
				{
					displayName: 'Customer IDs',
					name: 'customerPersonIds',
					type: 'string',
					default: '',
					required: true,
					placeholder: '1919005, 1919006',
					description: 'Comma-separated customerPersonId values (or a JSON array)',
				},
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Call Results', name: 'resultStatuses', type: 'multiOptions', options: CALL_RESULTS, default: [] },
						{ displayName: 'Created From', name: 'earliestCreationTime', type: 'dateTime', default: '' },
						{ displayName: 'Created Until', name: 'latestCreationTime', type: 'dateTime', default: '' },
						{ displayName: 'Customer Group ID', name: 'customerGroupId', type: 'number', default: 0 },
						{ displayName: 'Follow Status', name: 'followStatus', type: 'options', options: FOLLOW_STATUSES, default: 'CLUE' },
						{ displayName: 'Intent Levels', name: 'intentLevels', type: 'multiOptions', options: INTENT_LEVELS, default: [] },
						{ displayName: 'Latest Call Only', name: 'lastCallRecord', type: 'boolean', default: true, description: 'Whether to consider only each customer’s latest call' },
						{ displayName: 'Script ID', name: 'dialogFlowId', type: 'number', default: 0 },
						{ displayName: 'Search Words', name: 'searchWords', type: 'string', default: '', description: 'Phone number, name or call record ID (fuzzy)' },
					],
				},
			],
			retry: 'idempotent',
			request: (p) => {
				const f = p.collection('filters');
				return {
					method: 'POST',
					path: '/job/reAddCustomerToJob',
					body: compact({
						robotCallJobId: Number(p.locator('jobId', 'Job')),
						customerPersonIds: parseNumericIds(p.get('customerPersonIds', ''), 'Customer IDs', true),
						lastCallRecord: f.lastCallRecord as boolean | undefined,
						searchWords: f.searchWords as string | undefined,
						customerGroupId: f.customerGroupId || undefined,
						resultStatuses: f.resultStatuses as string[] | undefined,
						intentLevels: f.intentLevels as string[] | undefined,
						followStatus: f.followStatus as string | undefined,
						dialogFlowId: f.dialogFlowId || undefined,
						earliestCreationTime: f.earliestCreationTime ? checkDate(f.earliestCreationTime, 'Created From') : undefined,
						latestCreationTime: f.latestCreationTime ? checkDate(f.latestCreationTime, 'Created Until') : undefined,
					}),
				};
			},
			output: (_data, p) => ({
				success: true,
				robotCallJobId: Number(p.locator('jobId', 'Job')),
				customerPersonIds: parseNumericIds(p.get('customerPersonIds', ''), 'Customer IDs', true),
			}),
		},
		{
			value: 'listToBeCalled',
			name: 'List To-Be-Called',
			action: 'List customers still to be called',
			description: 'Customers of a job not yet called (未呼客户列表)',
			properties: [
				jobLocator(),
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Phone Number', name: 'calledPhoneNumber', type: 'string', default: '' },
						{ displayName: 'Call Status', name: 'taskStatus', type: 'options', options: TASK_STATUSES, default: 'NOT_STARTED' },
					],
				},
			],
			retry: 'idempotent',
			// the seed gives no maximum page size here; 100 like the call record list (inferred)
			paginate: tanyiPages('qs', 100),
			request: (p) => {
				const f = p.collection('filters');
				return {
					method: 'GET',
					path: '/callRecord/toBeCalledList',
					qs: compact({
						robotCallJobId: Number(p.locator('jobId', 'Job')),
						calledPhoneNumber: f.calledPhoneNumber as string | undefined,
						taskStatus: f.taskStatus ? oneOf(f.taskStatus, taskStatusValues, 'Call Status') : undefined,
					}),
				};
			},
		},
		{
			value: 'deleteOne',
			name: 'Delete One To-Be-Called',
			action: 'Delete one customer still to be called',
			description: 'Remove one pending call from a job (删除单个待呼客户)',
			properties: [
				{
					displayName: 'Call Task ID',
					name: 'robotCallTaskId',
					type: 'string',
					default: '',
					required: true,
					description: 'The robotCallTaskId from List To-Be-Called',
				},
			],
			retry: 'idempotent',
			request: (p) => ({
				method: 'POST',
				path: '/callRecord/deleteRobotCallTask',
				body: { robotCallTaskId: parseNumericIds(p.string('robotCallTaskId', 'Call Task ID'), 'Call Task ID', true)[0] },
			}),
			output: (data, p) => ({ success: true, robotCallTaskId: Number(p.string('robotCallTaskId', 'Call Task ID')), data: data as IDataObject }),
		},
		{
			value: 'deleteMany',
			name: 'Delete Many To-Be-Called',
			action: 'Delete many customers still to be called',
			description: 'Remove pending calls from a job by IDs or by filters (批量删除待呼客户)',
			properties: [
				jobLocator(),
				{
					displayName: 'Call Task IDs',
					name: 'robotCallTaskIds',
					type: 'string',
					default: '',
					placeholder: '3033729, 3033719',
					description: 'Comma-separated robotCallTaskId values. When set, the filters below are ignored by the vendor.',
				},
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Phone Number', name: 'calledPhoneNumber', type: 'string', default: '' },
						{ displayName: 'Call Status', name: 'taskStatus', type: 'options', options: TASK_STATUSES, default: 'NOT_STARTED' },
						{
							displayName: 'Delete All Pending Calls of the Job',
							name: 'confirmDeleteAll',
							type: 'boolean',
							default: false,
							description: 'Whether to allow deleting every pending call when neither IDs nor filters are given',
						},
					],
				},
			],
			retry: 'idempotent',
			request: (p) => {
				const f = p.collection('filters');
				const ids = parseNumericIds(p.get('robotCallTaskIds', ''), 'Call Task IDs');
				const qs = compact({
					robotCallJobId: Number(p.locator('jobId', 'Job')),
					robotCallTaskIds: ids.length ? ids.join(',') : undefined,
					calledPhoneNumber: ids.length ? undefined : (f.calledPhoneNumber as string | undefined),
					taskStatus: ids.length || !f.taskStatus ? undefined : oneOf(f.taskStatus, taskStatusValues, 'Call Status'),
				});
				if (Object.keys(qs).length === 1 && f.confirmDeleteAll !== true) {
					throw new ValidationError(
						'Call Task IDs',
						'or a filter is required; to delete every pending call of the job turn on "Delete All Pending Calls of the Job"',
					);
				}
				return { method: 'GET', path: '/callRecord/deleteRobotCallTaskList', qs };
			},
			output: (data, p) => ({ success: true, robotCallJobId: Number(p.locator('jobId', 'Job')), data: data as IDataObject }),
		},
	],
};
