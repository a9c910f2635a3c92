import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { cstToIso } from '../callRecord';
import { collectIds } from '../lookups';
import { pagesOf, type PageSource } from '../pagination';
import { send } from '../transport';
import type { Budget, CallRecordSource, PollSettings } from './types';

/** stop fetching when this share of n8n's poll budget is used */
const BUDGET_SHARE = 0.6;

class PollBudget implements Budget {
	private readonly started = Date.now();
	constructor(private readonly ms: number) {}
	get exhausted(): boolean {
		return Date.now() - this.started > this.ms * BUDGET_SHARE;
	}
}

export function pollBudget(ctx: IPollFunctions): Budget {
	let ms = 5 * 60_000;
	try {
		const granted = ctx.getPollBudgetMs?.();
		if (typeof granted === 'number' && granted > 0) ms = granted;
	} catch {
		// older n8n: no budget API
	}
	return new PollBudget(ms);
}

/** one page of a job's call records (the probe of a time cursor, a manual test event) */
export async function fetchPage(
	ctx: IPollFunctions,
	source: CallRecordSource,
	jobId: string,
	page: number,
	pageSize: number,
	index: number,
): Promise<unknown> {
	return send(ctx, source.vendor, source.listRequest(ctx, jobId, page, pageSize, index), { retry: 'idempotent' });
}

/** the pages of a job's call records for the core paginator */
export function recordPages(
	ctx: IPollFunctions,
	source: CallRecordSource,
	jobId: string,
	pageSize: number,
	index: number,
): PageSource<number> {
	return pagesOf(ctx, source.vendor, {
		request: (page) => source.listRequest(ctx, jobId, page, pageSize, index),
		paging: { firstPage: 1, maxPageSize: source.maxPageSize, items: source.items, isLastPage: source.isLastPage },
		pageSize,
	});
}

/** oldest first: by the source's order (index, else time), ties in reverse list order */
export function oldestFirst(source: CallRecordSource, newestFirst: IDataObject[]): IDataObject[] {
	const order = (r: IDataObject) => (source.cursor === 'index' && source.index ? (source.index(r) ?? -1) : (source.time(r) ?? 0));
	return [...newestFirst].reverse().sort((a, b) => order(a) - order(b));
}

/** whether a record passes the Result Status and Intent Level filters */
export function matches(source: CallRecordSource, settings: PollSettings, record: IDataObject): boolean {
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

/** the emitted items, each with its stable `dedupKey` (an upsert key for the CRM write downstream) */
export function toItems(source: CallRecordSource, settings: PollSettings, records: IDataObject[]): INodeExecutionData[] {
	return records.filter((r) => matches(source, settings, r)).map((r) => ({ json: outputOf(source, settings, r) }));
}

export function outputOf(source: CallRecordSource, settings: PollSettings, record: IDataObject): IDataObject {
	return { ...source.output(record, settings.simplify), dedupKey: source.dedupKey(record) };
}

/** the ids of the jobs in any of the source's dialing statuses; one request per status and 100 jobs */
export async function runningJobIds(ctx: IPollFunctions, source: CallRecordSource): Promise<string[]> {
	const { statuses, idField } = source.runningJobs;
	const request = await source.runningJobs.request(ctx);
	const ids: string[] = [];
	for (const status of statuses) {
		ids.push(...(await collectIds(ctx, source.vendor, (page, pageSize) => request(status, page, pageSize), [idField])));
	}
	return [...new Set(ids)];
}

/** a vendor's CST wall-clock time (or epoch ms) as epoch milliseconds */
export function cstEpoch(value: unknown): number | undefined {
	const iso = cstToIso(value);
	const ms = iso === null ? NaN : Date.parse(iso);
	return Number.isNaN(ms) ? undefined : ms;
}
