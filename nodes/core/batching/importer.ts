/**
 * Exactly-once imports: every number of the input ends in its job once, across Retry On Fail,
 * re-runs, retried executions and restarts, or its item says why not.
 *
 * Per job (items grouped by the vendor's `group`):
 * 1. Repeated numbers of the input are sent once (option); the repeats say `duplicate`.
 * 2. The job's size is read when the vendor can say it.
 * 3. The numbers are taken in windows. For each window the ledger (see ledger.ts) claims the
 *    numbers and tells which were claimed before: those already stored are `skipped`; those
 *    whose earlier outcome is unknown are asked about (`holds`), resent where the vendor drops
 *    repeats, or held back (option). Numbers the ledger does not know are sent, unless the job
 *    holds customers this node cannot account for: then each is checked with the vendor, or the
 *    run stops before sending (option).
 * 4. Requests go out with bounded parallelism. An unknown outcome (timeout, reset, 5xx, the
 *    vendor's internal-error code) stops new requests; once the others are answered it is
 *    reconciled: resent where the vendor drops repeats, else the job's size is compared with
 *    what it held plus what was accepted (+n: stored, +0: resend), else each number is asked
 *    about, else it stays unknown and is reported so.
 * 5. After each window the ledger records what was stored and, when the job's size proves this
 *    node stored every customer in it, that size (then the next run needs no per-number checks).
 */
import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { AdaptiveLimit, mapBounded } from '../concurrency';
import { VendorError, toNodeError } from '../errors';
import type { ItemParams } from '../params';
import type { Slicer } from '../slicer';
import { send } from '../transport';
import type { ChunkReading, ImportSpec, VendorSpec } from '../types';
import { JobLedger, openStore } from './ledger';
import { readImportOptions, type ImportCapabilities, type ImportOptions } from './options';

/**
 * Numbers per ledger window: one ledger write (and one size check) per window. Each write makes
 * n8n read and rewrite the node's whole ledger row on its main thread, so fewer, larger windows
 * cost less; after a crash at most one window's numbers are unknown (and asked about).
 */
export const WINDOW = 10_000;
/** rounds of asking the vendor about unknown outcomes before giving up */
const RECONCILE_ROUNDS = 3;

export type ImportStatus = 'imported' | 'skipped' | 'duplicate' | 'refused' | 'unknown' | 'notSent';

export interface ImportItem {
	index: number;
	p: ItemParams;
	entry: IDataObject;
}

export interface ItemOutcome {
	status: ImportStatus;
	fields: IDataObject;
	entry: IDataObject;
	detail: IDataObject;
	/** the vendor's error for refused and unknown items */
	error?: unknown;
}

export interface ImportStats {
	requests: number;
	resends: number;
	sizeReads: number;
	numberChecks: number;
	ledgerCalls: number;
	ledgerPersistent: boolean;
	peakParallel: number;
	throttled: number;
}

interface Lead extends ImportItem {
	phone: string;
	fp: string;
	/** an earlier attempt may have stored it (sent, outcome never learned) */
	maybeStored: boolean;
	claimed: boolean;
}

type ChunkResult =
	| { kind: 'accepted'; reading: ChunkReading }
	| { kind: 'refused' | 'unknown' | 'notSent'; error: unknown };

const REASONS = {
	ledger: 'Already imported into this job by an earlier run or attempt of this node; not sent again',
	vendorHas: 'Already in the job (the vendor has this number); not sent again',
	earlierStored: 'An earlier attempt stored it (the vendor has this number); not sent again',
	userImported: 'An earlier import got no answer; treated as imported (option "Numbers With an Unknown Outcome")',
	sizeShowsStored: 'An earlier attempt stored it (the job size shows it); not sent again',
	vendorRepeat: 'Already in the job: the vendor reported every number of this request as one it holds and added none',
	vendorRepeatResent: 'Stored by an earlier attempt whose answer was lost: sent again, the vendor reported it as one it already holds',
} as const;

/** what a user can do about an unknown outcome, by what the vendor can tell */
function whatToDo(caps: ImportCapabilities): string {
	if (caps.holds || caps.dedup) {
		return 'Run the workflow again (or retry the execution): the node asks the vendor about these numbers before sending them, so none is sent twice.';
	}
	return 'Check the job in the vendor console. Then run again with Options → "Numbers With an Unknown Outcome" set to "Treat as Imported" (they are in the job) or "Send Again" (they are not).';
}

class GroupRun {
	readonly outcomes = new Map<number, ItemOutcome>();
	private readonly first: ItemParams;
	private readonly fields: IDataObject;
	private readonly options: ImportOptions;
	private readonly caps: ImportCapabilities;
	private readonly limit: AdaptiveLimit;
	private ledger!: JobLedger;
	private size = 1;
	private count0?: number;
	/** entries this run added to the job */
	private added = 0;
	/** numbers found in the job that an earlier attempt stored without the ledger knowing */
	private presentEarlier = 0;
	/** numbers of this input known to be in the job (ledger, vendor check, user) so far */
	private knownPresent = 0;
	private accounted?: boolean;
	/** whether the job's size may still be recorded as accounted for */
	private tracking = true;
	/** no answer so far contradicts the job's size (nobody else imported, nothing partly stored) */
	private consistent = true;
	private unknownLeft = 0;
	/** numbers of this run's own requests whose outcome stayed unknown (for the prediction) */
	private readonly unknownFps: string[] = [];
	/** the job size last read or implied by what was sent since */
	private verifiedSize?: number;
	private halt = false;
	private stopReason?: string;
	private pendingStored: string[] = [];
	/** the last error of each chunk whose outcome is unknown */
	private readonly unknownError = new WeakMap<Lead[], unknown>();
	private pendingCount?: number;
	private readonly unclaim: string[] = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly vendor: VendorSpec,
		private readonly spec: ImportSpec,
		private readonly items: ImportItem[],
		private readonly continueOnFail: boolean,
		private readonly slicer: Slicer,
		private readonly stats: ImportStats,
		private readonly secret: string,
		private readonly baseUrl: string,
	) {
		this.first = items[0].p;
		this.fields = spec.fields(this.first);
		this.caps = {
			count: typeof spec.countOf === 'function' && (spec.canCount?.(this.first) ?? true),
			holds: typeof spec.holds === 'function',
			dedup: spec.vendorDeduplicates?.(this.first) ?? false,
		};
		this.options = readImportOptions(this.first, this.caps);
		this.limit = new AdaptiveLimit(this.options.parallel);
	}

	async run(): Promise<void> {
		this.size = Math.max(1, this.spec.size(this.first));
		const job = this.spec.job(this.first);
		// without a secret a fingerprint would reveal the number: then the ledger stays in memory
		const store = openStore(this.ctx, this.slicer, this.options.remember && this.secret !== '');
		this.ledger = new JobLedger(store, this.secret, `${this.vendor.displayName}\n${this.baseUrl}\n${job}`);
		this.stats.ledgerPersistent = store.persistent;

		// the job's size is read while the numbers are prepared (I/O under CPU work); every group
		// has at least one number to send or skip, so the read is never wasted
		const sizeRead = this.caps.count && !this.caps.dedup ? this.readSize() : undefined;
		sizeRead?.catch(() => undefined);
		const leads = await this.prepare();
		let settled = false;
		try {
			if (sizeRead) {
				const size = await sizeRead;
				if (size instanceof VendorError) {
					this.halt = true;
					this.stopReason = `Not sent: could not read how many customers the job holds (needed to import each number once): ${size.message}`;
				} else {
					this.count0 = size;
					this.verifiedSize = size;
				}
			}
			// whole requests per window, at least one per parallel slot
			const windowSize = Math.max(this.options.parallel, Math.floor(WINDOW / this.size)) * this.size;
			for (let start = 0; start < leads.length; start += windowSize) {
				const window = leads.slice(start, start + windowSize);
				if (this.halt) this.notSent(window);
				else await this.window(window);
			}
			await this.ledger.settle(this.pendingStored, this.pendingCount, this.unclaim);
			settled = true;
			await this.recordPrediction();
		} finally {
			// what was stored must reach the ledger even when the run is cancelled
			if (!settled) await this.ledger.settle(this.pendingStored, undefined, []).catch(() => undefined);
			this.stats.ledgerCalls += store.calls;
			this.stats.peakParallel = Math.max(this.stats.peakParallel, this.limit.peak);
			this.stats.throttled += this.limit.throttled;
		}
	}

	/** repeated numbers, fingerprints */
	private async prepare(): Promise<Lead[]> {
		const leads: Lead[] = [];
		const firstOf = new Map<string, number>();
		const seen = new Map<string, number>();
		for (const item of this.items) {
			const phone = this.spec.phoneOf(item.entry, item.p);
			const earlier = firstOf.get(phone);
			if (earlier !== undefined && this.options.skipRepeated) {
				this.set(item, 'duplicate', {
					duplicateOfItem: earlier,
					reason: `The same number is item ${earlier + 1} of this input for this job; it is sent once`,
				});
			} else {
				if (earlier === undefined) firstOf.set(phone, item.index);
				const occurrence = seen.get(phone) ?? 0;
				seen.set(phone, occurrence + 1);
				leads.push({ ...item, phone, fp: this.ledger.fingerprint(phone, occurrence), maybeStored: false, claimed: false });
			}
			await this.slicer.tick();
		}
		return leads;
	}

	private set(item: ImportItem, status: ImportStatus, detail: IDataObject = {}, error?: unknown): void {
		this.outcomes.set(item.index, { status, fields: this.fields, entry: item.entry, detail, error });
	}

	private async window(window: Lead[]): Promise<void> {
		const claimedBefore = await this.ledger.claim(
			window.map((l) => l.fp),
			this.pendingStored,
			this.pendingCount,
		);
		this.pendingStored = [];
		this.pendingCount = undefined;
		for (const lead of window) lead.claimed = true;
		const earlier = window.filter((l) => claimedBefore.has(l.fp));
		const stored = earlier.length > 0 ? await this.ledger.storedAmong(earlier.map((l) => l.fp)) : new Set<string>();

		const toSend: Lead[] = [];
		const fresh: Lead[] = [];
		const unknownBefore: Lead[] = [];
		for (const lead of window) {
			if (stored.has(lead.fp)) {
				this.knownPresent += 1;
				this.set(lead, 'skipped', { reason: REASONS.ledger });
			} else if (claimedBefore.has(lead.fp)) unknownBefore.push(lead);
			else fresh.push(lead);
		}

		if (!(await this.resolveEarlier(unknownBefore, toSend)) || !(await this.admitFresh(fresh, toSend))) {
			this.halt = true;
			this.notSent([...unknownBefore, ...fresh].filter((l) => !this.outcomes.has(l.index)));
			return;
		}

		toSend.sort((a, b) => a.index - b.index);
		// should the process die while these are out, the job's size will tell a later run
		if (toSend.length > 0 && this.predicting()) {
			await this.ledger.predict((this.count0 ?? 0) + this.added, toSend.map((l) => l.fp));
		}
		await this.sendAll(toSend);
		await this.windowEnd();
	}

	/**
	 * Numbers an earlier attempt sent without learning the outcome: stored ones are skipped, the
	 * others join `toSend` or are held back. False when the vendor could not be asked (stop).
	 */
	private async resolveEarlier(leads: Lead[], toSend: Lead[]): Promise<boolean> {
		if (leads.length === 0) return true;
		const bySize = !this.caps.dedup && !this.caps.holds && this.count0 !== undefined ? await this.sizeSays(leads.map((l) => l.fp)) : undefined;
		if (bySize === 'stored') {
			for (const lead of leads) this.present(lead, REASONS.sizeShowsStored);
		} else if (bySize === 'absent') {
			toSend.push(...leads);
		} else if (this.caps.dedup) {
			for (const lead of leads) lead.maybeStored = true;
			toSend.push(...leads);
		} else if (this.caps.holds) {
			for (const lead of leads) lead.maybeStored = true;
			const missing = await this.sortByHolds(leads, REASONS.earlierStored);
			if (!missing) return false;
			for (const lead of leads) lead.maybeStored = false;
			this.presentEarlier += leads.length - missing.length;
			toSend.push(...missing);
		} else {
			for (const lead of leads) {
				if (this.options.unknownOutcomes === 'resend') {
					lead.maybeStored = true;
					toSend.push(lead);
				} else if (this.options.unknownOutcomes === 'imported') {
					this.present(lead, REASONS.userImported);
				} else {
					this.unknownLeft += 1;
					this.tracking = false;
					this.set(lead, 'unknown', {
						error: 'An earlier import of this number into this job got no answer: it may or may not be in the job, so it was not sent again',
						whatToDo: whatToDo(this.caps),
					});
				}
			}
		}
		return true;
	}

	/**
	 * Numbers the ledger does not know: sent, unless the job holds customers this node cannot
	 * account for; then checked one by one, or the run stops before sending (option). False when
	 * the run must stop here.
	 */
	private async admitFresh(leads: Lead[], toSend: Lead[]): Promise<boolean> {
		if (leads.length === 0) return true;
		if (!this.caps.count || this.caps.dedup || (await this.isAccounted()) || this.options.existingNumbers === 'import') {
			toSend.push(...leads);
			return true;
		}
		if (this.options.existingNumbers === 'check' && this.caps.holds) {
			const missing = await this.sortByHolds(leads, REASONS.vendorHas);
			if (!missing) return false;
			toSend.push(...missing);
			return true;
		}
		this.stopReason =
			`The job holds ${this.count0} customers that this node did not import (or cannot prove it did): any of them may be a number of this input, ` +
			`and the ${this.vendor.displayName} API cannot say whether a job holds a given number. Nothing was sent. ` +
			'If you are sure the input holds no number already in the job, set Options → "Numbers Already in the Job" to "Import Anyway".';
		return false;
	}

	/** asks the vendor about each number: those it holds are skipped and recorded; answers the others */
	private async sortByHolds(leads: Lead[], reason: string): Promise<Lead[] | undefined> {
		const held = await this.checkEach(leads);
		if (!held) return undefined;
		const missing: Lead[] = [];
		leads.forEach((lead, i) => (held[i] ? this.present(lead, reason) : missing.push(lead)));
		return missing;
	}

	/** a number found in the job: skipped, recorded as stored */
	private present(lead: Lead, reason: string): void {
		this.knownPresent += 1;
		this.pendingStored.push(lead.fp);
		this.set(lead, 'skipped', { reason });
	}

	/** whether the job's size still means what this run sent (only where nothing else tells) */
	private predicting(): boolean {
		return this.caps.count && !this.caps.dedup && !this.caps.holds && this.consistent && this.count0 !== undefined;
	}

	/**
	 * Whether every customer the job held at the start is a number this node stored: the job was
	 * empty; or it holds exactly as many customers as this input has numbers known to be in it
	 * (each is in the job once, so there is room for no other); or this node recorded that size
	 * as accounted for (`t`, see ledger.ts), not counting numbers found since.
	 */
	private async isAccounted(): Promise<boolean> {
		if (this.accounted === undefined) {
			const count0 = this.count0 ?? 0;
			const count = count0 - this.presentEarlier;
			this.accounted = count === 0 || count0 === this.knownPresent || (count > 0 && (await this.ledger.accounted(count)));
		}
		return this.accounted;
	}

	/** what the job's size says about numbers an earlier attempt sent without an answer */
	private async sizeSays(fps: string[]): Promise<'stored' | 'absent' | undefined> {
		// the job holds exactly the numbers known to be in it: these are not
		if ((this.count0 ?? 0) === this.knownPresent) return 'absent';
		return await this.ledger.predicted(this.count0 ?? 0, fps);
	}

	/** a run that stops with unknown outcomes says what the job's size will mean for them */
	private async recordPrediction(): Promise<void> {
		if (this.unknownFps.length === 0 || this.unknownFps.length !== this.unknownLeft || !this.predicting()) return;
		await this.ledger.predict((this.count0 ?? 0) + this.added, this.unknownFps);
	}

	private async windowEnd(): Promise<void> {
		if (!this.caps.count || this.caps.dedup || !this.tracking || this.unknownLeft > 0) return;
		if (!(await this.isAccounted())) return;
		const expected = (this.count0 ?? 0) + this.added;
		// nothing sent since the size was read: no need to read it again
		if (expected === this.verifiedSize) {
			if (this.pendingStored.length > 0) this.pendingCount = expected;
			return;
		}
		const size = await this.readSize();
		if (typeof size === 'number') this.verifiedSize = size;
		if (typeof size === 'number' && size === (this.count0 ?? 0) + this.added) this.pendingCount = size;
		else {
			this.tracking = false;
			if (typeof size === 'number') this.consistent = false;
		}
	}

	/** the job's size, or the vendor's error */
	private async readSize(): Promise<number | VendorError> {
		this.stats.sizeReads += 1;
		this.slicer.note();
		try {
			return await this.limit.run(() => this.spec.countOf!(this.first));
		} catch (error) {
			if (error instanceof VendorError) return error;
			throw toNodeError(this.ctx.getNode(), error, this.items[0].index);
		} finally {
			this.slicer.resumed();
		}
	}

	/** per number whether the job holds it; `undefined` when the vendor could not be asked */
	private async checkEach(leads: Lead[]): Promise<boolean[] | undefined> {
		this.stats.numberChecks += leads.length;
		this.slicer.note();
		try {
			const held = await mapBounded(leads, this.limit, (lead) => this.spec.holds!(this.first, lead.phone));
			return held.map(Boolean);
		} catch (error) {
			if (!(error instanceof VendorError)) throw toNodeError(this.ctx.getNode(), error, this.items[0].index);
			this.stopReason = `Not sent: could not ask the vendor whether the job holds these numbers: ${error.message}`;
			return undefined;
		} finally {
			this.slicer.resumed();
		}
	}

	private async sendChunk(chunk: Lead[]): Promise<ChunkResult> {
		const entries = chunk.map((l) => l.entry);
		this.stats.requests += 1;
		this.slicer.note();
		try {
			const data = await send(this.ctx, this.vendor, this.spec.request(this.first, entries), {
				// an unknown outcome is resent (where the vendor drops repeats) only by reconcile(),
				// after "Wait Before Checking"
				retry: 'never',
				timeoutMs: this.options.timeoutMs,
				onThrottle: () => this.limit.onThrottle(),
				onAnswer: () => this.limit.onAnswer(),
			});
			this.slicer.resumed();
			return { kind: 'accepted', reading: this.spec.read?.(data, entries, this.first) ?? { stored: 'all' } };
		} catch (error) {
			this.slicer.resumed();
			if (!(error instanceof VendorError)) throw toNodeError(this.ctx.getNode(), error, chunk[0].index);
			const kind = error.outcome === 'unknown' ? 'unknown' : error.outcome === 'not-sent' ? 'notSent' : 'refused';
			return { kind, error };
		}
	}

	/**
	 * Sends the leads in chunks, in parallel, and settles every chunk's outcome. An unknown outcome
	 * pauses new requests until it is reconciled; then the rest goes out. A refusal (Continue On
	 * Fail off), a request that could not be sent or an outcome that stays unknown stops the run.
	 */
	private async sendAll(leads: Lead[]): Promise<void> {
		let queue: Lead[][] = [];
		for (let start = 0; start < leads.length; start += this.size) queue.push(leads.slice(start, start + this.size));
		while (queue.length > 0) {
			let pause = false;
			const results = await mapBounded(
				queue,
				this.limit,
				async (chunk) => {
					const result = await this.sendChunk(chunk);
					if (result.kind === 'unknown') pause = true;
					else if (result.kind === 'notSent' || (result.kind === 'refused' && !this.continueOnFail)) this.halt = true;
					return result;
				},
				() => this.halt || pause,
			);
			const unknown: Lead[][] = [];
			const unsent: Lead[][] = [];
			for (let i = 0; i < queue.length; i++) {
				const result = results[i];
				if (result === undefined) unsent.push(queue[i]);
				else if (result.kind === 'unknown') {
					unknown.push(queue[i]);
					this.unknownError.set(queue[i], result.error);
				}
				else this.apply(queue[i], result);
				await this.slicer.tick();
			}
			if (unknown.length > 0) await this.reconcile(unknown);
			if (this.halt) {
				this.notSent(unsent.flat());
				return;
			}
			queue = unsent;
		}
	}

	/** an answered chunk (accepted, refused, not sent) */
	private apply(chunk: Lead[], result: ChunkResult, checked?: string): void {
		if (result.kind === 'accepted') {
			const { reading } = result;
			if (reading.stored === 'all') {
				const already = Math.min(Math.max(reading.alreadyInJob ?? 0, 0), chunk.length);
				const batch = reading.counts ? { batch: reading.counts } : {};
				if (already === chunk.length) {
					// nothing was added, nothing failed: each number is one the job already held
					this.knownPresent += already;
					for (const lead of chunk) {
						this.pendingStored.push(lead.fp);
						const reason = checked || lead.maybeStored ? REASONS.vendorRepeatResent : REASONS.vendorRepeat;
						this.set(lead, 'skipped', { reason, ...batch, ...(checked ? { checked } : {}) });
					}
					return;
				}
				this.knownPresent += already;
				this.added += chunk.length - already;
				for (const lead of chunk) {
					this.pendingStored.push(lead.fp);
					this.set(lead, 'imported', {
						...batch,
						...(reading.note ? { note: reading.note } : {}),
						...(checked ? { checked } : {}),
					});
				}
				return;
			}
			// the vendor stored part of the request and does not say which: the claims stay
			this.tracking = false;
			this.consistent = false;
			for (const lead of chunk) {
				this.set(lead, 'unknown', {
					...(reading.counts ? { batch: reading.counts } : {}),
					error: reading.note ?? 'The vendor stored only part of this request and does not say which numbers',
					whatToDo: whatToDo(this.caps),
				});
			}
			this.unknownLeft += chunk.length;
			return;
		}
		if (result.kind === 'refused') {
			for (const lead of chunk) {
				if (lead.maybeStored) {
					// refused now, but an earlier attempt may have stored it
					this.unknownLeft += 1;
					this.set(lead, 'unknown', { error: 'The vendor refused it now; an earlier import of it got no answer', whatToDo: whatToDo(this.caps) }, result.error);
					continue;
				}
				this.unclaim.push(lead.fp);
				this.set(lead, 'refused', {}, result.error);
			}
			return;
		}
		this.notSent(chunk, result.kind === 'notSent' ? result.error : undefined);
	}

	private notSent(leads: Lead[], error?: unknown): void {
		for (const lead of leads) {
			if (lead.maybeStored) {
				this.unknownLeft += 1;
				this.set(lead, 'unknown', {
					error: 'An earlier import of this number got no answer, and the run stopped before it could be checked',
					whatToDo: whatToDo(this.caps),
				});
				continue;
			}
			if (lead.claimed) this.unclaim.push(lead.fp);
			this.set(
				lead,
				'notSent',
				{
					reason:
						this.stopReason ??
						(error instanceof Error ? `Not sent: ${error.message}` : 'Not sent: the run stopped after an earlier request failed'),
				},
				error,
			);
		}
	}

	/** chunks whose outcome is unknown: ask the vendor what it stored, resend what it did not */
	private async reconcile(chunks: Lead[][]): Promise<void> {
		let pending = chunks;
		for (let round = 0; round < RECONCILE_ROUNDS && pending.length > 0; round++) {
			this.slicer.note();
			await sleep(this.options.checkWaitMs, this.ctx.getExecutionCancelSignal?.());
			this.slicer.resumed();
			let resend: Lead[][] = [];
			if (this.caps.dedup) {
				resend = pending;
			} else if (this.caps.count) {
				const size = await this.readSize();
				if (typeof size !== 'number') break;
				const delta = size - ((this.count0 ?? 0) + this.added);
				const total = pending.reduce((n, c) => n + c.length, 0);
				if (delta === total) {
					for (const chunk of pending) this.apply(chunk, { kind: 'accepted', reading: { stored: 'all' } }, 'The answer was lost; the job size shows the vendor stored it');
					pending = [];
					break;
				}
				if (delta === 0) {
					resend = pending;
				} else {
					const subset = delta > 0 && delta < total ? uniqueSubset(pending.map((c) => c.length), delta) : undefined;
					if (subset) {
						pending.forEach((chunk, i) => {
							if (subset.has(i)) this.apply(chunk, { kind: 'accepted', reading: { stored: 'all' } }, 'The answer was lost; the job size shows the vendor stored it');
							else resend.push(chunk);
						});
					} else if (this.caps.holds) {
						const missing = await this.askEach(pending);
						if (!missing) break;
						resend = missing;
					} else {
						// the size moved by something else than these requests: nobody can say what was stored
						this.consistent = false;
						break;
					}
				}
			} else if (this.caps.holds) {
				const missing = await this.askEach(pending);
				if (!missing) break;
				resend = missing;
			} else {
				break;
			}
			pending = [];
			if (resend.length === 0) break;
			this.stats.resends += resend.length;
			const results = await mapBounded(resend, this.limit, (chunk) => this.sendChunk(chunk));
			resend.forEach((chunk, i) => {
				const result = results[i]!;
				if (result.kind === 'unknown') {
					pending.push(chunk);
					this.unknownError.set(chunk, result.error);
				} else this.apply(chunk, result);
			});
		}
		for (const chunk of pending) {
			this.unknownLeft += chunk.length;
			this.unknownFps.push(...chunk.map((l) => l.fp));
			this.tracking = false;
			for (const lead of chunk) {
				this.set(
					lead,
					'unknown',
					{
						error: 'The import request got no answer and the vendor could not say whether it stored this number',
						whatToDo: whatToDo(this.caps),
					},
					this.unknownError.get(chunk),
				);
			}
		}
		if (this.unknownLeft > 0) this.halt = true;
	}

	/** per number: those the vendor holds are imported, the others come back to be resent */
	private async askEach(chunks: Lead[][]): Promise<Lead[][] | undefined> {
		const leads = chunks.flat();
		const held = await this.checkEach(leads);
		if (!held) return undefined;
		const missing: Lead[] = [];
		leads.forEach((lead, i) => {
			if (!held[i]) {
				missing.push(lead);
				return;
			}
			this.added += 1;
			this.pendingStored.push(lead.fp);
			this.set(lead, 'imported', { checked: 'The answer was lost; the vendor has this number' });
		});
		const resend: Lead[][] = [];
		for (let start = 0; start < missing.length; start += this.size) resend.push(missing.slice(start, start + this.size));
		return resend;
	}
}

/** the indexes of the only subset of `sizes` that adds up to `target`, if exactly one does (few chunks) */
function uniqueSubset(sizes: number[], target: number): Set<number> | undefined {
	if (sizes.length > 12) return undefined;
	let found: number | undefined;
	for (let mask = 1; mask < 1 << sizes.length; mask++) {
		let sum = 0;
		for (let i = 0; i < sizes.length; i++) if (mask & (1 << i)) sum += sizes[i];
		if (sum !== target) continue;
		if (found !== undefined) return undefined;
		found = mask;
	}
	if (found === undefined) return undefined;
	return new Set(sizes.map((_, i) => i).filter((i) => found! & (1 << i)));
}

export function emptyStats(): ImportStats {
	return { requests: 0, resends: 0, sizeReads: 0, numberChecks: 0, ledgerCalls: 0, ledgerPersistent: false, peakParallel: 0, throttled: 0 };
}

/**
 * Imports every item, job by job (in the order jobs first appear), and answers each item's
 * outcome. Throws only for faults of the node itself; vendor failures are outcomes.
 */
export async function runImports(
	ctx: IExecuteFunctions,
	vendor: VendorSpec,
	spec: ImportSpec,
	items: ImportItem[],
	o: { continueOnFail: boolean; slicer: Slicer; stats: ImportStats },
): Promise<Map<number, ItemOutcome>> {
	const outcomes = new Map<number, ItemOutcome>();
	if (items.length === 0) return outcomes;
	const credentials = await ctx.getCredentials(vendor.credentialType);
	const secret = vendor.secretOf(credentials);
	const baseUrl = String(credentials.baseUrl ?? '');
	const groups = new Map<string, ImportItem[]>();
	for (const item of items) {
		const key = item.p.once('import.groupKey', (p) => (spec.group ? spec.group(p) : spec.job(p)));
		const list = groups.get(key);
		if (list) list.push(item);
		else groups.set(key, [item]);
	}
	for (const list of groups.values()) {
		const group = new GroupRun(ctx, vendor, spec, list, o.continueOnFail, o.slicer, o.stats, secret, baseUrl);
		await group.run();
		for (const [index, outcome] of group.outcomes) outcomes.set(index, outcome);
	}
	return outcomes;
}
