import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { toNodeError } from '../errors';
import { fetchPage, matches, oldestFirst, outputOf, pollBudget, runningJobIds, toItems } from './helpers';
import { walkIndex } from './indexCursor';
import { newestFirstPages } from './listOrder';
import { walkTime } from './timeCursor';
import type { CallRecordSource, CursorState, JobCursor, PollSettings, Walk } from './types';

/**
 * Vendor-agnostic engine of the "New Call Record" polling triggers.
 *
 * A vendor file declares a {@link CallRecordSource}: how to request one page of a job's finished
 * calls, how to read a record's key, `dedupKey`, time and (if any) incremental index, and how to
 * list the running jobs. Everything else lives here once: the cursor in the workflow's static
 * data, paging, de-duplication, filters, first activation, manual "Fetch Test Event", and the
 * node parameters the triggers share.
 *
 * Two cursor kinds, because the vendors' list endpoints differ: `index` (see indexCursor.ts) and `time` (see timeCursor.ts), each with its proof of
 * "no skip, no duplicate".
 *
 * Static data (`getWorkflowStaticData('node').callRecordCursor`, see {@link CursorState}):
 * `{v: 1, activatedAt, polledAt, jobs: {<jobId>: {newest, seen, total, order} | {index, base, seen, count}}}`, plus
 * `floor` for jobs found running after activation and `runningAt` in "All Running Jobs" mode.
 * Jobs no longer watched are dropped, so the state stays bounded.
 *
 * State is changed only when the whole poll succeeded (a failed request throws before the
 * commit, so the next poll repeats the same window), and never in manual mode. When the poll
 * budget n8n grants runs short, the engine returns what it has found: `seen` takes the emitted
 * keys, the cursor itself does not move, so the next poll continues without repeats or gaps.
 */

/** the key inside `getWorkflowStaticData('node')` */
export const CURSOR_KEY = 'callRecordCursor';

/**
 * "All Running Jobs": a job that leaves the running list is still polled this long, so calls
 * that were in flight when it was paused or completed are not lost.
 */
export const STOPPED_JOB_GRACE_MS = 30 * 60_000;
/** a job found running after activation: its calls that started this long before the previous poll count as new */
export const DISCOVERY_MARGIN_MS = 15 * 60_000;

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
		let records: IDataObject[] = [];
		if (source.cursor === 'time') {
			// the newest end of a list whose direction the vendor does not document
			for await (const page of newestFirstPages({ ctx, source, jobId }).walk()) {
				records = page.records;
				break;
			}
		} else {
			records = source.items(await fetchPage(ctx, source, jobId, 1, source.maxPageSize, -1));
		}
		const candidate = records.find((r) => matches(source, settings, r));
		if (candidate && (!best || (source.time(candidate) ?? 0) > (source.time(best) ?? 0))) best = candidate;
	}
	return best ? [[{ json: outputOf(source, settings, best) }]] : null;
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
		const running = settings.watch === 'allRunning' ? await runningJobIds(ctx, source) : [];
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
				if (source.cursor === 'index') {
					previous.index = -1;
					previous.base = -1;
				}
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
