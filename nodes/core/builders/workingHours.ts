import type { INodeProperties } from 'n8n-workflow';
import type { ItemParams } from '../params';
import { checkWindow } from '../validation';

export interface WorkingHoursOptions {
	/** the parameters of the window's two ends, e.g. `dailyStartTime` / `Daily Start Time` */
	start: { name: string; displayName: string };
	end: { name: string; displayName: string };
	/** the vendor's own limits (Tanyi: 09:00–20:00); none when the spec sets none */
	bounds?: { earliest: string; latest: string };
	/** added to both fields' descriptions, e.g. a stricter rule of newer vendor docs that is not enforced */
	note?: string;
}

/** the defaults of both fields: inside every vendor's rule */
const DEFAULT_START = '09:00';
const DEFAULT_END = '20:00';

/** The daily calling window: two `HH:mm` fields. */
export function workingHoursFields(o: WorkingHoursOptions): INodeProperties[] {
	const describe = (limit: string) => ['HH:mm', limit, o.note].filter(Boolean).join('; ');
	return [
		{
			displayName: o.start.displayName,
			name: o.start.name,
			type: 'string',
			default: DEFAULT_START,
			placeholder: DEFAULT_START,
			description: describe(o.bounds ? `not before ${o.bounds.earliest} (China Standard Time)` : 'China Standard Time'),
		},
		{
			displayName: o.end.displayName,
			name: o.end.name,
			type: 'string',
			default: DEFAULT_END,
			placeholder: DEFAULT_END,
			description: describe(o.bounds ? `not after ${o.bounds.latest} (China Standard Time)` : 'China Standard Time'),
		},
	];
}

/** The window of one item, validated: start before end, inside the vendor's bounds if it has any. */
export function readWorkingHours(p: ItemParams, o: WorkingHoursOptions): { start: string; end: string } {
	return checkWindow(
		p.get(o.start.name, DEFAULT_START),
		p.get(o.end.name, DEFAULT_END),
		[o.start.displayName, o.end.displayName],
		o.bounds?.earliest,
		o.bounds?.latest,
	);
}
