import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';
import { send, type RequestContext } from './transport';
import type { RequestParts, VendorSpec } from './types';
import { isObject } from './runner';

/** The list inside a lookup answer: a bare array, or under content / list / records / data. */
export function listOf(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.map((d) => (isObject(d) ? d : { value: d }));
	if (isObject(data)) {
		for (const key of ['content', 'list', 'records', 'data', 'rows']) {
			if (Array.isArray(data[key])) return listOf(data[key]);
		}
	}
	return [];
}

/** the first field of `keys` that is set */
export function pick(record: IDataObject, keys: string[]): string | undefined {
	for (const key of keys) {
		const value = record[key];
		if (value !== undefined && value !== null && value !== '') return String(value);
	}
	return undefined;
}

export async function lookup(ctx: RequestContext, vendor: VendorSpec, request: RequestParts): Promise<IDataObject[]> {
	return listOf(await send(ctx, vendor, request, { retry: 'idempotent' }));
}

/** Options for a dropdown: `name(record)` shown, `idKeys` the value; sorted by name. */
export function toOptions(
	records: IDataObject[],
	idKeys: string[],
	name: (record: IDataObject, id: string) => string,
	description?: (record: IDataObject) => string | undefined,
): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [];
	for (const record of records) {
		const id = pick(record, idKeys);
		if (id === undefined) continue;
		options.push({ name: name(record, id), value: id, description: description?.(record) });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}
