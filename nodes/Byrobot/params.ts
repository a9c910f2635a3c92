/** Reading the parameters several Byrobot operations share. */
import { ValidationError } from '../core/errors';
import { checkInteger, type ItemParams } from '../core/params';

/** the optional "Page Size" option, capped at the vendor's maximum */
export function pageSizeOption(p: ItemParams, max: number): number {
	const value = p.collection('options').pageSize;
	return value === undefined || value === '' ? max : checkInteger(value, 'Page Size', 1, max);
}

const credentialCompany = new WeakMap<object, Promise<string>>();

/**
 * The company an operation works on: the Company parameter, or the credential's Default Company
 * ID. Throws a ValidationError (nothing sent) when neither is set.
 */
export async function companyIdOf(p: ItemParams): Promise<number> {
	let raw = p.optionalString('companyId');
	if (raw === undefined) {
		let pending = credentialCompany.get(p.ctx);
		if (!pending) {
			pending = p.ctx
				.getCredentials('byrobotApi', p.index)
				.then((c) => String(c.companyId ?? '').trim());
			credentialCompany.set(p.ctx, pending);
		}
		raw = (await pending) || undefined;
	}
	if (raw === undefined) {
		throw new ValidationError(
			'Company',
			'is required: choose a company, or set a Default Company ID in the Byrobot credential',
		);
	}
	if (!/^\d+$/.test(raw)) throw new ValidationError('Company', `must be a numeric company ID (got "${raw}")`);
	return Number(raw);
}

/** a required numeric id parameter (dropdown value or expression) */
export function numericId(p: ItemParams, name: string, label: string): number {
	const text = p.string(name, label);
	if (!/^\d+$/.test(text)) throw new ValidationError(label, `must be a numeric ID (got "${text}")`);
	return Number(text);
}

/** the task of the Task picker: a numeric id */
export const taskIdOf = (p: ItemParams): number => {
	const text = p.locator('taskId', 'Task');
	if (!/^\d+$/.test(text)) throw new ValidationError('Task', `must be a numeric task ID (got "${text}")`);
	return Number(text);
};

