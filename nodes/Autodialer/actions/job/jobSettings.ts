/**
 * The job settings Create and Update share: the fields, the body with the vendor's field names,
 * and the checks against the account's lists (GET /v1/task/create) before anything is sent.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../../../core/errors';
import { checkInteger, type ItemParams } from '../../../core/params';
import {
	ORIGINATE_TIMEOUT_MAX,
	ORIGINATE_TIMEOUT_MIN,
	fetchCreateMeta,
	isUsableCustomerService,
	isUsableLine,
	minimumResidue,
	type CreateMeta,
} from '../../api';
import { collectionField, dynamicOptionsField } from '../../../core/builders/fields';

export const jobFields: INodeProperties[] = [
	{ displayName: 'Job Name', name: 'name', type: 'string', default: '', required: true, description: 'Task name' },
	dynamicOptionsField({
		displayName: 'Caller Line Name or ID',
		name: 'callerLineId',
		method: 'getCallerLines',
		dependsOn: ['options'],
		description: 'Line to call from; only lines with free concurrency (residue) are listed.',
		required: true,
	}),
	{
		displayName: 'Max Concurrent Calls',
		name: 'maximumCall',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description:
			'Concurrent calls (maximumcall): at least 1 and at most the free concurrency (residue) of the caller line, which is looked up before anything is sent',
	},
	dynamicOptionsField({
		displayName: 'Script Group Name or ID',
		name: 'scriptGroupId',
		method: 'getScriptGroups',
		description: 'The script group the robot speaks; sent as destination_extension.',
		required: true,
	}),
	dynamicOptionsField({
		displayName: 'Disable-Dial Time Group Name or ID',
		name: 'disableDialTimeGroup',
		method: 'getDisableDialTimeGroups',
		description: 'Times of day without calls, e.g. lunch break.',
		required: true,
	}),
	dynamicOptionsField({
		displayName: 'Redial Rule Name or ID',
		name: 'redialRuleId',
		method: 'getRedialRules',
		description: 'Which failed calls are dialled again and when (auto_recycle_rule_id).',
		required: true,
	}),
	{
		displayName: 'Dial Timeout (Seconds)',
		name: 'originateTimeout',
		type: 'number',
		typeOptions: { minValue: ORIGINATE_TIMEOUT_MIN, maxValue: ORIGINATE_TIMEOUT_MAX },
		default: 60,
		required: true,
		description: `How long a call rings before it counts as unanswered (_originate_timeout), ${ORIGINATE_TIMEOUT_MIN}–${ORIGINATE_TIMEOUT_MAX} seconds`,
	},
	{
		displayName: 'Pause Between Calls (Seconds)',
		name: 'callPauseSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 10,
		required: true,
		description:
			'Wait between calls (call_pause_second), 0 or more; the vendor suggests 10 for 1 concurrent call and 0 for several',
	},
	collectionField('additionalFields', [
		dynamicOptionsField({
			displayName: 'Customer Service Group Name or ID',
			name: 'customerServiceId',
			method: 'getCustomerServiceGroups',
			description: 'Human agents calls are transferred to; only usable groups (with a transfer line, enabled) are listed.',
		}),
		{
			displayName: 'Remark',
			name: 'remark',
			type: 'string',
			default: '',
			description: 'Task description',
		},
	]),
	collectionField('options', [
		{
			displayName: 'Strict Residue Rule',
			name: 'strictResidue',
			type: 'boolean',
			default: false,
			description:
				'Whether to refuse caller lines with only 1 free concurrent call. The seed says "only greater than 1", but its own example uses a line with residue 1, so by default residue 1 is allowed.',
		},
	]),
];

/** Options → Strict Residue Rule */
export function strictResidue(p: ItemParams): boolean {
	return p.collection('options').strictResidue === true;
}

const numericId = (value: string, label: string): number => checkInteger(value, label, 0);

/**
 * Validates everything that needs no lookup and builds the create/update body with the vendor's
 * field names. `random_assignment_number` and `recycle_limit` must be 0 (seed 004) and are not asked.
 */
export function taskBody(p: ItemParams): IDataObject {
	const extra = p.collection('additionalFields');
	const body: IDataObject = {
		name: p.string('name', 'Job Name'),
		caller_line_id: p.string('callerLineId', 'Caller Line'),
		maximumcall: p.integer('maximumCall', 'Max Concurrent Calls', 1),
		destination_extension: numericId(p.string('scriptGroupId', 'Script Group'), 'Script Group'),
		disable_dial_timegroup: p.string('disableDialTimeGroup', 'Disable-Dial Time Group'),
		auto_recycle_rule_id: numericId(p.string('redialRuleId', 'Redial Rule'), 'Redial Rule'),
		_originate_timeout: p.integer('originateTimeout', 'Dial Timeout (Seconds)', ORIGINATE_TIMEOUT_MIN, ORIGINATE_TIMEOUT_MAX),
		call_pause_second: p.integer('callPauseSecond', 'Pause Between Calls (Seconds)', 0),
		random_assignment_number: 0,
		recycle_limit: 0,
	};
	const service = String(extra.customerServiceId ?? '').trim();
	if (service) body.customer_service_id = numericId(service, 'Customer Service Group');
	const remark = String(extra.remark ?? '').trim();
	if (remark) body.remark = remark;
	return body;
}

/** one meta lookup per run, shared by every item's precheck */
const metaPerRun = new WeakMap<object, Promise<CreateMeta>>();

/**
 * The checks that need the account's lists (seed 004): the caller line exists and has free
 * concurrency (see minimumResidue), `maximumcall` ≤ its residue, the customer-service group is usable.
 */
export async function checkAgainstMeta(p: ItemParams): Promise<void> {
	let pending = metaPerRun.get(p.ctx);
	if (!pending) {
		pending = fetchCreateMeta(p.ctx);
		metaPerRun.set(p.ctx, pending);
	}
	const meta = await pending;
	const body = taskBody(p);
	const lineId = String(body.caller_line_id);
	const line = meta.caller_line_list.find((l) => String(l.value) === lineId);
	if (!line) {
		throw new ValidationError('Caller Line', `"${lineId}" is not one of the account's caller lines (GET /v1/task/create)`);
	}
	const residue = Number(line.residue);
	const strict = strictResidue(p);
	if (!isUsableLine(line, strict)) {
		throw new ValidationError(
			'Caller Line',
			`"${String(line.name ?? lineId)}" has ${String(line.residue)} free concurrent call(s); only lines with at least ${minimumResidue(strict)} can be used`,
		);
	}
	if (Number(body.maximumcall) > residue) {
		throw new ValidationError(
			'Max Concurrent Calls',
			`must be at most ${residue}, the free concurrency (residue) of caller line "${String(line.name ?? lineId)}" (got ${String(body.maximumcall)})`,
		);
	}
	if (body.customer_service_id !== undefined) {
		const group = meta.customer_service.find((g) => Number(g.id) === body.customer_service_id);
		if (!group || !isUsableCustomerService(group)) {
			throw new ValidationError(
				'Customer Service Group',
				`${String(body.customer_service_id)} is not usable: it must exist, have a transfer line and status 1`,
			);
		}
	}
}
