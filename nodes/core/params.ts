import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';
import { ValidationError } from './errors';

/**
 * Reads one item's parameters. Every getter that can fail throws a ValidationError naming the
 * parameter (by its display name) and the rule, so bad input stops before any request.
 */
export class ItemParams {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly index: number,
	) {}

	/** raw parameter value, or `fallback` when the parameter is not shown/set */
	get<T = unknown>(name: string, fallback?: T): T {
		return this.ctx.getNodeParameter(name, this.index, fallback as never) as T;
	}

	/** a required, non-empty, trimmed string */
	string(name: string, label: string): string {
		const value = this.get<unknown>(name, '');
		const text = value === undefined || value === null ? '' : String(value).trim();
		if (!text) throw new ValidationError(label, 'is required');
		return text;
	}

	optionalString(name: string): string | undefined {
		const value = this.get<unknown>(name, '');
		const text = value === undefined || value === null ? '' : String(value).trim();
		return text || undefined;
	}

	/** a required whole number within [min, max] */
	integer(name: string, label: string, min?: number, max?: number): number {
		return checkInteger(this.get<unknown>(name, undefined), label, min, max);
	}

	/** the id behind a resource locator (from list / by id / by URL), required */
	locator(name: string, label: string): string {
		const value = this.get<INodeParameterResourceLocator | string | number>(name, '');
		const raw = typeof value === 'object' && value !== null ? value.value : value;
		const text = raw === undefined || raw === null ? '' : String(raw).trim();
		if (!text) throw new ValidationError(label, 'is required');
		return text;
	}

	/** a collection parameter (Additional Fields, Filters, Options) */
	collection(name: string): IDataObject {
		return (this.get<IDataObject>(name, {}) ?? {}) as IDataObject;
	}

	/** the item's own JSON */
	get json(): IDataObject {
		return this.ctx.getInputData()[this.index]?.json ?? {};
	}
}

export function checkInteger(value: unknown, label: string, min?: number, max?: number): number {
	if (value === '' || value === undefined || value === null) {
		throw new ValidationError(label, 'is required');
	}
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(number)) throw new ValidationError(label, `must be a whole number (got "${String(value)}")`);
	if (min !== undefined && number < min) throw new ValidationError(label, `must be at least ${min} (got ${number})`);
	if (max !== undefined && number > max) throw new ValidationError(label, `must be at most ${max} (got ${number})`);
	return number;
}
