import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { ValidationError } from './errors';
import type { ItemParams } from './params';
import { parseJsonObject } from './validation';

/**
 * The "Variables From" parameters of an import or a call: script variables (话术变量) from
 * chosen item fields, a name → value mapping (names loaded from the vendor), or a JSON object.
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
							displayName: 'Name or ID',
							name: 'name',
							type: 'options',
							typeOptions: { loadOptionsMethod: loadMethod, loadOptionsDependsOn: dependsOn },
							default: '',
							description:
								'A variable of the script. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
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
				const name = String(pair.name ?? '').trim();
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
