/**
 * n8n's processed-data store ("Remove Duplicates" persistence) for harness runs.
 *
 * In n8n, `this.helpers.checkProcessedAndRecord` & co. reach n8n-core's `DataDeduplicationService`,
 * which n8n initialises with `DeduplicationHelper` (n8n `dist/deduplication/deduplication-helper.js`):
 * one row of table `processed_data` per workflow and context (`n:<node.id>` for scope `node`, `''`
 * for scope `workflow`), the value `{mode, data}` where `data` holds the md5-base64 of each item
 * string, written at once on every call, in every execution mode. The harness has no database, so
 * it initialises the same service with this class, which copies that helper's behaviour line by
 * line: the same hashing, the same "processed" test against the row as it was before the call
 * (repeats inside one call are all new), `maxEntries` trimming the oldest entries, mode checks,
 * `removeProcessed` by `findIndex` + `splice`, and a whole-row read and rewrite per call (kept as
 * JSON text, so sizes and costs are those of the database column).
 *
 * The rows survive a harness "restart" (a fresh node module and workflow): that is what n8n keeps.
 */
import './env';

import { createHash } from 'node:crypto';
import { DataDeduplicationService } from 'n8n-core';
import { tryToParseDateTime } from 'n8n-workflow';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

export class DeduplicationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DeduplicationError';
	}
}

interface RowValue {
	mode: DeduplicationMode;
	data: DeduplicationItemTypes | DeduplicationItemTypes[];
}

export class MemoryProcessedData implements IDataDeduplicator {
	/** `<workflowId>|<context>` → the row's value as JSON text (what the DB column holds) */
	readonly rows = new Map<string, string>();
	/** calls that read and rewrote a row (each is O(row size) in n8n) */
	calls = 0;
	/** the largest row written, in bytes of JSON */
	largestRowBytes = 0;
	/** the items nodes handed over (before hashing), for tests that check what they reveal */
	readonly itemsSeen: string[] = [];
	/** whether to keep `itemsSeen` (tests that look at it turn it on) */
	recordItems = false;
	/**
	 * the store fails every call from the Nth on (the process "dies" there: nothing after it is
	 * recorded); `undefined` = never
	 */
	failFromCall?: number;

	/** what n8n's helper asserts: a saved workflow */
	private static workflowId(contextData: ICheckProcessedContextData): string {
		if (!contextData.workflow.id) throw new Error('The expression evaluated to a falsy value: contextData.workflow.id');
		return contextData.workflow.id;
	}

	private enter(items: unknown[] = []): void {
		this.calls += 1;
		if (this.failFromCall !== undefined && this.calls >= this.failFromCall) throw new Error('processed-data store unavailable (simulated crash)');
		if (this.recordItems && this.itemsSeen.length < 100_000) this.itemsSeen.push(...items.slice(0, 100_000 - this.itemsSeen.length).map(String));
	}

	static createContext(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
		if (scope === 'node') {
			if (!contextData.node) {
				throw new DeduplicationError("No node information has been provided and so cannot use scope 'node'");
			}
			return `n:${contextData.node.id}`;
		}
		return '';
	}

	static createValueHash(value: DeduplicationItemTypes): string {
		return createHash('md5').update(value.toString()).digest('base64');
	}

	private static compareValues(mode: DeduplicationMode, a: DeduplicationItemTypes, b: DeduplicationItemTypes): number {
		if (mode === 'latestIncrementalKey') {
			const n1 = Number(a);
			const n2 = Number(b);
			if (!isNaN(n1) && !isNaN(n2)) return n1 === n2 ? 0 : n1 > n2 ? 1 : -1;
			throw new DeduplicationError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		if (mode === 'latestDate') {
			try {
				const d1 = tryToParseDateTime(a);
				const d2 = tryToParseDateTime(b);
				return d1 === d2 ? 0 : d1 > d2 ? 1 : -1;
			} catch {
				throw new DeduplicationError('Invalid value. Only valid dates are supported in mode "latestDate"');
			}
		}
		throw new DeduplicationError("Invalid mode. Only 'latestIncrementalKey' and 'latestDate' are supported.");
	}

	private key(workflowId: string, context: string): string {
		return `${workflowId}|${context}`;
	}

	private read(workflowId: string, context: string): RowValue | undefined {
		const text = this.rows.get(this.key(workflowId, context));
		return text === undefined ? undefined : (JSON.parse(text) as RowValue);
	}

	private write(workflowId: string, context: string, value: RowValue): void {
		const text = JSON.stringify(value);
		this.largestRowBytes = Math.max(this.largestRowBytes, Buffer.byteLength(text));
		this.rows.set(this.key(workflowId, context), text);
	}

	/** bytes of the JSON of every row (what the table holds) */
	get totalBytes(): number {
		let total = 0;
		for (const text of this.rows.values()) total += Buffer.byteLength(text);
		return total;
	}

	/** the number of entries of one row (as getProcessedDataCount would say), for tests */
	entries(workflowId: string, nodeId: string): number {
		const row = this.read(workflowId, `n:${nodeId}`);
		return row && Array.isArray(row.data) ? row.data.length : 0;
	}

	clear(): void {
		this.rows.clear();
		this.calls = 0;
		this.largestRowBytes = 0;
		this.itemsSeen.length = 0;
		this.recordItems = false;
		this.failFromCall = undefined;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const context = MemoryProcessedData.createContext(scope, contextData);
		const workflowId = MemoryProcessedData.workflowId(contextData);
		this.enter(items);
		const row = this.read(workflowId, context);
		if (row && row.mode !== options.mode) {
			throw new DeduplicationError(
				'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.',
			);
		}
		if (options.mode === 'latestIncrementalKey' || options.mode === 'latestDate') {
			return this.latest(items, workflowId, context, options, row);
		}
		const hashed = items.map((item) => MemoryProcessedData.createValueHash(item));
		if (!row) {
			if (options.maxEntries) hashed.splice(0, hashed.length - options.maxEntries);
			this.write(workflowId, context, { mode: options.mode, data: hashed });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		if (!Array.isArray(row.data)) return result;
		const data = row.data;
		const seen = new Set(data);
		hashed.forEach((hash, index) => {
			if (seen.has(hash)) {
				result.processed.push(items[index]);
			} else {
				result.new.push(items[index]);
				data.push(hash);
			}
		});
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		this.write(workflowId, context, row);
		return result;
	}

	private latest(
		items: DeduplicationItemTypes[],
		workflowId: string,
		context: string,
		options: ICheckProcessedOptions,
		row: RowValue | undefined,
	): IDeduplicationOutput {
		const sorted = items.slice().sort((a, b) => MemoryProcessedData.compareValues(options.mode, a, b));
		if (!row) {
			this.write(workflowId, context, { mode: options.mode, data: sorted.pop() as DeduplicationItemTypes });
			return { new: items, processed: [] };
		}
		const result: IDeduplicationOutput = { new: [], processed: [] };
		if (Array.isArray(row.data)) return result;
		const stored = row.data;
		let largest = stored;
		for (const item of sorted) {
			if (MemoryProcessedData.compareValues(options.mode, item, stored) === 1) {
				result.new.push(item);
				if (MemoryProcessedData.compareValues(options.mode, item, largest) === 1) largest = item;
			} else {
				result.processed.push(item);
			}
		}
		row.data = largest;
		this.write(workflowId, context, row);
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (options.mode === 'latestIncrementalKey' || options.mode === 'latestDate') {
			throw new DeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const workflowId = MemoryProcessedData.workflowId(contextData);
		const context = MemoryProcessedData.createContext(scope, contextData);
		this.enter();
		const row = this.read(workflowId, context);
		if (!row) return;
		const hashed = items.map((item) => MemoryProcessedData.createValueHash(item));
		if (!Array.isArray(row.data)) return;
		const data = row.data;
		for (const hash of hashed) {
			const index = data.findIndex((value) => value === hash);
			if (index !== -1) data.splice(index, 1);
		}
		this.write(workflowId, context, row);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		this.rows.delete(this.key(contextData.workflow.id, MemoryProcessedData.createContext(scope, contextData)));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const row = this.read(contextData.workflow.id, MemoryProcessedData.createContext(scope, contextData));
		return options.mode === 'entries' && row && Array.isArray(row.data) ? row.data.length : 0;
	}
}

/** The one store of this process, installed into n8n-core the first time a run needs it. */
export const processedData = new MemoryProcessedData();

let installed = false;

export async function installProcessedData(): Promise<MemoryProcessedData> {
	if (!installed) {
		installed = true;
		await DataDeduplicationService.init(processedData);
	}
	return processedData;
}
