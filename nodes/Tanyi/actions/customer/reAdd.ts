import type { OperationSpec } from '../../../core/types';
import { checkDate, compact, parseNumericIds } from '../../../core/validation';
import { jobLocator } from '../../descriptions';
import { CALL_RESULTS, FOLLOW_STATUSES, INTENT_LEVELS } from '../../options';
import { collectionField } from '../../../core/builders/fields';

/** POST /job/reAddCustomerToJob (seed 000) */
export const reAddCustomers: OperationSpec = {
	value: 'reAdd',
	name: 'Re-Add Called Customers',
	action: 'Re add called customers to a job',
	description: 'Put already-called customers back into a job',
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
		collectionField('filters', [
			{ displayName: 'Call Results', name: 'resultStatuses', type: 'multiOptions', options: CALL_RESULTS, default: [] },
			{ displayName: 'Created From', name: 'earliestCreationTime', type: 'dateTime', default: '' },
			{ displayName: 'Created Until', name: 'latestCreationTime', type: 'dateTime', default: '' },
			{ displayName: 'Customer Group ID', name: 'customerGroupId', type: 'number', default: 0 },
			{ displayName: 'Follow Status', name: 'followStatus', type: 'options', options: FOLLOW_STATUSES, default: 'CLUE' },
			{ displayName: 'Intent Levels', name: 'intentLevels', type: 'multiOptions', options: INTENT_LEVELS, default: [] },
			{ displayName: 'Latest Call Only', name: 'lastCallRecord', type: 'boolean', default: true, description: 'Whether to consider only each customer’s latest call' },
			{ displayName: 'Script ID', name: 'dialogFlowId', type: 'number', default: 0 },
			{ displayName: 'Search Words', name: 'searchWords', type: 'string', default: '', description: 'Phone number, name or call record ID (fuzzy)' },
		]),
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
};
