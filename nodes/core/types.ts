import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import type { ItemParams } from './params';

/** What one HTTP request to a vendor consists of, before the credential signs it. */
export interface RequestParts {
	method: IHttpRequestMethods;
	/** relative to the credential's base URL */
	path: string;
	qs?: IDataObject;
	/** JSON body: an object, or a bare array (Tanyi's getJobStatsInfoList) */
	body?: IDataObject | unknown[];
	/** `form` sends application/x-www-form-urlencoded instead of JSON */
	bodyType?: 'json' | 'form';
}

/** The raw HTTP answer as the transport received it. */
export interface RawResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * Whether a request may be sent again after a failure whose outcome is unknown (timeout,
 * reset, 5xx). `idempotent`: reads and state changes that end the same however often they run.
 * `never`: imports and creations, where a second send could dial a person twice. Requests that
 * provably never reached the vendor (connection refused) and 429 answers are retried in both cases.
 */
export type RetryPolicy = 'idempotent' | 'never';

export interface PaginationSpec {
	/** where page number and page size go */
	in: 'qs' | 'body';
	pageParam: string;
	sizeParam: string;
	firstPage: number;
	/** the largest page size the vendor accepts; Return All uses it */
	maxPageSize: number;
	/**
	 * optional: the page size this item asks for (e.g. a "Page Size" option), already validated
	 * against the vendor's cap when the request was built; default `maxPageSize`
	 */
	pageSize?(p: ItemParams): number;
	/** the records of one page */
	items(data: unknown): IDataObject[];
	/**
	 * true when the vendor says there is nothing after this page. `received` counts this page's
	 * records, `pageSize` is what was asked for.
	 */
	isLastPage(data: unknown, page: number, received: number, pageSize: number): boolean;
	/** how many pages the list has, when the vendor says (then later pages are read in parallel) */
	totalPages?(data: unknown): number | undefined;
	/** the record's id: Return All emits each id once (default: identical records once) */
	recordId?(record: IDataObject): unknown;
}

/** What the answer to an accepted import request says about its entries. */
export interface ChunkReading {
	/**
	 * `all`: every entry is in the job now (stored, or already there); `some`: the vendor stored
	 * only part of them and does not say which
	 */
	stored: 'all' | 'some';
	/** the vendor's counts, shown on each item of the request */
	counts?: IDataObject;
	/** what the counts mean for the items */
	note?: string;
	/**
	 * how many entries of the request the vendor reports as already in the job (stored, not
	 * added); when that is all of them, each item says `skipped`
	 */
	alreadyInJob?: number;
}

/**
 * An import: one entry per input item into a calling job, sent in requests of several entries.
 * The vendor file declares the request and what the vendor can tell; the core
 * (`nodes/core/batching`) plans, sends, keeps the ledger and reconciles unknown outcomes.
 */
export interface ImportSpec {
	/** the job the item goes to, as the vendor identifies it (validated) */
	job(p: ItemParams): string;
	/** items with the same key share requests (default: the job), e.g. job plus API version */
	group?(p: ItemParams): string;
	/** one entry of the request's list, validated (throws ValidationError) */
	entry(p: ItemParams): IDataObject;
	/** the number an entry imports, as the vendor stores it */
	phoneOf(entry: IDataObject, p: ItemParams): string;
	/** how many entries one request may carry for this item's settings (≤ vendor maximum) */
	size(p: ItemParams): number;
	/** the request for one chunk of entries; `first` is the first item of the chunk's group */
	request(first: ItemParams, entries: IDataObject[]): RequestParts;
	/** the fields every output item starts with (the job) */
	fields(first: ItemParams): IDataObject;
	/** what an accepted request's answer says (default: every entry is in the job now) */
	read?(data: unknown, entries: IDataObject[], first: ItemParams): ChunkReading;
	/** whether the vendor drops numbers the job already holds, so that a resend is harmless */
	vendorDeduplicates?(first: ItemParams): boolean;
	/** how many customers the job holds */
	countOf?(first: ItemParams): Promise<number>;
	/** whether `countOf` may be used with these settings (default: yes) */
	canCount?(first: ItemParams): boolean;
	/** whether the job holds this number */
	holds?(first: ItemParams, phone: string): Promise<boolean>;
}

/**
 * Download Recording: where a call's recording link comes from. The core (nodes/core/recording.ts)
 * adds the binary field and file name parameters, downloads and builds the binary data.
 */
export interface RecordingSpec {
	/** file names default to `<filePrefix>-<call id>.<ext>` */
	filePrefix: string;
	/** the call the item names, validated before any request (errors and file names name it) */
	callId(p: ItemParams): string;
	/**
	 * the link in the record: the vendor's answer to `request` (a fresh link), or the input
	 * item's JSON when the operation has no `request` (the vendor has no read API)
	 */
	url(record: IDataObject, p: ItemParams): unknown;
	/** why a record may have no link, for the error, e.g. "calls that were not answered have none" */
	missing: string;
	/** whether `request` fetched a fresh link (then a refused link is worth one more run) */
	refetches: boolean;
}

/** Everything the runner needs to know to execute one operation. */
export interface OperationSpec {
	value: string;
	name: string;
	action: string;
	description: string;
	/** operation-specific parameters; the display options for resource/operation are added */
	properties: INodeProperties[];
	/** build the request for one item (not used by batched operations) */
	request?(p: ItemParams): RequestParts | Promise<RequestParts>;
	retry: RetryPolicy;
	/** where the result sits in the unwrapped vendor data; default: the data itself */
	output?(data: unknown, p: ItemParams): IDataObject | IDataObject[];
	/** adds Return All / Limit and pages through the results */
	paginate?: PaginationSpec;
	/** an import: items grouped into shared requests, exactly once per job and number */
	imports?: ImportSpec;
	/** Download Recording: each record's recording as binary data (nodes/core/recording.ts) */
	recording?: RecordingSpec;
	/** adds a Simplify switch that maps each record through this function */
	simplify?(record: IDataObject): IDataObject;
	/**
	 * Checks that need the vendor (e.g. a limit looked up from a list). Runs for every item
	 * before the first state-changing request of the run.
	 */
	precheck?(p: ItemParams): Promise<void>;
}

export interface ResourceSpec {
	value: string;
	name: string;
	operations: OperationSpec[];
}

/** What differs between vendors at the transport level. */
export interface VendorSpec {
	/** shown in error messages, e.g. `Tanyi` */
	displayName: string;
	credentialType: string;
	/**
	 * the headers that authenticate one request, built anew for each request (fresh timestamp and
	 * signature); the very function the credential's `authenticate()` uses
	 */
	authHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string>;
	/** turns the raw answer into the payload, or throws VendorError */
	unwrap(response: RawResponse): unknown;
	/**
	 * the credential's secret: it keys the import ledger's fingerprints, so n8n's database holds
	 * no phone number (and the ledger of one account never matches another's)
	 */
	secretOf(credentials: ICredentialDataDecryptedObject): string;
	/** where the records of the vendor's paged lists sit (its documented page shape), e.g. `content` */
	pageListKey?: string;
}

export type { INodePropertyOptions };
