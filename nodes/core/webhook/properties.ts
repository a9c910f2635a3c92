import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { DEFAULT_DEDUP_MEMORY, MAX_DEDUP_MEMORY, MIN_DEDUP_MEMORY } from './dedup';

/** Authentication mode, the secret, and where it travels. `extraModes` come first (Tanyi: encrypted). */
export function secretProperties(extraModes: INodePropertyOptions[] = []): INodeProperties[] {
	const secretModes = ['query', 'header'];
	return [
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				...extraModes,
				{
					name: 'Secret in Header',
					value: 'header',
					description: 'The sender puts the secret in a request header',
				},
				{
					name: 'Secret in Query Parameter',
					value: 'query',
					description: 'The callback URL you give the vendor ends with ?token=&lt;secret&gt;',
				},
			],
			default: 'query',
			description: 'How a callback proves it comes from the vendor. Requests that fail get HTTP 401 and start no workflow.',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMode: secretModes } },
			description: 'A long random value (e.g. 32+ characters) only you and the vendor know',
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryParameter',
			type: 'string',
			default: 'token',
			displayOptions: { show: { authMode: ['query'] } },
			description: 'Give the vendor the production URL followed by ?token=&lt;secret&gt; (with this name)',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Callback-Token',
			displayOptions: { show: { authMode: ['header'] } },
			description: 'The header carrying the secret ("Bearer &lt;secret&gt;" is accepted too)',
		},
	];
}

/** The Options collection: de-duplication switch and memory size. */
export function deliveryOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'De-Duplicate Retries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether a delivery seen before (the vendor retries until it gets "success") is acknowledged without starting the workflow again',
			},
			{
				displayName: 'Remembered Deliveries',
				name: 'dedupMemory',
				type: 'number',
				typeOptions: { minValue: MIN_DEDUP_MEMORY, maxValue: MAX_DEDUP_MEMORY },
				default: DEFAULT_DEDUP_MEMORY,
				description: 'How many recent deliveries are remembered for de-duplication (kept in the workflow, so restarts keep them)',
			},
		],
	};
}

/** Simplify: call events come out in the call-record shape shared by all vendors (core/callRecord.ts). */
export function simplifyProperty(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
}

/** the Events value of event types a node does not know yet */
export const OTHER_EVENT = 'other';

/** The Events filter: the vendor's event types plus "Any Other Event Type". */
export function eventsProperty(o: { events: INodePropertyOptions[]; default: string[] }): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [{ name: 'Any Other Event Type', value: OTHER_EVENT, description: 'Event types this node does not know yet' }, ...o.events],
		default: [...o.default],
		description: 'Which callbacks start the workflow; the others are still answered "success"',
	};
}
