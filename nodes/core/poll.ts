import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	INodeProperties,
	INodePropertyOptions,
	IPollFunctions,
} from 'n8n-workflow';
import { cstToIso } from './callRecord';
import { toNodeError } from './errors';
import { lookup, pick } from './lookups';
import { send } from './transport';
import type { RequestParts, VendorSpec } from './types';

/**
 * Vendor-agnostic engine of the "New Call Record" polling triggers.
 *
 * A vendor file declares a {@link CallRecordSource}: how to request one page of a job's finished
 * calls (newest first), how to read a record's key, time and (if any) incremental index, and how
 * to list the running jobs. Everything else lives here once: the cursor in the workflow's static
 * data, paging, de-duplication, filters, first activation, manual "Fetch Test Event", and the
 * node parameters the triggers share.
 *
 * Two cursor kinds, because the vendors' list endpoints differ:
 *
 * `index` (Byrobot queryDoneTaskPhones, VENDORS.md §2): the vendor filters `callIndex > index`
 * and numbers a task's calls in the order they end. Per job we keep `index` = the largest
 * callIndex emitted. A poll pages through everything above it, then moves it to the largest
 * callIndex seen. No skip: every record above the cursor that exists when the walk starts is
 * on one of the pages; records that arrive during the walk go to the front of a newest-first
 * list (their callIndex is larger than every existing one), which pushes older records towards
 * later pages (read twice, de-duplicated within the poll), never past them; and they are above
 * the new cursor, so the next poll gets them. No duplicate: the vendor never returns a callIndex
 * at or below the cursor. A redial keeps its callInstanceId but gets a new callIndex: it is a new
 * call result and is emitted (the key is `callInstanceId:callIndex`).
 *
 * `time` (Tanyi getCallRecordInfoList, seed 003): no time or id filter, newest first by call
 * START time, and a call that started earlier may be listed later (it finished later). Per job
 * we keep `newest` (the latest start time seen), `seen` (key → start time of every record seen
 * whose start lies inside the lookback window `[newest − lookback, …]`) and `total` (the list's
 * totalElements when every record then in the window was known). A poll:
 *   1. asks for one record (page 1, size 1) only to read totalElements. Call records are never
 *      deleted, so an unchanged total means nothing was added anywhere: an idle poll is one
 *      request;
 *   2. otherwise walks full pages from the newest down to the window's lower edge (the horizon,
 *      `newest − lookback`, fixed for the walk) and emits every record inside the window whose
 *      key is not in `seen`. It may stop early once it has found as many unseen records as the
 *      total grew by, provided the total did not move during the walk (then the records added
 *      since the last snapshot are exactly the ones found).
 * No skip (within the window): records are only ever added, so while we walk, the records
 * below our position only move down, never up past us: everything that existed when the walk
 * started and lies inside the window is read. No duplicate: a record is emitted only if its
 * start is at or after the horizon and its key is not in `seen`; `seen` keeps every emitted key
 * until its start falls below the horizon, and the horizon never moves back. The price: a
 * record that turns up more than `lookback` after a newer-started call was seen is not
 * emitted (it is outside the window); the lookback is configurable for that reason, and
 * `seen` stays bounded to the records of one window.
 *
 * Static data (`getWorkflowStaticData('node').callRecordCursor`, see {@link CursorState}):
 * `{v: 1, activatedAt, polledAt, jobs: {<jobId>: {newest, seen, total} | {index, seen?}}}`, plus
 * `floor` for jobs found running after activation and `runningAt` in "All Running Jobs" mode.
 * Jobs no longer watched are dropped, so the state stays bounded.
 *
 * State is changed only when the whole poll succeeded (a failed request throws before the
 * commit, so the next poll repeats the same window), and never in manual mode. When the poll
 * budget n8n grants runs short, the engine returns what it has found: `seen` takes the emitted
 * keys, the cursor itself does not move, so the next poll continues without repeats or gaps.
 */

/** how a vendor lists call records; every request goes through core `send` */
export interface CallRecordSource {
	vendor: VendorSpec;
	cursor: 'index' | 'time';
	/** the largest page size the list accepts */
	maxPageSize: number;
	/** page `page` (1-based) of a job's finished calls, newest first; `index` only for `index` cursors */
	listRequest(ctx: IPollFunctions, jobId: string, page: number, pageSize: number, index: number): RequestParts;
	/** the records of one page */
	items(data: unknown): IDataObject[];
	/** the number of records in the whole list, if the vendor says */
	total(data: unknown): number | undefined;
	/** true when the vendor says no page follows */
	isLastPage(data: unknown, page: number, received: number, pageSize: number): boolean;
	/** unique per call result */
	key(record: IDataObject): string;
	/** ms since epoch: the start time for `time` cursors (the list's order); any call time otherwise */
	time(record: IDataObject): number | undefined;
	/** `index` cursors: the record's incremental index */
	index?(record: IDataObject): number;
	/** the vendor's result status, compared with the Result Status filter */
	status(record: IDataObject): string | undefined;
	/** the intent letter A–F, compared with the Intent Level filter */
	intent(record: IDataObject): string | null;
	/** the output item: normalised (Simplify) or the vendor record */
	output(record: IDataObject, simplify: boolean): IDataObject;
	/** the running jobs' ids ("All Running Jobs"); one request per 100 jobs */
	runningJobs(ctx: IPollFunctions): Promise<string[]>;
}

export interface PollSettings {
	/** `jobs`: the ids in `jobIds`; `allRunning`: what `runningJobs` returns */
	watch: 'jobs' | 'allRunning';
	jobIds: string[];
	statuses: string[];
	intents: string[];
	simplify: boolean;
	/** `time` cursors: how late (by start time) a record may turn up and still be emitted */
	lookbackMs: number;
	/** first activation: also emit the N most recent existing records */
	emitExisting: number;
}

/** Per job. `time` cursors use newest/seen/total; `index` cursors index (+ seen after a partial poll). */
export interface JobCursor extends IDataObject {
	/** time cursor: latest start time seen (ms), null while the job has no record */
	newest?: number | null;
	/** key → time (ms) of records already emitted or known */
	seen?: Record<string, number>;
	/** time cursor: totalElements when everything then inside the window was known */
	total?: number | null;
	/** index cursor: the largest index emitted; -1 before the first record */
	index?: number;
	/** never emit records whose time is earlier (jobs found running after activation) */
	floor?: number;
	/** "All Running Jobs": when the job was last in the running list (n8n clock, ms) */
	runningAt?: number;
}

export interface CursorState extends IDataObject {
	v: 1;
	/** first successful poll (n8n clock, ms) */
	activatedAt: number;
	/** last successful poll (n8n clock, ms) */
	polledAt: number;
	jobs: Record<string, JobCursor>;
}

/** the key inside `getWorkflowStaticData('node')` */
export const CURSOR_KEY = 'callRecordCursor';

/**
 * "All Running Jobs": a job that leaves the running list is still polled this long, so calls
 * that were in flight when it was paused or completed are not lost.
 */
export const STOPPED_JOB_GRACE_MS = 30 * 60_000;
/** a job found running after activation: its calls that started this long before the previous poll count as new */
export const DISCOVERY_MARGIN_MS = 15 * 60_000;
/** stop fetching when this share of n8n's poll budget is used */
const BUDGET_SHARE = 0.6;
/** safety stop for a vendor that never says "last page" */
const MAX_PAGES = 10_000;

/** one job's share of a poll */
interface Walk {
	ctx: IPollFunctions;
	source: CallRecordSource;
	jobId: string;
	previous: JobCursor | undefined;
	settings: PollSettings;
	budget: Budget;
	/** first activation for this job: learn the position, emit only "Also Emit Existing Records" */
	baseline: boolean;
}

interface WalkResult {
	cursor: JobCursor;
	fresh: IDataObject[];
}

class Budget {
	private readonly started = Date.now();
	constructor(private readonly ms: number) {}
	get exhausted(): boolean {
		return Date.now() - this.started > this.ms * BUDGET_SHARE;
	}
}

function pollBudget(ctx: IPollFunctions): Budget {
	let ms = 5 * 60_000;
	try {
		const granted = ctx.getPollBudgetMs?.();
		if (typeof granted === 'number' && granted > 0) ms = granted;
	} catch {
		// older n8n: no budget API
	}
	return new Budget(ms);
}

async function fetchPage(
	ctx: IPollFunctions,
	source: CallRecordSource,
	jobId: string,
	page: number,
	pageSize: number,
	index: number,
): Promise<unknown> {
	return send(ctx, source.vendor, source.listRequest(ctx, jobId, page, pageSize, index), { retry: 'idempotent' });
}

/** oldest first: by the source's order (index, else time), ties in reverse list order */
function oldestFirst(source: CallRecordSource, newestFirst: IDataObject[]): IDataObject[] {
	const order = (r: IDataObject) => (source.cursor === 'index' && source.index ? source.index(r) : (source.time(r) ?? 0));
	return [...newestFirst].reverse().sort((a, b) => order(a) - order(b));
}

function pruneSeen(seen: Record<string, number>, lowest: number): Record<string, number> {
	const kept: Record<string, number> = {};
	for (const [key, time] of Object.entries(seen)) if (time >= lowest) kept[key] = time;
	return kept;
}

// ----------------------------------------------------------------------------------------------
// index cursor
// ----------------------------------------------------------------------------------------------

async function walkIndex(walk: Walk): Promise<WalkResult> {
	const { ctx, source, jobId, previous, settings, budget, baseline } = walk;
	const indexOf = source.index!;
	if (baseline) {
		// the newest record carries the largest index; read more only to emit existing ones
		// ("the last N existing records" counts records that pass the filters)
		const wanted = settings.emitExisting;
		const pageSize = wanted > 0 ? source.maxPageSize : 1;
		const existing: IDataObject[] = [];
		let top = -1;
		for (let page = 1; page <= MAX_PAGES; page++) {
			const data = await fetchPage(ctx, source, jobId, page, pageSize, -1);
			const records = source.items(data);
			for (const r of records) top = Math.max(top, indexOf(r));
			existing.push(...records.filter((r) => matches(source, settings, r)).slice(0, wanted - existing.length));
			if (existing.length >= wanted || records.length === 0) break;
			if (source.isLastPage(data, page, records.length, pageSize)) break;
		}
		return { cursor: { index: top }, fresh: existing };
	}

	const start = previous?.index ?? -1;
	const known = new Set(Object.keys(previous?.seen ?? {}));
	const found = new Map<string, IDataObject>();
	let top = start;
	let complete = false;
	for (let page = 1; page <= MAX_PAGES; page++) {
		const data = await fetchPage(ctx, source, jobId, page, source.maxPageSize, start);
		const records = source.items(data);
		for (const r of records) {
			const index = indexOf(r);
			if (!(index > start)) continue; // the vendor filters this already; never trust it twice
			top = Math.max(top, index);
			const key = source.key(r);
			if (!known.has(key) && !found.has(key)) found.set(key, r);
		}
		if (records.length === 0 || source.isLastPage(data, page, records.length, source.maxPageSize)) {
			complete = true;
			break;
		}
		if (budget.exhausted) break;
	}
	const fresh = [...found.values()];
	const floor = previous?.floor;
	if (complete) return { cursor: { index: top }, fresh: fresh.filter((r) => passesFloor(source, r, floor)) };
	// partial walk: the cursor stays, what was emitted is remembered until the next full walk
	const seen: Record<string, number> = { ...(previous?.seen ?? {}) };
	for (const r of fresh) seen[source.key(r)] = indexOf(r);
	return {
		cursor: { ...previous, index: start, seen },
		fresh: fresh.filter((r) => passesFloor(source, r, floor)),
	};
}

function passesFloor(source: CallRecordSource, record: IDataObject, floor: number | undefined): boolean {
	if (floor === undefined) return true;
	const time = source.time(record);
	return time === undefined || time >= floor;
}

// ----------------------------------------------------------------------------------------------
// time cursor
// ----------------------------------------------------------------------------------------------

async function walkTime(walk: Walk): Promise<WalkResult> {
	const { ctx, source, jobId, previous, settings, budget, baseline } = walk;
	const lookback = settings.lookbackMs;
	const seen = previous?.seen ?? {};
	const newest = previous?.newest ?? null;
	const storedTotal = previous?.total ?? null;
	const floor = previous?.floor ?? -Infinity;

	if (!baseline && storedTotal !== null) {
		const probe = await fetchPage(ctx, source, jobId, 1, 1, -1);
		if (source.total(probe) === storedTotal) return { cursor: previous!, fresh: [] };
	}

	// the window's lower edge; on the first activation it is known after the first record
	let horizon = baseline ? undefined : Math.max(floor, newest === null ? -Infinity : newest - lookback);
	const wanted = baseline ? settings.emitExisting : 0;
	const existing: IDataObject[] = [];
	const found = new Map<string, IDataObject>();
	const walked: Record<string, number> = {};
	let firstTotal: number | undefined;
	let lastTotal: number | undefined;
	let latest = newest;
	let complete = false;
	const pageSize = source.maxPageSize;
	for (let page = 1; page <= MAX_PAGES; page++) {
		const data = await fetchPage(ctx, source, jobId, page, pageSize, -1);
		const records = source.items(data);
		const total = source.total(data);
		if (page === 1) firstTotal = total;
		lastTotal = total;
		let belowHorizon = false;
		for (const r of records) {
			const time = source.time(r) ?? latest ?? 0;
			if (horizon === undefined) horizon = Math.max(floor, time - lookback);
			if (existing.length < wanted && matches(source, settings, r)) existing.push(r);
			if (time < horizon) {
				belowHorizon = true;
				continue;
			}
			const key = source.key(r);
			walked[key] = time;
			latest = latest === null ? time : Math.max(latest, time);
			if (!baseline && !(key in seen) && !found.has(key)) found.set(key, r);
		}
		const stable =
			storedTotal !== null && firstTotal !== undefined && firstTotal === lastTotal && found.size >= firstTotal - storedTotal;
		if (records.length === 0 || source.isLastPage(data, page, records.length, pageSize) || stable) {
			complete = true;
			break;
		}
		if (belowHorizon && existing.length >= wanted) {
			complete = true;
			break;
		}
		// a first activation always completes: it has no position yet to continue from
		if (budget.exhausted && !baseline) break;
	}

	const fresh = baseline ? existing : [...found.values()];
	if (!complete) {
		// partial: only remember what was emitted; newest and total stay, so the window does not move
		return { cursor: { ...previous, seen: { ...seen, ...keysOf(source, fresh, latest) } }, fresh };
	}
	const lowest = Math.max(floor, latest === null ? -Infinity : latest - lookback);
	const cursor: JobCursor = {
		newest: latest,
		seen: pruneSeen({ ...seen, ...walked }, lowest),
		total: firstTotal ?? null,
	};
	if (previous?.floor !== undefined) cursor.floor = previous.floor;
	return { cursor, fresh };
}

function keysOf(source: CallRecordSource, records: IDataObject[], fallback: number | null): Record<string, number> {
	const keys: Record<string, number> = {};
	for (const r of records) keys[source.key(r)] = source.time(r) ?? fallback ?? 0;
	return keys;
}

// ----------------------------------------------------------------------------------------------
// poll
// ----------------------------------------------------------------------------------------------

function matches(source: CallRecordSource, settings: PollSettings, record: IDataObject): boolean {
	if (settings.statuses.length > 0) {
		const status = source.status(record);
		if (status === undefined || !settings.statuses.includes(status)) return false;
	}
	if (settings.intents.length > 0) {
		const intent = source.intent(record);
		if (intent === null || !settings.intents.includes(intent)) return false;
	}
	return true;
}

function toItems(source: CallRecordSource, settings: PollSettings, records: IDataObject[]): INodeExecutionData[] {
	return records.filter((r) => matches(source, settings, r)).map((r) => ({ json: source.output(r, settings.simplify) }));
}

function readState(ctx: IPollFunctions): CursorState | undefined {
	const state = ctx.getWorkflowStaticData('node')[CURSOR_KEY] as CursorState | undefined;
	if (!state || state.v !== 1 || typeof state.jobs !== 'object' || state.jobs === null) return undefined;
	// a plain copy: n8n hands out static data wrapped in change-tracking proxies
	return JSON.parse(JSON.stringify(state)) as CursorState;
}

/** manual "Fetch Test Event": the latest matching record of the watched jobs; nothing is stored */
async function latestRecord(
	ctx: IPollFunctions,
	source: CallRecordSource,
	settings: PollSettings,
	jobIds: string[],
): Promise<INodeExecutionData[][] | null> {
	let best: IDataObject | undefined;
	for (const jobId of jobIds) {
		const data = await fetchPage(ctx, source, jobId, 1, source.maxPageSize, -1);
		const candidate = source.items(data).find((r) => matches(source, settings, r));
		if (candidate && (!best || (source.time(candidate) ?? 0) > (source.time(best) ?? 0))) best = candidate;
	}
	return best ? [[{ json: source.output(best, settings.simplify) }]] : null;
}

/**
 * One poll of a "New Call Record" trigger: returns the new records of the watched jobs
 * (oldest first, filtered) or null, and commits the cursor to the workflow's static data.
 */
export async function pollCallRecords(
	ctx: IPollFunctions,
	source: CallRecordSource,
	settings: PollSettings,
): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	try {
		const running = settings.watch === 'allRunning' ? await source.runningJobs(ctx) : [];
		const selected = settings.watch === 'allRunning' ? running : settings.jobIds;
		if (ctx.getMode() === 'manual') return await latestRecord(ctx, source, settings, selected);

		const now = Date.now();
		const state = readState(ctx);
		const firstPoll = state === undefined;
		const jobs: Record<string, JobCursor> = {};
		const watched = new Set(selected);
		if (settings.watch === 'allRunning' && state) {
			for (const [jobId, cursor] of Object.entries(state.jobs)) {
				if (now - (cursor.runningAt ?? 0) <= STOPPED_JOB_GRACE_MS) watched.add(jobId);
			}
		}

		const budget = pollBudget(ctx);
		const items: INodeExecutionData[] = [];
		for (const jobId of watched) {
			let previous = state?.jobs[jobId];
			let baseline = previous === undefined;
			if (!previous && settings.watch === 'allRunning' && !firstPoll) {
				// started after activation: its calls since (about) the previous poll are new
				previous = { floor: state.polledAt - DISCOVERY_MARGIN_MS };
				if (source.cursor === 'index') previous.index = -1;
				else previous.newest = null;
				baseline = false;
			}
			const input: Walk = { ctx, source, jobId, previous, settings, budget, baseline };
			const walk = source.cursor === 'index' ? await walkIndex(input) : await walkTime(input);
			const cursor = walk.cursor;
			if (settings.watch === 'allRunning') {
				cursor.runningAt = running.includes(jobId) ? now : (previous?.runningAt ?? now);
			}
			jobs[jobId] = cursor;
			items.push(...toItems(source, settings, oldestFirst(source, walk.fresh)));
		}

		// an idle poll of selected jobs changes nothing, so n8n has nothing to save
		if (!state || settings.watch === 'allRunning' || JSON.stringify(state.jobs) !== JSON.stringify(jobs)) {
			const next: CursorState = { v: 1, activatedAt: state?.activatedAt ?? now, polledAt: now, jobs };
			ctx.getWorkflowStaticData('node')[CURSOR_KEY] = next;
		}
		return items.length > 0 ? [items] : null;
	} catch (error) {
		throw toNodeError(node, error, 0);
	}
}

// ----------------------------------------------------------------------------------------------
// helpers for the vendor sources
// ----------------------------------------------------------------------------------------------

/** a vendor's CST wall-clock time (or epoch ms) as epoch milliseconds */
export function cstEpoch(value: unknown): number | undefined {
	const iso = cstToIso(value);
	const ms = iso === null ? NaN : Date.parse(iso);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The ids of every entry of a paged lookup (e.g. the running jobs): `request(page)` asks for one
 * page of 100, `idKeys` name the id field. Stops at the first short page.
 */
export async function collectIds(
	ctx: IPollFunctions,
	vendor: VendorSpec,
	request: (page: number, pageSize: number) => RequestParts,
	idKeys: string[],
): Promise<string[]> {
	const ids: string[] = [];
	for (let page = 1; page <= 100; page++) {
		const entries = await lookup(ctx, vendor, request(page, 100));
		for (const entry of entries) {
			const id = pick(entry, idKeys);
			if (id !== undefined) ids.push(id);
		}
		if (entries.length < 100) break;
	}
	return ids;
}

type ListSearchMethod = (
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
) => Promise<INodeListSearchResult>;

/** a loadOptions method (for a multi-select) that returns every page of a listSearch method */
export function allOptionsOf(search: ListSearchMethod) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const options: INodePropertyOptions[] = [];
		let token: string | undefined;
		for (let n = 0; n < 50; n++) {
			const result = await search.call(this, undefined, token);
			options.push(...result.results.map((r) => ({ name: r.name, value: String(r.value) })));
			token = result.paginationToken === undefined ? undefined : String(result.paginationToken);
			if (!token) break;
		}
		return options.sort((a, b) => a.name.localeCompare(b.name));
	};
}

// ----------------------------------------------------------------------------------------------
// shared node parameters
// ----------------------------------------------------------------------------------------------

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
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: 'Only records that match are emitted; the others are skipped (and not emitted later)',
			options: [
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
			],
		},
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

/** reads the parameters of {@link callRecordTriggerProperties} */
export function readPollSettings(ctx: IPollFunctions, jobNoun: string): PollSettings {
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
	if (!Number.isInteger(emitExisting) || emitExisting < 0) {
		throw new NodeOperationError(ctx.getNode(), 'Invalid parameter: Also Emit Existing Records must be a whole number ≥ 0');
	}
	if (!Number.isFinite(lookbackMinutes) || lookbackMinutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), 'Invalid parameter: Late Results Window (Minutes) must be more than 0');
	}
	return {
		watch: watch === 'allRunning' ? 'allRunning' : 'jobs',
		jobIds,
		statuses: ((filters.statuses as unknown[] | undefined) ?? []).map(String),
		intents: ((filters.intentLevels as unknown[] | undefined) ?? []).map(String),
		simplify: options.simplify === true,
		lookbackMs: lookbackMinutes * 60_000,
		emitExisting,
	};
}
