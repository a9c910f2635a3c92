import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { ValidationError } from './errors';

/**
 * A parameter's raw value (as stored in the workflow) compiled once per run:
 * - `constant`: no expression anywhere, the same for every item;
 * - `field`: exactly `={{ $json.name }}` or `={{ $json["name"] }}`, the item's own field;
 * - `object` / `array`: built of the two above (a resource locator `{…, value: '={{ $json.job }}'}`,
 *   a mapping list);
 * - `expression`: anything else, which n8n evaluates.
 */
type Template =
	| { kind: 'constant'; value: unknown }
	| { kind: 'field'; name: string }
	| { kind: 'object'; entries: Array<[string, Template]> }
	| { kind: 'array'; items: Template[] }
	| { kind: 'expression' }
	| { kind: 'absent' };

/**
 * `={{ $json.f }}` / `={{ $json['f'] }}` with nothing else, not even a space outside the braces
 * (n8n-facts C2.4: text outside the braces makes it a template string with other semantics).
 */
const JSON_FIELD = /^=\{\{\s*\$json(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"\\]*)\2\s*\])\s*\}\}$/;

const ABSENT = { absent: true };
const SLOW = Symbol('evaluate with n8n');

function compile(raw: unknown): Template {
	if (raw === ABSENT) return { kind: 'absent' };
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return { kind: 'constant', value: raw };
		const match = JSON_FIELD.exec(raw);
		return match ? { kind: 'field', name: match[1] ?? match[3] } : { kind: 'expression' };
	}
	if (Array.isArray(raw)) {
		const items = raw.map(compile);
		if (items.some((t) => t.kind === 'expression')) return { kind: 'expression' };
		return items.every((t) => t.kind === 'constant') ? { kind: 'constant', value: raw } : { kind: 'array', items };
	}
	if (typeof raw === 'object' && raw !== null) {
		const entries = Object.entries(raw).map(([k, v]): [string, Template] => [k, compile(v)]);
		if (entries.some(([, t]) => t.kind === 'expression')) return { kind: 'expression' };
		return entries.every(([, t]) => t.kind === 'constant') ? { kind: 'constant', value: raw } : { kind: 'object', entries };
	}
	return { kind: 'constant', value: raw };
}

/** n8n hands out a fresh copy of an object parameter on every read; so do we */
function copy(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(copy);
	if (typeof value === 'object' && value !== null) {
		const out: IDataObject = {};
		for (const [k, v] of Object.entries(value)) out[k] = copy(v) as IDataObject[string];
		return out;
	}
	return value;
}

/**
 * What n8n's evaluation of `$json.<name>` gives for a primitive field (n8n-facts C2.3, the same
 * in its legacy and vm engines): the value itself, `undefined` when missing. Objects, functions
 * and inherited names go to n8n (the vm engine copies objects; luxon values are stringified).
 */
function fieldOf(json: IDataObject, name: string): unknown {
	if (Object.prototype.hasOwnProperty.call(json, name)) {
		const value = json[name];
		return (typeof value === 'object' && value !== null) || typeof value === 'function' ? SLOW : value;
	}
	return name in Object.prototype ? SLOW : undefined;
}

function evaluate(template: Template, json: IDataObject): unknown {
	switch (template.kind) {
		case 'constant':
			return copy(template.value);
		case 'field':
			return fieldOf(json, template.name);
		case 'array': {
			const out: unknown[] = [];
			for (const item of template.items) {
				const value = evaluate(item, json);
				if (value === SLOW) return SLOW;
				out.push(value);
			}
			return out;
		}
		case 'object': {
			const out: IDataObject = {};
			for (const [key, item] of template.entries) {
				const value = evaluate(item, json);
				if (value === SLOW) return SLOW;
				out[key] = value as IDataObject[string];
			}
			return out;
		}
		default:
			return SLOW;
	}
}

/** top-level parameter names whose value n8n type-checks (`validateType`): they always go to n8n */
export function validatedNames(properties: INodeProperties[]): Set<string> {
	const names = new Set<string>();
	const validates = (p: INodeProperties): boolean =>
		Boolean(p.validateType) ||
		(p.options ?? []).some((o) =>
			'values' in o ? (o.values as INodeProperties[]).some(validates) : 'type' in o && validates(o as INodeProperties),
		);
	for (const p of properties) if (validates(p)) names.add(p.name);
	return names;
}

/**
 * The parameters of one run, shared by all items. Reading a parameter the usual way
 * (`getNodeParameter(name, i)`) makes n8n evaluate its expression for every item, which costs
 * ≈0.5 ms per item in n8n's default vm engine (n8n-facts C1.3). Here each parameter's raw value
 * (`rawExpressions: true`, a public n8n option) is compiled once; values without an expression
 * are read once per run, and `={{ $json.field }}` reads the item's field directly, with n8n's
 * result for primitives. Everything else is handed to n8n unchanged.
 */
export class RunParams {
	private readonly templates = new Map<string, Template>();
	private readonly items: Array<{ json: IDataObject }>;
	/** reads that went to n8n's expression engine (for the node's debug log) */
	evaluated = 0;

	constructor(
		readonly ctx: IExecuteFunctions,
		private readonly alwaysEvaluate: Set<string> = new Set(),
	) {
		this.items = ctx.getInputData() as Array<{ json: IDataObject }>;
	}

	private template(name: string): Template {
		let template = this.templates.get(name);
		if (!template) {
			template = this.alwaysEvaluate.has(name.split('.')[0])
				? { kind: 'expression' }
				: compile(this.ctx.getNodeParameter(name, 0, ABSENT, { rawExpressions: true }));
			this.templates.set(name, template);
		}
		return template;
	}

	/** set when a read depended on the item (a field or an expression), see `once` */
	private itemDependent = false;
	private readonly memo = new Map<string, { value?: unknown; error?: unknown }>();

	/**
	 * `fn(p)` for this item, computed once per run when it reads only parameters that are the same
	 * for every item (no field, no expression): then its answer (or its error) is the first item's.
	 * Otherwise it runs for every item.
	 */
	once<T>(key: string, p: ItemParams, fn: (p: ItemParams) => T): T {
		let outcome = this.memo.get(key);
		if (!outcome) {
			const outer = this.itemDependent;
			this.itemDependent = false;
			try {
				outcome = { value: fn(p) };
			} catch (error) {
				outcome = { error };
			}
			if (!this.itemDependent) this.memo.set(key, outcome);
			this.itemDependent ||= outer;
		}
		// the runner turns the error into n8n's error with the item's index
		if ('error' in outcome) throw outcome.error;
		return outcome.value as T;
	}

	get(name: string, index: number, fallback: unknown): unknown {
		const template = this.template(name);
		if (template.kind === 'absent') return fallback;
		if (template.kind !== 'constant') this.itemDependent = true;
		if (template.kind !== 'expression') {
			const value = evaluate(template, this.items[index]?.json ?? {});
			if (value !== SLOW) return value;
		}
		this.evaluated += 1;
		return this.ctx.getNodeParameter(name, index, fallback as never);
	}
}

function describe(value: unknown): string {
	return Array.isArray(value) ? 'a list' : 'an object';
}

/** a value given as text (or a number): objects and lists are refused, never sent as "[object Object]" */
function text(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') {
		throw new ValidationError(label, `must be text, not ${describe(value)} (check the expression: it returned ${describe(value)})`);
	}
	return String(value).trim();
}

/**
 * Reads one item's parameters. Every getter that can fail throws a ValidationError naming the
 * parameter (by its display name) and the rule, so bad input stops before any request.
 */
export class ItemParams {
	constructor(
		readonly ctx: IExecuteFunctions,
		readonly index: number,
		private readonly run?: RunParams,
	) {}

	/** `fn(this)`, computed once per run when it reads no item-dependent parameter (RunParams.once) */
	once<T>(key: string, fn: (p: ItemParams) => T): T {
		return this.run ? this.run.once(key, this, fn) : fn(this);
	}

	/** raw parameter value, or `fallback` when the parameter is not shown/set */
	get<T = unknown>(name: string, fallback?: T): T {
		if (this.run) return this.run.get(name, this.index, fallback) as T;
		return this.ctx.getNodeParameter(name, this.index, fallback as never) as T;
	}

	/** a required, non-empty, trimmed string */
	string(name: string, label: string): string {
		const value = text(this.get<unknown>(name, ''), label);
		if (!value) throw new ValidationError(label, 'is required');
		return value;
	}

	optionalString(name: string, label = name): string | undefined {
		return text(this.get<unknown>(name, ''), label) || undefined;
	}

	/** a required whole number within [min, max] */
	integer(name: string, label: string, min?: number, max?: number): number {
		return checkInteger(this.get<unknown>(name, undefined), label, min, max);
	}

	/** the id behind a resource locator (from list / by id / by URL), required */
	locator(name: string, label: string): string {
		const value = this.get<INodeParameterResourceLocator | string | number>(name, '');
		const raw = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.value : value;
		const id = text(raw, label);
		if (!id) throw new ValidationError(label, 'is required');
		return id;
	}

	/** a resource locator whose id the vendor takes as a number (a Long) */
	numericLocator(name: string, label: string): number {
		const id = this.locator(name, label);
		if (!/^\d+$/.test(id)) throw new ValidationError(label, `must be a numeric ID (got "${id}")`);
		return Number(id);
	}

	/** a collection parameter (Additional Fields, Filters, Options) */
	collection(name: string): IDataObject {
		const value = this.get<IDataObject>(name, {});
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
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
	if (typeof value === 'object') throw new ValidationError(label, `must be a whole number, not ${describe(value)}`);
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (!Number.isInteger(number)) throw new ValidationError(label, `must be a whole number (got "${String(value)}")`);
	if (min !== undefined && number < min) throw new ValidationError(label, `must be at least ${min} (got ${number})`);
	if (max !== undefined && number > max) throw new ValidationError(label, `must be at most ${max} (got ${number})`);
	return number;
}
