import { checkInteger } from '../../../core/params';
import type { OperationSpec } from '../../../core/types';
import { checkPhone, compact, oneOf } from '../../../core/validation';
import { scriptVariableProperties, scriptVariables } from '../../../core/variables';
import { ASYNC_IMPORT_MAX, SYNC_IMPORT_MAX } from '../../api';
import { jobLocator } from '../../descriptions';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';

/** POST /job/importCustomer, or importCustomerAsync with a batch id (seed 000) */
export const importCustomers: OperationSpec = {
	value: 'import',
	name: 'Import',
	action: 'Import customers into a job',
	description:
		'Add one customer per input item to a job. Items are sent in batches (at most 100 per request).',
	properties: [
		jobLocator(),
		phoneNumberField({ name: 'phoneNumber' }),
		{
			displayName: 'Customer Name',
			name: 'customerName',
			type: 'string',
			default: '={{ $json.name }}',
		},
		...scriptVariableProperties('getJobProperties', ['jobId.value'], 'amountDue'),
		collectionField('options', [
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
		]),
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
};
