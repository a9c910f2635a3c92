import type {
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
}

export interface BatchSpec {
	/** items with the same key go to the same requests (e.g. the job id) */
	groupKey(p: ItemParams): string;
	/** one entry of the request's list, validated (throws ValidationError) */
	entry(p: ItemParams): IDataObject;
	/** how many entries one request may carry for this item's settings (≤ vendor maximum) */
	size(p: ItemParams): number;
	/** the request for one chunk of entries; `first` is the first item of the chunk */
	request(first: ItemParams, entries: IDataObject[], chunkIndex: number): RequestParts;
	/** retry policy of this chunk (an async import with a batch id may be idempotent) */
	retry?(first: ItemParams): RetryPolicy;
	/** what each entry's output says after a successful request; aligned with `entries` */
	results(data: unknown, entries: IDataObject[], first: ItemParams): IDataObject[];
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
	/** groups input items into shared requests */
	batch?: BatchSpec;
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
	/** turns the raw answer into the payload, or throws VendorError */
	unwrap(response: RawResponse): unknown;
	/** where the records of the vendor's paged lists sit (its documented page shape), e.g. `content` */
	pageListKey?: string;
}

export type { INodePropertyOptions };
