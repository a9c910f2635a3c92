import { NodeOperationError } from 'n8n-workflow';
import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { isObject } from '../../core/util';

/** a parameter of the node as the editor has it; resource locators give their value */
export function current(ctx: ILoadOptionsFunctions, name: string): string | undefined {
	let value: unknown;
	try {
		value = ctx.getCurrentNodeParameter(name, { extractValue: true });
	} catch {
		return undefined;
	}
	const id = isObject(value) ? value.value : value;
	return id === undefined || id === null || String(id).trim() === '' ? undefined : String(id).trim();
}

/** the Company parameter, else the credential's Default Company ID */
export async function companyFor(ctx: ILoadOptionsFunctions): Promise<string> {
	const own = current(ctx, 'companyId');
	if (own) return own;
	const credentials = await ctx.getCredentials('byrobotApi');
	const fallback = String(credentials.companyId ?? '').trim();
	if (!fallback) {
		throw new NodeOperationError(
			ctx.getNode(),
			'Choose a Company first, or set a Default Company ID in the Byrobot credential',
		);
	}
	return fallback;
}
