/** The options every import operation gets (inside its Options collection) and how they are read. */
import type { INodeProperties } from 'n8n-workflow';
import { ValidationError } from '../errors';
import { checkInteger, type ItemParams } from '../params';
import { oneOf } from '../validation';

/** what the vendor can tell about a job (declared by the vendor's import operation) */
export interface ImportCapabilities {
	/** the job's size can be read */
	count: boolean;
	/** whether a given number is in the job can be asked */
	holds: boolean;
	/** the vendor may drop numbers the job already holds (then a resend is harmless) */
	dedup: boolean;
}

export const PARALLEL_DEFAULT = 2;
export const PARALLEL_MAX = 8;

export type UnknownOutcomes = 'hold' | 'imported' | 'resend';
export type ExistingNumbers = 'check' | 'stop' | 'import';

export interface ImportOptions {
	parallel: number;
	skipRepeated: boolean;
	timeoutMs: number;
	checkWaitMs: number;
	remember: boolean;
	unknownOutcomes: UnknownOutcomes;
	existingNumbers: ExistingNumbers;
}

/** the core's import options, for the operation's Options collection */
export function importOptionProperties(caps: ImportCapabilities): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: PARALLEL_MAX },
			default: PARALLEL_DEFAULT,
			description:
				'How many import requests may be in flight at once. The vendors publish no rate limit: on HTTP 429 the node halves this and slowly grows back.',
		},
		{
			displayName: 'Skip Repeated Numbers',
			name: 'skipRepeated',
			type: 'boolean',
			default: true,
			description:
				'Whether a number that appears more than once for the same job in this input is sent once (the other items get status "duplicate")',
		},
		{
			displayName: 'Remember Imported Numbers',
			name: 'remember',
			type: 'boolean',
			default: true,
			description:
				"Whether to keep a ledger of the numbers imported into each job in n8n's de-duplication store (fingerprints, no numbers), so that Retry On Fail, a re-run or a retried execution never sends a number twice",
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: 600, numberPrecision: 1 },
			default: 60,
			description: 'How long to wait for the answer to one import request; then its outcome is unknown and checked',
		},
		{
			displayName: 'Wait Before Checking (Seconds)',
			name: 'checkWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 600, numberPrecision: 1 },
			default: 3,
			description:
				'When an import request got no answer, how long to wait before asking the vendor what it stored (the request may still be running there)',
		},
	];
	if (!caps.holds) {
		properties.push({
			displayName: 'Numbers With an Unknown Outcome',
			name: 'unknownOutcomes',
			type: 'options',
			options: [
				{
					name: 'Hold Back and Report',
					value: 'hold',
					description: 'Do not send them again; their items say what to check',
				},
				{
					name: 'Treat as Imported',
					value: 'imported',
					description: 'You checked the job: they are in it',
				},
				{ name: 'Send Again', value: 'resend', description: 'You checked the job: they are not in it' },
			],
			default: 'hold',
			description:
				caps.dedup
					? 'What to do with numbers whose earlier import got no answer, when the vendor is set not to drop repeated numbers'
					: 'What to do with numbers whose earlier import got no answer: the vendor cannot be asked whether a job holds a number',
		});
	}
	if (caps.count) {
		const description =
			'What to do when the job holds customers this node did not import (added in the console, by another workflow or node): any of them may be a number of this input';
		properties.push(
			caps.holds
				? {
						displayName: 'Numbers Already in the Job',
						name: 'existingNumbers',
						type: 'options',
						options: [
							{ name: 'Check Each Number', value: 'check', description: 'Ask the vendor before sending each number' },
							{ name: 'Import Anyway', value: 'import' },
						],
						default: 'check',
						description,
					}
				: {
						displayName: 'Numbers Already in the Job',
						name: 'existingNumbers',
						type: 'options',
						options: [
							{ name: 'Stop Before Sending', value: 'stop' },
							{ name: 'Import Anyway', value: 'import' },
						],
						default: 'stop',
						description,
					},
		);
	}
	return properties;
}

export function readImportOptions(p: ItemParams, caps: ImportCapabilities): ImportOptions {
	const o = p.collection('options');
	const seconds = (value: unknown, fallback: number, label: string, min: number) => {
		const n = value === undefined || value === '' ? fallback : Number(value);
		if (!Number.isFinite(n) || n < min || n > 600) {
			throw new ValidationError(label, `must be a number of seconds from ${min} to 600 (got "${String(value)}")`);
		}
		return Math.round(n * 1000);
	};
	return {
		parallel: checkInteger(o.parallelRequests ?? PARALLEL_DEFAULT, 'Parallel Requests', 1, PARALLEL_MAX),
		skipRepeated: o.skipRepeated === undefined ? true : Boolean(o.skipRepeated),
		remember: o.remember === undefined ? true : Boolean(o.remember),
		timeoutMs: seconds(o.requestTimeout, 60, 'Request Timeout (Seconds)', 0.1),
		checkWaitMs: seconds(o.checkWait, 3, 'Wait Before Checking (Seconds)', 0),
		unknownOutcomes: oneOf(o.unknownOutcomes ?? 'hold', ['hold', 'imported', 'resend'] as const, 'Numbers With an Unknown Outcome'),
		existingNumbers: oneOf(
			o.existingNumbers ?? (caps.holds ? 'check' : 'stop'),
			caps.holds ? (['check', 'import'] as const) : (['stop', 'import'] as const),
			'Numbers Already in the Job',
		),
	};
}
