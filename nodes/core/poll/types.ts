import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import type { RequestParts, VendorSpec } from '../types';

/** how a vendor lists call records; every request goes through core `send` */
export interface CallRecordSource {
	vendor: VendorSpec;
	/** what the vendor calls a job (`Job`, `Task`), for error messages */
	jobNoun: string;
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
	/** unique per call result (the cursor's memory) */
	key(record: IDataObject): string;
	/**
	 * the `dedupKey` every emitted item carries: the same for every poll of the same result and,
	 * where the vendor allows, the same as the callback trigger's key for that call
	 */
	dedupKey(record: IDataObject): string;
	/** ms since epoch: the start time for `time` cursors (the list's order); any call time otherwise */
	time(record: IDataObject): number | undefined;
	/** `index` cursors: the record's incremental index; `undefined` when the record has no usable one */
	index?(record: IDataObject): number | undefined;
	/** `index` cursors: the vendor's name of the index field, for the error when it is missing */
	indexField?: string;
	/** the vendor's result status, compared with the Result Status filter */
	status(record: IDataObject): string | undefined;
	/** the intent letter A–F, compared with the Intent Level filter */
	intent(record: IDataObject): string | null;
	/** the output item: normalised (Simplify) or the vendor record */
	output(record: IDataObject, simplify: boolean): IDataObject;
	/** "All Running Jobs": which jobs still dial, and how to list the jobs of one status */
	runningJobs: RunningJobList;
}

/** the job list "All Running Jobs" reads: one list per status (the vendors filter by one status at a time) */
export interface RunningJobList {
	/** the job statuses whose calls still come in */
	statuses: Array<string | number>;
	/** once per poll (it may read the credential or a parameter): the request of one page of one status */
	request(ctx: IPollFunctions): Promise<(status: string | number, page: number, pageSize: number) => RequestParts>;
	/** where a list entry keeps the job id */
	idField: string;
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
	/** `index` cursors: how many indexes below the newest one are read again (records listed late) */
	overlap: number;
	/** first activation: also emit the N most recent existing records */
	emitExisting: number;
}

/** Per job. `time` cursors use newest/seen/total/order; `index` cursors index/base/seen/count. */
export interface JobCursor extends IDataObject {
	/** time cursor: latest start time seen (ms), null while the job has no record */
	newest?: number | null;
	/**
	 * records already emitted or known: key → start time (ms) for time cursors, key → index for
	 * index cursors (every known record above `base`)
	 */
	seen?: Record<string, number>;
	/** time cursor: totalElements when everything then inside the window was known */
	total?: number | null;
	/** time cursor: the list's order, once seen (`newestFirst` or `oldestFirst` by start time) */
	order?: ListOrder;
	/** index cursor: the largest index seen; -1 before the first record */
	index?: number;
	/** index cursor: records at or below this index are out of reach (never emitted); absent = `index` */
	base?: number;
	/** index cursor: how many records above `base` the vendor listed at the last complete walk */
	count?: number;
	/** never emit records whose time is earlier (jobs found running after activation) */
	floor?: number;
	/** "All Running Jobs": when the job was last in the running list (n8n clock, ms) */
	runningAt?: number;
}

export type ListOrder = 'newestFirst' | 'oldestFirst';

export interface CursorState extends IDataObject {
	v: 1;
	/** first successful poll (n8n clock, ms) */
	activatedAt: number;
	/** last successful poll (n8n clock, ms) */
	polledAt: number;
	jobs: Record<string, JobCursor>;
}

/** stops a poll early when n8n's poll budget runs short */
export interface Budget {
	readonly exhausted: boolean;
}

/** one job's share of a poll */
export interface Walk {
	ctx: IPollFunctions;
	source: CallRecordSource;
	jobId: string;
	previous: JobCursor | undefined;
	settings: PollSettings;
	budget: Budget;
	/** first activation for this job: learn the position, emit only "Also Emit Existing Records" */
	baseline: boolean;
}

export interface WalkResult {
	cursor: JobCursor;
	fresh: IDataObject[];
}
