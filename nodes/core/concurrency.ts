/**
 * Bounded parallel requests. None of the vendors publishes a rate limit, so the user's
 * "Parallel Requests" is a ceiling: the limit halves on every HTTP 429 (down to one request at a
 * time) and grows back by one after a run of answers without 429 (additive increase,
 * multiplicative decrease, as TCP does).
 */
/** pages a Return All may have in flight at once by default (the vendors publish no limit) */
export const PAGES_IN_FLIGHT_DEFAULT = 2;
export const PAGES_IN_FLIGHT_MAX = 8;

export class AdaptiveLimit {
	private inFlight = 0;
	private current: number;
	private calm = 0;
	private readonly waiting: Array<() => void> = [];
	/** the most requests that were in flight at once */
	peak = 0;
	throttled = 0;

	constructor(readonly max: number) {
		this.current = Math.max(1, max);
	}

	get limit(): number {
		return this.current;
	}

	async acquire(): Promise<void> {
		while (this.inFlight >= this.current) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.inFlight += 1;
		this.peak = Math.max(this.peak, this.inFlight);
	}

	release(): void {
		this.inFlight -= 1;
		this.wake();
	}

	/** the vendor answered 429: halve the limit */
	onThrottle(): void {
		this.throttled += 1;
		this.calm = 0;
		this.current = Math.max(1, Math.floor(this.current / 2));
	}

	/** an answer without 429 */
	onAnswer(): void {
		this.calm += 1;
		if (this.current < this.max && this.calm >= this.current * 4) {
			this.calm = 0;
			this.current += 1;
			this.wake();
		}
	}

	private wake(): void {
		// woken waiters check the limit again themselves
		for (let free = this.current - this.inFlight; free > 0 && this.waiting.length > 0; free--) {
			this.waiting.shift()?.();
		}
	}

	/** runs `fn` inside one slot */
	async run<T>(fn: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await fn();
		} finally {
			this.release();
		}
	}
}

/**
 * `fn` for every element with at most `limit` running at once; the results keep the order of
 * `list`. Stops starting new work once `stop()` says so (work already started finishes); the
 * elements never started are `undefined` in the result.
 */
export async function mapBounded<T, R>(
	list: readonly T[],
	limit: AdaptiveLimit,
	fn: (value: T, index: number) => Promise<R>,
	stop: () => boolean = () => false,
): Promise<Array<R | undefined>> {
	const results: Array<R | undefined> = new Array(list.length).fill(undefined);
	let next = 0;
	let failure: unknown;
	const workers: Array<Promise<void>> = [];
	const worker = async () => {
		while (next < list.length && failure === undefined && !stop()) {
			await limit.acquire();
			if (next >= list.length || failure !== undefined || stop()) {
				limit.release();
				return;
			}
			const index = next++;
			try {
				results[index] = await fn(list[index], index);
			} catch (error) {
				failure ??= error;
			} finally {
				limit.release();
			}
		}
	};
	for (let w = 0; w < Math.min(limit.max, list.length); w++) workers.push(worker());
	await Promise.all(workers);
	if (failure !== undefined) throw failure;
	return results;
}
