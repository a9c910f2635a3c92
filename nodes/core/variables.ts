import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { ValidationError } from './errors';
import type { ItemParams } from './params';
import { isObject } from './util';
import { parseJsonObject } from './validation';

/**
 * The "Variables From" parameters of an import or a call: script variables (话术变量) from
 * chosen item fields, a name → value mapping (names loaded from the vendor), or a JSON object.
 *
 * A mapped name is a resource locator, not a dropdown: n8n 2.41's editor does not reload a
 * dropdown nested in a fixed collection when a parameter it depends on (the job) changes, and
 * flags a name as "not supported" when the job is an expression it cannot resolve. A locator's
 * list is fetched each time it is opened, with the job as it is then, and "By Name" takes a
 * name whatever the editor knows. `loadMethod` names the node's listSearch method
 * (see `variableNameSearch`).
 */
export function scriptVariableProperties(loadMethod: string, dependsOn: string[], example: string): INodeProperties[] {
	return [
		{
			displayName: 'Variables From',
			name: 'variablesFrom',
			type: 'options',
			options: [
				{ name: 'Item Fields', value: 'itemFields', description: 'Send chosen fields of the input item' },
				{ name: 'JSON Object', value: 'json' },
				{ name: 'Mapping', value: 'mapping', description: 'Map each script variable to a value' },
				{ name: 'None', value: 'none', description: 'The script has no variables' },
			],
			default: 'none',
			description: `Where the script variables (e.g. ${example}) come from`,
		},
		{
			displayName: 'Item Fields',
			name: 'variableFields',
			type: 'string',
			default: '',
			placeholder: 'amount, dueDate',
			description: 'Comma-separated field names of the input item; each is sent as a variable of the same name',
			displayOptions: { show: { variablesFrom: ['itemFields'] } },
		},
		{
			displayName: 'Variables',
			name: 'variables',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			displayOptions: { show: { variablesFrom: ['mapping'] } },
			options: [
				{
					displayName: 'Variable',
					name: 'variable',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'resourceLocator',
							default: { mode: 'list', value: '' },
							description: `A variable of the script; the list needs ${dependsOn.map(dependencyLabel).join(' and ')} chosen above`,
							modes: [
								{
									displayName: 'From List',
									name: 'list',
									type: 'list',
									typeOptions: { searchListMethod: loadMethod, searchable: true },
								},
								{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. amount' },
							],
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Variables (JSON)',
			name: 'variablesJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { variablesFrom: ['json'] } },
		},
	];
}

/** The item's script variables as the vendors' Map<String, String>; undefined when there are none. */
export function scriptVariables(p: ItemParams): Record<string, string> | undefined {
	const picked: IDataObject = {};
	switch (p.get<string>('variablesFrom', 'none')) {
		case 'itemFields':
			for (const field of String(p.get('variableFields', '')).split(',')) {
				const name = field.trim();
				if (name && p.json[name] !== undefined) picked[name] = p.json[name];
			}
			break;
		case 'mapping': {
			const pairs = ((p.get<IDataObject>('variables', {}) ?? {}).variable as IDataObject[] | undefined) ?? [];
			for (const pair of pairs) {
				// a locator value ({__rl, mode, value}) or, in workflows saved before, a plain name
				const name = String((isObject(pair.name) ? pair.name.value : pair.name) ?? '').trim();
				if (!name) throw new ValidationError('Variables', 'each variable needs a name');
				picked[name] = pair.value;
			}
			break;
		}
		case 'json':
			Object.assign(picked, parseJsonObject(p.get('variablesJson', '{}'), 'Variables (JSON)'));
			break;
		default:
			break;
	}
	const entries = Object.entries(picked)
		.filter(([, v]) => v !== undefined && v !== null)
		.map(([k, v]): [string, string] => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
	return entries.length ? Object.fromEntries(entries) : undefined;
}

/** "jobId.value" → "the job" (for the hint under a variable name) */
function dependencyLabel(path: string): string {
	const name = path.split('.')[0].replace(/DefId$|Id$/, '');
	return `the ${name.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
}

/**
 * The listSearch method behind a variable name's "From List": the node's loader of variable
 * names, filtered by what is typed.
 */
export function variableNameSearch(load: (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>) {
	return async function (this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const typed = (filter ?? '').trim().toLowerCase();
		const options = await load.call(this);
		return {
			results: options
				.filter((o) => typed === '' || o.name.toLowerCase().includes(typed))
				.map((o) => ({ name: o.name, value: String(o.value) })),
		};
	};
}
