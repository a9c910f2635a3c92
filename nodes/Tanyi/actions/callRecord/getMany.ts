import { ValidationError } from '../../../core/errors';
import { checkInteger } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { compact, oneOf, parseIdList } from '../../../core/validation';
import { CALL_RECORD_PAGE_MAX, tanyiPages } from '../../api';
import { jobLocator } from '../../descriptions';
import { normalizeTanyiCall } from '../../normalize';
import { CALL_RESULTS, INTENT_LEVELS } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** POST /callRecord/getCallRecordInfoList (seed 003) */
export const getManyCallRecords: OperationSpec = {
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many call records',
	description: 'Finished calls of a job with their results',
	properties: [
		jobLocator(),
		collectionField('filters', [
			{ displayName: 'Call Record ID', name: 'callRecordId', type: 'number', default: 0 },
			{ displayName: 'Call Results', name: 'resultStatuses', type: 'multiOptions', options: CALL_RESULTS, default: [] },
			{ displayName: 'Customer Concerns', name: 'customerConcern', type: 'string', default: '', description: 'Comma-separated customer concerns as the vendor labels them, e.g. price, location' },
			{ displayName: 'Customer Group ID', name: 'customerGroupId', type: 'number', default: 0 },
			{ displayName: 'Customer Name', name: 'customerPersonName', type: 'string', default: '' },
			{ displayName: 'Hang-Up By', name: 'hangupBy', type: 'string', default: '', placeholder: 'REMOTE_HANGUP' },
			{ displayName: 'Intent Levels', name: 'intentLevels', type: 'multiOptions', options: INTENT_LEVELS, default: [] },
			{ displayName: 'Latest Call per Customer Only', name: 'lastCallRecord', type: 'boolean', default: false, description: 'Whether to de-duplicate to each customer’s latest call. The vendor then applies only job, results, intent, duration and redial filters.' },
			{ displayName: 'Manually Labelled Intent Only', name: 'realIntent', type: 'boolean', default: false, description: 'Whether to return only calls whose intent a person set' },
			{ displayName: 'Max Duration (Seconds)', name: 'chatDurationMax', type: 'number', typeOptions: { minValue: 0 }, default: 0 },
			{ displayName: 'Min Duration (Seconds)', name: 'chatDurationMin', type: 'number', typeOptions: { minValue: 0 }, default: 0 },
			{ displayName: 'Phone Number', name: 'calledPhoneNumber', type: 'string', default: '' },
			{
				displayName: 'Read Status',
				name: 'readStatus',
				type: 'options',
				options: [
					{ name: 'Not Read', value: 'NOT_READ' },
					{ name: 'Read', value: 'HAS_READ' },
				],
				default: 'NOT_READ',
			},
			{ displayName: 'Redial Times', name: 'redialTimes', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Only with "Latest Call per Customer Only"' },
			{ displayName: 'Script ID', name: 'dialogFlowId', type: 'number', default: 0 },
		]),
	],
	retry: 'idempotent',
	paginate: tanyiPages('body', CALL_RECORD_PAGE_MAX, 'callRecordId'),
	simplify: normalizeTanyiCall,
	request: (p) => {
		const f = p.collection('filters');
		if (f.redialTimes !== undefined && f.lastCallRecord !== true) {
			throw new ValidationError('Redial Times', 'filter works only with "Latest Call per Customer Only" turned on (Tanyi’s call record API)');
		}
		const min = f.chatDurationMin !== undefined ? checkInteger(f.chatDurationMin, 'Min Duration (Seconds)', 0) : undefined;
		const max = f.chatDurationMax !== undefined ? checkInteger(f.chatDurationMax, 'Max Duration (Seconds)', 0) : undefined;
		if (min !== undefined && max !== undefined && min > max) {
			throw new ValidationError('Min Duration (Seconds)', `must not exceed Max Duration (${min} > ${max})`);
		}
		return {
			method: 'POST',
			path: '/callRecord/getCallRecordInfoList',
			body: compact({
				robotCallJobId: Number(p.locator('jobId', 'Job')),
				hangupBy: f.hangupBy as string | undefined,
				customerGroupId: f.customerGroupId || undefined,
				dialogFlowId: f.dialogFlowId || undefined,
				resultStatuses: f.resultStatuses as string[] | undefined,
				intentLevels: f.intentLevels as string[] | undefined,
				calledPhoneNumber: f.calledPhoneNumber as string | undefined,
				callRecordId: f.callRecordId || undefined,
				customerPersonName: f.customerPersonName as string | undefined,
				realIntent: f.realIntent as boolean | undefined,
				customerConcern: parseIdList(f.customerConcern, 'Customer Concerns'),
				readStatus: f.readStatus ? oneOf(f.readStatus, ['NOT_READ', 'HAS_READ'] as const, 'Read Status') : undefined,
				chatDurationMin: min,
				chatDurationMax: max,
				lastCallRecord: f.lastCallRecord as boolean | undefined,
				redialTimes: f.redialTimes as number | undefined,
			}),
		};
	},
};
