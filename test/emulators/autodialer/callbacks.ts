/**
 * The Autodialer's hang-up notifications [inferred: undocumented, VENDORS.md §3]: one POST per
 * finished call (JSON, or a form), retried until the receiver answers `success`.
 */
import { postOnce } from '../shared/callbacks';
import { isObj as isObject } from '../shared/validators';
import type { AutodialerModel, CallbackAttempt, CallbackDelivery, CallbackOptions, CallResult } from './state';

function formEncode(payload: Record<string, unknown>): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(payload)) {
		if (isObject(value)) {
			for (const [k, v] of Object.entries(value)) {
				params.append(`${key}[${k}]`, v === null || v === undefined ? '' : String(v));
			}
		} else {
			params.append(key, value === null || value === undefined ? '' : String(value));
		}
	}
	return params.toString();
}

export class AutodialerCallbacks {
	/** every hang-up callback delivery (one per finished call while a callback URL is set) */
	readonly deliveries: CallbackDelivery[] = [];
	callbackUrl?: string;
	callbackOptions: CallbackOptions = {};
	closed = false;
	private readonly pending = new Set<Promise<void>>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private deliverySeq = 0;

	constructor(private readonly m: AutodialerModel) {}

	/** stops every waiting retry */
	close(): void {
		this.closed = true;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	/** forgets the deliveries and the callback URL */
	reset(): void {
		this.deliveries.length = 0;
		this.callbackUrl = undefined;
		this.callbackOptions = {};
	}

	/** [inferred] every finished call is POSTed here; `undefined` turns callbacks off */
	setCallbackUrl(url: string | undefined, opts: CallbackOptions = {}): void {
		this.callbackUrl = url;
		this.callbackOptions = opts;
	}

	/**
	 * POST one hang-up callback to `url`, retrying per `opts.retryDelaysMs` until the receiver
	 * answers HTTP 200 with body `success`. Resolves when delivered or out of retries.
	 */
	sendHangupCallback(url: string, call: CallResult, opts: CallbackOptions = {}): Promise<CallbackDelivery> {
		const delivery: CallbackDelivery = {
			id: ++this.deliverySeq,
			url,
			form: opts.form ?? false,
			payload: { ...call },
			attempts: [],
			delivered: false,
			done: false,
		};
		this.deliveries.push(delivery);
		const run = this.deliver(delivery, opts).then(() => delivery);
		const tracked = run.then(
			() => undefined,
			() => undefined,
		);
		this.pending.add(tracked);
		void tracked.finally(() => this.pending.delete(tracked));
		return run;
	}

	/** wait until every callback delivery started so far is delivered or out of retries */
	async flushCallbacks(): Promise<CallbackDelivery[]> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
		return this.deliveries;
	}

	private async deliver(delivery: CallbackDelivery, opts: CallbackOptions): Promise<void> {
		const delays = opts.retryDelaysMs ?? [50, 100, 200];
		for (let attempt = 0; attempt <= delays.length; attempt++) {
			if (attempt > 0) {
				await new Promise<void>((resolve) => {
					const timer = setTimeout(() => {
						this.timers.delete(timer);
						resolve();
					}, delays[attempt - 1]);
					this.timers.add(timer);
				});
			}
			if (this.closed) break;
			const record: CallbackAttempt = { at: this.m.now() };
			delivery.attempts.push(record);
			const headers = {
				'content-type': delivery.form ? 'application/x-www-form-urlencoded' : 'application/json',
				...(opts.headers ?? {}),
			};
			const answer = await postOnce(
				delivery.url,
				headers,
				delivery.form ? formEncode(delivery.payload) : JSON.stringify(delivery.payload),
				opts.timeoutMs,
			);
			if (answer.error !== undefined) {
				record.error = answer.error;
				continue;
			}
			record.status = answer.status;
			record.body = answer.body;
			if (answer.status === 200 && answer.body.trim().toLowerCase() === 'success') {
				delivery.delivered = true;
				break;
			}
		}
		delivery.done = true;
	}
}
