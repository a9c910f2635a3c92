/**
 * The import ledger: what this node has sent into which job, across executions.
 *
 * It lives in n8n's processed-data store, the persistence n8n gives nodes for de-duplication
 * across executions (the Remove Duplicates node uses it): `this.helpers.checkProcessedAndRecord`
 * and `removeProcessed`, scope `node` (one row per workflow and node id). n8n writes it at once
 * on every call, in every execution mode (manual included), and queue-mode workers share it
 * through the database. Workflow static data is not used: it is saved only at the end of an
 * execution, never in manual mode, is empty on a queue-mode worker and in "retry with original
 * workflow", and writing it from execute() overwrites other nodes' keys (n8n-facts A1, A2).
 *
 * Entries are fingerprints, HMAC-SHA256 keyed with the credential's secret, so the database
 * reveals no phone number (n8n stores the md5 of each entry):
 * - `u:<fp>` claimed: recorded before a request carrying the number is sent;
 * - `o:<fp>` stored: the vendor accepted the number (or was found holding it);
 * - `t:<job, count>` the job held `count` customers and this node had stored every one of them;
 * - `n:<job, count, set>` / `y:<job, count, set>` written before a set of numbers is sent (and
 *   by a run that stops with a set of unknown outcome): if the job holds `count` when that set
 *   is found claimed but not stored, none (`n`) / all (`y`) of it was stored.
 * A number is *stored* when `o` is present, *unknown* when only `u` is (sent, the answer lost,
 * or the process died), *new* otherwise. Both marks are appended, never rewritten, so a run
 * costs two entries per number and the row grows by ~54 bytes of JSON per number.
 *
 * The store can only check-and-record (there is no pure read), so a check of `o` records `o`
 * for the numbers that lacked it; those are removed again at once (`storedAmong`), and only
 * numbers already claimed are checked that way (few: the unknown ones and the already stored).
 * A crash in the milliseconds between the two calls would leave such a number marked stored.
 */
import { createHmac } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Slicer } from '../slicer';

/**
 * Entries kept per node (n8n trims the oldest): ≈100,000 numbers, a row of ≈5.4 MB that n8n
 * reads and rewrites on every call.
 */
export const MAX_ENTRIES = 200_000;
/** the row is this close to full: older entries may be gone, so `t` marks prove nothing */
const FULL_MARGIN = 10_000;
/** n8n's removeProcessed scans the row once per entry: remove in small slices, yielding */
const REMOVE_SLICE = 100;

export interface LedgerStore {
	/** true when it survives the process (n8n's store); false for the in-memory fallback */
	readonly persistent: boolean;
	/** records the keys; answers those that were recorded before */
	record(keys: string[]): Promise<Set<string>>;
	remove(keys: string[]): Promise<void>;
	/** how many entries the row holds */
	size(): Promise<number>;
	calls: number;
}

class ProcessedDataStore implements LedgerStore {
	readonly persistent = true;
	calls = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly slicer: Slicer,
	) {}

	async record(keys: string[]): Promise<Set<string>> {
		if (keys.length === 0) return new Set();
		this.calls += 1;
		this.slicer.note();
		const result = await this.ctx.helpers.checkProcessedAndRecord(keys, 'node', { mode: 'entries', maxEntries: MAX_ENTRIES });
		this.slicer.resumed();
		return new Set(result.processed.map(String));
	}

	async remove(keys: string[]): Promise<void> {
		for (let start = 0; start < keys.length; start += REMOVE_SLICE) {
			this.calls += 1;
			this.slicer.note();
			await this.ctx.helpers.removeProcessed(keys.slice(start, start + REMOVE_SLICE), 'node', { mode: 'entries' });
			this.slicer.resumed();
		}
	}

	async size(): Promise<number> {
		this.calls += 1;
		return await this.ctx.helpers.getProcessedDataCount('node', { mode: 'entries' });
	}
}

/**
 * Where n8n's store cannot be used (an unsaved workflow has no id; an n8n without the helpers;
 * the option turned off), the ledger lives in this process only: it still covers Retry On Fail
 * (same process), not a restart or another worker. Bounded like the real one.
 */
const processMemory = new Map<string, Map<string, true>>();

class MemoryStore implements LedgerStore {
	readonly persistent = false;
	calls = 0;
	private readonly entries: Map<string, true>;

	constructor(scope: string) {
		let entries = processMemory.get(scope);
		if (!entries) {
			entries = new Map();
			processMemory.set(scope, entries);
		}
		this.entries = entries;
	}

	async record(keys: string[]): Promise<Set<string>> {
		this.calls += 1;
		const before = new Set(keys.filter((k) => this.entries.has(k)));
		for (const key of keys) this.entries.set(key, true);
		for (const key of this.entries.keys()) {
			if (this.entries.size <= MAX_ENTRIES) break;
			this.entries.delete(key);
		}
		return before;
	}

	async remove(keys: string[]): Promise<void> {
		this.calls += 1;
		for (const key of keys) this.entries.delete(key);
	}

	async size(): Promise<number> {
		return this.entries.size;
	}
}

/** n8n's store when this execution can use it, else the in-process fallback */
export function openStore(ctx: IExecuteFunctions, slicer: Slicer, remember: boolean): LedgerStore {
	const workflowId = ctx.getWorkflow().id;
	const helpers = ctx.helpers as Partial<IExecuteFunctions['helpers']>;
	const usable =
		remember &&
		Boolean(workflowId) &&
		typeof helpers.checkProcessedAndRecord === 'function' &&
		typeof helpers.removeProcessed === 'function';
	if (usable) return new ProcessedDataStore(ctx, slicer);
	const node = ctx.getNode();
	return new MemoryStore(`${workflowId ?? `execution ${ctx.getExecutionId()}`}|${node.id ?? node.name}`);
}

/** The ledger of one job: fingerprints and the three kinds of entries. */
export class JobLedger {
	private full?: boolean;

	constructor(
		readonly store: LedgerStore,
		private readonly secret: string,
		/** vendor, base URL and job: a fingerprint never matches another job or tenant */
		private readonly scope: string,
	) {}

	/** the number's fingerprint in this job (the k-th repeat of a number gets its own) */
	fingerprint(phone: string, occurrence = 0): string {
		return createHmac('sha256', this.secret)
			.update(`${this.scope}\n${phone}\n${occurrence}`)
			.digest('base64url')
			.slice(0, 22);
	}

	private countKey(count: number, kind = 't', set = ''): string {
		const digest = createHmac('sha256', this.secret).update(`${this.scope}\ncount\n${kind}\n${count}\n${set}`).digest('base64url');
		return `${kind}:${digest.slice(0, 22)}`;
	}

	/** one name for a set of numbers, whatever their order */
	private setKey(fps: string[]): string {
		return createHmac('sha256', this.secret).update([...fps].sort().join('\n')).digest('base64url');
	}

	/** whether the key is in the store, without leaving it there when it was not */
	private async probe(key: string): Promise<boolean> {
		const before = await this.store.record([key]);
		if (before.has(key)) return true;
		await this.store.remove([key]);
		return false;
	}

	/**
	 * Claims `claim` (about to be sent), records `stored` (accepted since the last call) and the
	 * job's verified `count`, in one call; answers the claimed fingerprints that were claimed before.
	 */
	async claim(claim: string[], stored: string[] = [], count?: number): Promise<Set<string>> {
		const keys = [...stored.map((fp) => `o:${fp}`), ...(count === undefined ? [] : [this.countKey(count)]), ...claim.map((fp) => `u:${fp}`)];
		const before = await this.store.record(keys);
		return new Set(claim.filter((fp) => before.has(`u:${fp}`)));
	}

	/** which of these (claimed) fingerprints are stored */
	async storedAmong(fps: string[]): Promise<Set<string>> {
		const before = await this.store.record(fps.map((fp) => `o:${fp}`));
		const stored = new Set(fps.filter((fp) => before.has(`o:${fp}`)));
		// the check recorded `o` for the others too: take it back at once
		const wrong = fps.filter((fp) => !stored.has(fp)).map((fp) => `o:${fp}`);
		if (wrong.length > 0) await this.store.remove(wrong);
		return stored;
	}

	/**
	 * Whether this node had stored every customer of the job when it held `count`: then a number
	 * the ledger does not know is not in the job. False when the row is near full (older entries
	 * may have been trimmed) or the ledger lives in memory only.
	 */
	async accounted(count: number): Promise<boolean> {
		if (count === 0) return true;
		if (!this.store.persistent) return false;
		this.full ??= (await this.store.size()) >= MAX_ENTRIES - FULL_MARGIN;
		if (this.full) return false;
		return await this.probe(this.countKey(count));
	}

	/**
	 * Before a set of numbers is sent into a job that holds `count` (and when a run stops with a
	 * set of unknown outcome), records what the job's size will say if a later run finds that set
	 * claimed but not stored: still `count`, none was stored; `count + size`, all were (assuming
	 * nobody else imports into the job meanwhile, as the check inside a run does).
	 */
	async predict(count: number, fps: string[]): Promise<void> {
		if (fps.length === 0) return;
		const set = this.setKey(fps);
		await this.store.record([this.countKey(count, 'n', set), this.countKey(count + fps.length, 'y', set)]);
	}

	/** what a prediction says about this set of unknown numbers now that the job holds `count` */
	async predicted(count: number, fps: string[]): Promise<'stored' | 'absent' | undefined> {
		if (!this.store.persistent || fps.length === 0) return undefined;
		const set = this.setKey(fps);
		if (await this.probe(this.countKey(count, 'y', set))) return 'stored';
		if (await this.probe(this.countKey(count, 'n', set))) return 'absent';
		return undefined;
	}

	/** records what is stored (and the verified count); forgets the claims of numbers not sent or refused */
	async settle(stored: string[], count: number | undefined, unclaim: string[]): Promise<void> {
		if (stored.length > 0 || count !== undefined) await this.claim([], stored, count);
		if (unclaim.length > 0) await this.store.remove(unclaim.map((fp) => `u:${fp}`));
	}
}
