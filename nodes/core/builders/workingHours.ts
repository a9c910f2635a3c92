import type { INodeProperties } from 'n8n-workflow';
import type { ItemParams } from '../params';
import { checkWindow } from '../validation';

export interface WorkingHoursOptions {
	/** the parameters of the window's two ends, e.g. `dailyStartTime` / `Daily Start Time` */
	start: { name: string; displayName: string };
	end: { name: string; displayName: string };
}

/** The vendors accept calls between 09:00 and 20:00 China Standard Time (VENDORS.md §1, §2). */
const EARLIEST = '09:00';
const LATEST = '20:00';

/** The daily calling window: two `HH:mm` fields. */
export function workingHoursFields(o: WorkingHoursOptions): INodeProperties[] {
	return [
		{
			displayName: o.start.displayName,
			name: o.start.name,
			type: 'string',
			default: EARLIEST,
			placeholder: EARLIEST,
			description: `HH:mm, not before ${EARLIEST} (China Standard Time)`,
		},
		{
			displayName: o.end.displayName,
			name: o.end.name,
			type: 'string',
			default: LATEST,
			placeholder: LATEST,
			description: `HH:mm, not after ${LATEST} (China Standard Time)`,
		},
	];
}

/** The window of one item, validated (start before end, inside 09:00–20:00). */
export function readWorkingHours(p: ItemParams, o: WorkingHoursOptions): { start: string; end: string } {
	return checkWindow(p.get(o.start.name, EARLIEST), p.get(o.end.name, LATEST), [o.start.displayName, o.end.displayName], EARLIEST, LATEST);
}
