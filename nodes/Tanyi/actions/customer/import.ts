import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { importOptionProperties } from '../../../core/batching';
import { VendorError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import { send } from '../../../core/transport';
import type { OperationSpec } from '../../../core/types';
import { isObject } from '../../../core/util';
import { checkPhone, compact, oneOf } from '../../../core/validation';
import { scriptVariableProperties, scriptVariables } from '../../../core/variables';
import { ASYNC_IMPORT_MAX, SYNC_IMPORT_MAX, tanyi } from '../../api';
import { jobLocator } from '../../descriptions';
import { collectionField, phoneNumberField } from '../../../core/builders/fields';

type Mode = 'sync' | 'async';

const modeOf = (p: ItemParams): Mode => oneOf(p.collection('options').importMode ?? 'sync', ['sync', 'async'] as const, 'Import Mode');
const jobOf = (p: ItemParams): number => p.numericLocator('jobId', 'Job');

/**
 * The lists mask numbers (seed 003 example `"calledPhoneNumber": "156****7777"`): a listed number
 * is this one when it has its length and every visible digit.
 */
function sameNumber(listed: unknown, phone: string): boolean {
	const text = String(listed ?? '');
	if (text === phone) return true;
	return text.length === phone.length && text.includes('*') && [...text].every((c, i) => c === '*' || c === phone[i]);
}

/**
 * Whether the job holds the number. `toBeCalledList` filters by number (seed 003) but is titled
 * "未完成" (not finished), so a customer already called may be missing there: the call record
 * list, which filters by number too, is asked next.
 */
async function holds(first: ItemParams, phone: string): Promise<boolean> {
	const robotCallJobId = jobOf(first);
	const toBeCalled = await send(
		first.ctx,
		tanyi,
		{ method: 'GET', path: '/callRecord/toBeCalledList', qs: { robotCallJobId, calledPhoneNumber: phone, pageNum: 1, pageSize: 20 } },
		{ retry: 'idempotent' },
	);
	const listed = isObject(toBeCalled) && Array.isArray(toBeCalled.content) ? (toBeCalled.content as IDataObject[]) : [];
	if (listed.some((row) => sameNumber(row.calledPhoneNumber, phone))) return true;
	const records = await send(
		first.ctx,
		tanyi,
		{ method: 'POST', path: '/callRecord/getCallRecordInfoList', body: { robotCallJobId, calledPhoneNumber: phone, pageNum: 1, pageSize: 20 } },
		{ retry: 'idempotent' },
	);
	const called = isObject(records) && Array.isArray(records.content) ? (records.content as IDataObject[]) : [];
	return called.some((row) => sameNumber(row.calledPhoneNumber, phone));
}

/** the job's size: `taskTotal` of POST /job/getJobStatsInfoList (seed 000, a bare array of ids) */
async function countOf(first: ItemParams): Promise<number> {
	const id = jobOf(first);
	const data = await send(first.ctx, tanyi, { method: 'POST', path: '/job/getJobStatsInfoList', body: [String(id)] }, { retry: 'idempotent' });
	const stats = isObject(data) ? data[String(id)] : undefined;
	const total = isObject(stats) ? Number(stats.taskTotal) : NaN;
	if (!Number.isInteger(total)) {
		const error = new VendorError(`job ${id} is missing from the job statistics`, { outcome: 'not-sent' });
		error.vendor = tanyi.displayName;
		error.endpoint = 'POST /job/getJobStatsInfoList';
		throw error;
	}
	return total;
}

/** POST /job/importCustomer, or importCustomerAsync with a batch id (seed 000) */
export const importCustomers: OperationSpec = {
	value: 'import',
	name: 'Import',
	action: 'Import customers into a job',
	description:
		'Add one customer per input item to a job, each number once: numbers already imported are skipped, lost answers are checked with Tanyi',
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
						description: 'Up to 10,000 per request; not in Tanyi\'s public docs',
					},
				],
				default: 'sync',
			},
			...importOptionProperties({ count: true, holds: true, dedup: false }),
		]),
	],
	retry: 'never',
	imports: {
		job: (p) => String(jobOf(p)),
		group: (p) => `${jobOf(p)}|${modeOf(p)}`,
		entry: (p) =>
			compact({
				name: p.optionalString('customerName', 'Customer Name'),
				phoneNumber: checkPhone(p.get('phoneNumber', ''), 'Phone Number'),
				properties: scriptVariables(p),
			}),
		phoneOf: (entry) => String(entry.phoneNumber),
		size: (p) => {
			const max = modeOf(p) === 'sync' ? SYNC_IMPORT_MAX : ASYNC_IMPORT_MAX;
			return checkInteger(p.collection('options').batchSize ?? SYNC_IMPORT_MAX, 'Batch Size', 1, max);
		},
		request: (first, entries) => {
			const robotCallJobId = jobOf(first);
			if (modeOf(first) === 'async') {
				// importCustomerAsync and its batchId are in no public source (vendor-facts §4): the id
				// is derived from the content, so it is the same in every execution, but a resend is
				// never trusted to be dropped by the vendor
				const digest = createHash('sha256').update(`${robotCallJobId}\n${entries.map((e) => e.phoneNumber).join('\n')}`).digest('hex');
				return { method: 'POST', path: '/job/importCustomerAsync', body: { robotCallJobId, batchId: `n8n-${digest.slice(0, 32)}`, customerPersons: entries } };
			}
			return { method: 'POST', path: '/job/importCustomer', body: { robotCallJobId, customerPersons: entries } };
		},
		fields: (first) => ({ robotCallJobId: jobOf(first) }),
		// seed 000: the synchronous import answers `data: null`, no counts
		read: (_data, _entries, first) =>
			modeOf(first) === 'async' ? { stored: 'all', note: 'Accepted for asynchronous import' } : { stored: 'all' },
		countOf,
		holds,
	},
};
