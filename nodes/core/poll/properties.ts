import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeParameterResourceLocator,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';
import type { PollSettings } from './types';
import { collectionField } from '../builders/fields';

export interface TriggerPropertyOptions {
	/** what the vendor calls a job (`Job`, `Task`) */
	jobNoun: string;
	/** the one-job picker (a resource locator; stored as `jobId`) */
	jobLocator: INodeProperties;
	/** loadOptions method listing jobs for the several-jobs picker */
	jobsMethod: string;
	statusOptions: INodePropertyOptions[];
	intentOptions: INodePropertyOptions[];
	/** show the lookback option (time cursors) */
	lookback: boolean;
	/** show the overlap option (index cursors), with the default and what it is based on */
	overlap?: { default: number; description: string };
	/** extra properties after the event (e.g. a company picker) */
	extra?: INodeProperties[];
}

/** The parameters of a "New Call Record" trigger, identical for every vendor. */
export function callRecordTriggerProperties(o: TriggerPropertyOptions): INodeProperties[] {
	const noun = o.jobNoun;
	const lower = noun.toLowerCase();
	const options: INodeProperties[] = [
		{
			displayName: 'Also Emit Existing Records',
			name: 'emitExisting',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'On first activation, also emit the most recent existing records of each watched ' +
				`${lower} that match the filters, up to this many. 0: start from now.`,
		},
	];
	if (o.lookback) {
		options.push({
			displayName: 'Late Results Window (Minutes)',
			name: 'lookbackMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'The vendor lists calls by start time. A call that ends late (long call, delayed analysis) appears below newer ones: it is still emitted if it started at most this long before the newest call already seen. Larger values cost more requests only when new records arrive.',
		});
	}
	if (o.overlap) {
		const overlapDefault = o.overlap.default;
		options.push({
			displayName: 'Late Records Window (Calls)',
			name: 'overlapCalls',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: MAX_OVERLAP },
			default: overlapDefault,
			description: o.overlap.description,
		});
	}
	options.push({
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description:
			'Whether to return one normalised call record (status, intent letter, duration in seconds, ISO times, transcript) instead of the vendor’s fields',
	});
	const watchOptions: INodePropertyOptions[] = [
		{ name: `One ${noun}`, value: 'one' },
		{ name: `Several ${noun}s`, value: 'several' },
		{
			name: `All Running ${noun}s`,
			value: 'allRunning',
			description: `Every ${lower} that is running; costs one extra request per poll to list them`,
		},
	];
	return [
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			options: [{ name: 'New Call Record', value: 'newCallRecord', description: 'A call of the watched jobs has finished' }],
			default: 'newCallRecord',
		},
		...(o.extra ?? []),
		{
			displayName: 'Watch',
			name: 'watch',
			type: 'options',
			options: watchOptions,
			default: 'one',
		},
		{ ...o.jobLocator, name: 'jobId', displayOptions: { show: { watch: ['one'] } } },
		{
			displayName: `${noun} Names or IDs`,
			name: 'jobIds',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: o.jobsMethod },
			default: [],
			required: true,
			displayOptions: { show: { watch: ['several'] } },
			description:
				'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		collectionField('filters', [
			{
				displayName: 'Intent Levels',
				name: 'intentLevels',
				type: 'multiOptions',
				options: o.intentOptions,
				default: [],
			},
			{
				displayName: 'Result Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: o.statusOptions,
				default: [],
			},
		], { description: 'Only records that match are emitted; the others are skipped (and not emitted later)' }),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options,
		},
	];
}

function idList(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(',');
	return [...new Set(list.map((v) => String(v).trim()).filter((v) => v !== ''))];
}

/** the largest Late Records Window (Calls): the overlap is re-read on every poll that finds something */
export const MAX_OVERLAP = 1000;

/** reads the parameters of {@link callRecordTriggerProperties} (`defaultOverlap`: the index cursor's default) */
export function readPollSettings(ctx: IPollFunctions, jobNoun: string, defaultOverlap = 0): PollSettings {
	const watch = ctx.getNodeParameter('watch', 'one') as string;
	const filters = (ctx.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const options = (ctx.getNodeParameter('options', {}) ?? {}) as IDataObject;
	let jobIds: string[] = [];
	if (watch === 'one') {
		const locator = ctx.getNodeParameter('jobId', '') as INodeParameterResourceLocator | string;
		jobIds = idList(typeof locator === 'object' && locator !== null ? locator.value : locator);
	} else if (watch === 'several') {
		jobIds = idList(ctx.getNodeParameter('jobIds', []));
	}
	if (watch !== 'allRunning' && jobIds.length === 0) {
		throw new NodeOperationError(ctx.getNode(), `Choose at least one ${jobNoun.toLowerCase()} to watch`);
	}
	const invalid = jobIds.find((id) => !/^\d+$/.test(id));
	if (invalid !== undefined) {
		throw new NodeOperationError(ctx.getNode(), `Invalid parameter: ${jobNoun} ID must be a number (got "${invalid}")`);
	}
	const emitExisting = Number(options.emitExisting ?? 0);
	const lookbackMinutes = Number(options.lookbackMinutes ?? 60);
	const overlap = Number(options.overlapCalls ?? defaultOverlap);
	if (!Number.isInteger(emitExisting) || emitExisting < 0) {
		throw new NodeOperationError(ctx.getNode(), 'Invalid parameter: Also Emit Existing Records must be a whole number ≥ 0');
	}
	if (!Number.isFinite(lookbackMinutes) || lookbackMinutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Invalid parameter: Late Results Window (Minutes) must be more than 0');
	}
	if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP) {
		throw new NodeOperationError(ctx.getNode(), `Invalid parameter: Late Records Window (Calls) must be a whole number from 0 to ${MAX_OVERLAP}`);
	}
	return {
		watch: watch === 'allRunning' ? 'allRunning' : 'jobs',
		jobIds,
		statuses: ((filters.statuses as unknown[] | undefined) ?? []).map(String),
		intents: ((filters.intentLevels as unknown[] | undefined) ?? []).map(String),
		simplify: options.simplify === true,
		lookbackMs: lookbackMinutes * 60_000,
		overlap,
		emitExisting,
	};
}
