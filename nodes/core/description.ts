import type { INodeProperties } from 'n8n-workflow';
import { PAGES_IN_FLIGHT_DEFAULT, PAGES_IN_FLIGHT_MAX } from './concurrency';
import { recordingProperties } from './recording';
import type { OperationSpec, ResourceSpec } from './types';

/**
 * Builds a node's parameter list from its resource tables: the Resource and Operation
 * dropdowns, every operation's own parameters shown only for it, and the parameters the
 * runner understands (Return All / Limit for paginated operations, Simplify).
 */
export function buildProperties(resources: ResourceSpec[]): INodeProperties[] {
	// the defaults are plain identifiers: n8n's scanner ignores eslint-disable comments and does not
	// recognise a member expression (`resources[0].value`) as a default
	const firstResource = resources[0].value;
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => ({ name: r.name, value: r.value })),
			default: firstResource,
		},
	];
	for (const resource of resources) {
		const firstOperation = resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: [...resource.operations]
				.sort((a, b) => a.name.localeCompare(b.name))
				.map((o) => ({ name: o.name, value: o.value, action: o.action, description: o.description })),
			default: firstOperation,
		});
	}
	for (const resource of resources) {
		for (const operation of resource.operations) {
			properties.push(...operationProperties(resource.value, operation));
		}
	}
	return properties;
}

/**
 * The canvas subtitle: the chosen operation's action text ("Import customers into a job"), looked
 * up in an object literal inside the expression because n8n evaluates `subtitle` with only
 * `$parameter` at hand. An unknown pair falls back to the operation's value.
 */
export function buildSubtitle(resources: ResourceSpec[]): string {
	const words: Record<string, string> = {};
	for (const resource of resources) {
		for (const operation of resource.operations) words[`${resource.value}:${operation.value}`] = operation.action;
	}
	return `={{ (${JSON.stringify(words)})[$parameter["resource"] + ":" + $parameter["operation"]] || $parameter["operation"] }}`;
}

function operationProperties(resource: string, operation: OperationSpec): INodeProperties[] {
	const show = { resource: [resource], operation: [operation.value] };
	const own = operation.properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...(property.displayOptions?.show ?? {}), ...show },
		},
	}));
	const extra: INodeProperties[] = [];
	if (operation.paginate) {
		extra.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				hint: 'Each record is returned once. Records created while the pages are read may be missing: run again to get them.',
				displayOptions: { show },
			},
			{
				displayName: 'Parallel Page Requests',
				name: 'parallelPages',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: PAGES_IN_FLIGHT_MAX },
				default: PAGES_IN_FLIGHT_DEFAULT,
				description:
					'How many pages may be requested at once once the first page says how many there are. On HTTP 429 the node halves this and slowly grows back.',
				displayOptions: { show: { ...show, returnAll: [true] } },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				description: 'Max number of results to return',
				displayOptions: { show: { ...show, returnAll: [false] } },
			},
		);
	}
	if (operation.recording) extra.push(...recordingProperties());
	if (operation.simplify) {
		extra.push({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				'Whether to return ten flat fields (the same for every vendor) plus a dedupKey instead of the vendor\'s full record',
			displayOptions: { show },
		});
	}
	// required parameters first, then Return All / Limit / Simplify, then the collections
	const isCollection = (p: INodeProperties) => p.type === 'collection' || p.type === 'fixedCollection';
	return [...own.filter((p) => !isCollection(p)), ...extra, ...own.filter(isCollection)];
}
