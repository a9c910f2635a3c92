/** Byrobot's enums (VENDORS.md §2 "Enums"): the number stays, a readable label is added. */
import type { INodePropertyOptions } from 'n8n-workflow';

export const TASK_STATUS_LABELS: Record<number, string> = {
	0: 'not started',
	1: 'running',
	2: 'completed',
	3: 'scheduling',
	4: 'paused by user',
	5: 'paused by system',
	6: 'terminated',
	7: 'queued',
	8: 'AI expired',
	9: 'account in arrears',
	10: 'SMS in arrears',
};

export const FINISH_STATUS_LABELS: Record<number, string> = {
	0: 'answered',
	1: 'refused',
	2: 'unreachable',
	3: 'caller line unavailable',
	4: 'vacant number',
	5: 'powered off',
	6: 'busy',
	7: 'out of service',
	8: 'no answer',
	9: 'caller in arrears',
	10: 'call loss',
	11: 'blacklisted',
	22: 'line blind zone',
};

export const CALL_STATUS_LABELS: Record<number, string> = {
	0: 'not started',
	1: 'in progress',
	2: 'done',
	3: 'redial scheduled',
};

export const TASK_TYPE_LABELS: Record<number, string> = { 1: 'scheduled', 2: 'manual' };
export const CALL_TYPE_LABELS: Record<number, string> = { 0: 'mobile (SIM)', 1: 'landline', 2: 'no caller ID' };
export const HANG_UP_LABELS: Record<number, string> = { 0: 'AI', 1: 'customer' };

/** `label(TASK_STATUS_LABELS, 4)` → "paused by user"; null when the value is not set */
export function label(table: Record<number, string>, value: unknown): string | null {
	if (value === undefined || value === null || value === '') return null;
	const n = Number(value);
	return Number.isInteger(n) ? (table[n] ?? `unknown (${String(value)})`) : null;
}

/** options for a dropdown from a label table, sorted by name (lint rule) */
function optionsOf(table: Record<number, string>): INodePropertyOptions[] {
	return Object.entries(table)
		.map(([value, name]) => ({ name: name.charAt(0).toUpperCase() + name.slice(1), value: Number(value) }))
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const TASK_STATUS_OPTIONS = optionsOf(TASK_STATUS_LABELS);
export const FINISH_STATUS_OPTIONS = optionsOf(FINISH_STATUS_LABELS);

/** the intent letters for the trigger's Intent Level filter */
export const INTENT_OPTIONS = ['A', 'B', 'C', 'D', 'E', 'F'].map((letter) => ({ name: letter, value: letter }));

/** the callback event types (VENDORS.md §2 "Callbacks"); MANUAL_INTENT_EDIT is a CALL_INSTANCE_RESULT without sceneInstance */
export const BYROBOT_EVENTS = [
	'CALL_INSTANCE_RESULT',
	'INBOUND_CALL_INSTANCE_RESULT',
	'MANUAL_INTENT_EDIT',
	'JOB_INFO_RESULT',
] as const;
/** the events that carry a call */
export const CALL_EVENTS = ['CALL_INSTANCE_RESULT', 'INBOUND_CALL_INSTANCE_RESULT', 'MANUAL_INTENT_EDIT'];
