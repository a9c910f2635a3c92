import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { pick, toOptions } from '../../core/lookups';
import { fetchCreateMeta, isUsableCustomerService, isUsableLine } from '../api';

/** Every dropdown comes from the `meta` of GET /v1/task/create (seed 004). */
export const loadOptions = {
	/** caller lines with free concurrency (residue, see minimumResidue); value = line id */
	async getCallerLines(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { caller_line_list } = await fetchCreateMeta(this);
		const options = this.getCurrentNodeParameter('options') as { strictResidue?: boolean } | undefined;
		return toOptions(
			caller_line_list.filter((line) => isUsableLine(line, options?.strictResidue === true)),
			'value',
			(line, id) =>
				`${pick(line, 'name') ?? id} · ${pick(line, 'call_number') ?? 'no caller number'} · ${String(line.residue)} free`,
			(line) => `Caller number ${pick(line, 'call_number') ?? '-'}; free concurrency ${String(line.residue)} of ${String(line.call_line ?? '?')}`,
		);
	},

	/** disable-dial time groups (禁呼时间); value = uuid */
	async getDisableDialTimeGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { enum_disable_dial_timegroup } = await fetchCreateMeta(this);
		return toOptions(enum_disable_dial_timegroup, 'uuid', (group, id) => pick(group, 'name') ?? id);
	},

	/** redial rules (重呼规则); value = id */
	async getRedialRules(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { auto_recycle_rules } = await fetchCreateMeta(this);
		return toOptions(
			auto_recycle_rules,
			'id',
			(rule, id) => `${pick(rule, 'name') ?? 'Rule'} (${id})${rule.status === false ? ' [disabled]' : ''}`,
			(rule) => pick(rule, 'remark'),
		);
	},

	/** customer-service groups (客服组) that can be used: a transfer line and status 1 */
	async getCustomerServiceGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { customer_service } = await fetchCreateMeta(this);
		return toOptions(customer_service.filter(isUsableCustomerService), 'id', (group, id) => `${pick(group, 'name') ?? 'Group'} (${id})`);
	},

	/** script groups (话术分组, `outbound_group`); value = id, sent as destination_extension */
	async getScriptGroups(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const { outbound_group } = await fetchCreateMeta(this);
		return toOptions(
			outbound_group,
			'id',
			(group, id) => `${pick(group, 'name') ?? 'Script'} (${id})`,
			(group) => (group.debug === true ? 'Debug mode: every line is spoken by TTS' : undefined),
		);
	},
};
