import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { DEFAULT_DEDUP_WINDOW_HOURS, MAX_DEDUP_WINDOW_HOURS, MIN_DEDUP_WINDOW_HOURS } from './dedup';

/** What a vendor's callbacks carry that dates them: the default and wording of the Max Callback Age option. */
export interface FreshnessOption {
	/** hours; 0 = no check */
	defaultHours: number;
	/** which time is compared and why the default is what it is */
	description: string;
}

const OTHER_EVENT_NAME = 'Any Other Event Type';

/** The Options collection: de-duplication switch and window, the freshness limit. */
export function deliveryOptionsProperty(freshness: FreshnessOption): INodeProperties {
	const windowDefault = DEFAULT_DEDUP_WINDOW_HOURS;
	const ageDefault = freshness.defaultHours;
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
				displayName: 'De-Duplication Window (Hours)',
				name: 'dedupWindowHours',
				type: 'number',
				typeOptions: { minValue: MIN_DEDUP_WINDOW_HOURS, maxValue: MAX_DEDUP_WINDOW_HOURS },
				default: windowDefault,
				description:
					'How long a delivery is remembered, so that a retry within this time starts no second run. Kept in the workflow (restarts keep it): 8 bytes per delivery, e.g. about 1 MB at 20,000 callbacks an hour over 6 hours.',
			},
			{
				displayName: 'Max Callback Age (Hours)',
				name: 'maxAgeHours',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: ageDefault,
				description: freshness.description,
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
/**
 * The canvas subtitle of a callback trigger: the chosen events in words ("Events: Call Finished"),
 * looked up in an object literal inside the expression, since n8n evaluates `subtitle` with only
 * `$parameter` at hand; an unknown value is shown as it is.
 */
export function eventsSubtitle(events: INodePropertyOptions[]): string {
	const words: Record<string, string> = { [OTHER_EVENT]: OTHER_EVENT_NAME };
	for (const e of events) words[String(e.value)] = e.name;
	return `={{ "Events: " + $parameter["events"].map((e) => (${JSON.stringify(words)})[e] || e).join(", ") }}`;
}

export function eventsProperty(o: { events: INodePropertyOptions[]; default: string[] }): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [{ name: OTHER_EVENT_NAME, value: OTHER_EVENT, description: 'Event types this node does not know yet' }, ...o.events],
		default: [...o.default],
		description: 'Which callbacks start the workflow; the others are still answered "success"',
	};
}
