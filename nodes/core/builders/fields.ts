import type { INodeProperties } from 'n8n-workflow';

const EXPRESSION_LINK = '<a href="https://docs.n8n.io/code/expressions/">expression</a>';

export interface DynamicOptionsOptions {
	/** ends in "Name or ID" (one) or "Names or IDs" (several), as n8n's lint rules want */
	displayName: string;
	name: string;
	/** the loadOptions method */
	method: string;
	/** parameters whose change reloads the list */
	dependsOn?: string[];
	/** what the value is; n8n's "Choose from the list…" sentence is appended */
	description: string;
	/** several values (multiOptions) instead of one */
	multiple?: boolean;
	required?: boolean;
}

/** A dropdown filled from the vendor (loadOptions), with n8n's required "Choose from the list…" hint. */
export function dynamicOptionsField(o: DynamicOptionsOptions): INodeProperties {
	const description = `${o.description} Choose from the list, or specify ${o.multiple ? 'IDs' : 'an ID'} using an ${EXPRESSION_LINK}.`;
	const field: INodeProperties = {
		displayName: o.displayName,
		name: o.name,
		type: o.multiple ? 'multiOptions' : 'options',
		typeOptions: o.dependsOn ? { loadOptionsMethod: o.method, loadOptionsDependsOn: o.dependsOn } : { loadOptionsMethod: o.method },
		default: o.multiple ? [] : '',
		description,
	};
	if (o.required) field.required = true;
	return field;
}

const COLLECTIONS = {
	filters: { displayName: 'Filters', name: 'filters', placeholder: 'Add Filter' },
	options: { displayName: 'Options', name: 'options', placeholder: 'Add Option' },
	additionalFields: { displayName: 'Additional Fields', name: 'additionalFields', placeholder: 'Add Field' },
} as const;

/** The optional settings of an operation: Filters, Options or Additional Fields. */
export function collectionField(
	kind: keyof typeof COLLECTIONS,
	options: INodeProperties[],
	extra: Pick<INodeProperties, 'description'> = {},
): INodeProperties {
	return { ...COLLECTIONS[kind], type: 'collection', default: {}, ...extra, options };
}

/** The number to call of an import or a call, taken from the item's `phone` by default. */
export function phoneNumberField(o: { name: string; description?: string }): INodeProperties {
	return {
		displayName: 'Phone Number',
		name: o.name,
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		description: o.description ?? 'The number to call; 5–20 digits, spaces and hyphens are removed',
	};
}
