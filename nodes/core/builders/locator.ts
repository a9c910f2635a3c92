import type { INodeProperties } from 'n8n-workflow';

export interface LocatorOptions {
	displayName: string;
	/** the parameter name, e.g. `jobId` */
	name: string;
	description: string;
	/** the listSearch method behind the "From List" mode */
	searchListMethod: string;
	/** the "By ID" mode: an example id and the pattern a typed id must match */
	byId: { placeholder: string; pattern: string; error: string };
}

/** A required resource locator: "From List" (searchable) first, then "By ID". */
export function resourceLocator(o: LocatorOptions): INodeProperties {
	return {
		displayName: o.displayName,
		name: o.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: o.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: o.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: o.byId.placeholder,
				validation: [{ type: 'regex', properties: { regex: o.byId.pattern, errorMessage: o.byId.error } }],
			},
		],
	};
}

/**
 * The picker of a calling job: "Job" or "Task" (what the vendor calls it), listed by the node's
 * `search<Noun>s` method, typed by id in the vendor's id format.
 */
export function callingJobLocator(o: { noun: 'Job' | 'Task'; byId: LocatorOptions['byId'] }): INodeProperties {
	return resourceLocator({
		displayName: o.noun,
		name: `${o.noun.toLowerCase()}Id`,
		description: `The calling ${o.noun.toLowerCase()}`,
		searchListMethod: `search${o.noun}s`,
		byId: o.byId,
	});
}
