/**
 * Byrobot's callbacks (VENDORS.md §2 "Callbacks"): the envelope `{code, data: {dataType, data}}`
 * POSTed (JSON, or text/plain as private deployments do) until the receiver answers `success`,
 * on the vendor's 27-retry schedule, compressed.
 */
import { postOnce } from '../shared/callbacks';
import type { Body, ByrobotModel, CallbackDelivery } from './state';
import { BYROBOT_VENDOR_RETRY_SCHEDULE_MS } from './state';

export class ByrobotCallbacks {
	readonly deliveries: CallbackDelivery[] = [];
	callbackUrl?: string;
	private jobCallbackUrl?: string;
	private textPlain = false;
	private oldFormat = false;
	private readonly retryDelays: number[];
	private readonly timers = new Map<number, NodeJS.Timeout>();
	private readonly inFlight = new Set<Promise<void>>();

	constructor(
		private readonly m: ByrobotModel,
		retryDelays: number[] | undefined,
	) {
		this.retryDelays = retryDelays ?? BYROBOT_VENDOR_RETRY_SCHEDULE_MS.map((d) => Math.max(5, Math.round(d / 10000)));
	}

	/** stops every scheduled retry and forgets the deliveries */
	clear(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		this.deliveries.length = 0;
	}

	/** stops every scheduled retry; deliveries still waiting count as failed */
	close(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		for (const d of this.deliveries) if (d.state === 'pending' && d.nextAttemptAt !== undefined) d.state = 'failed';
	}

	/**
	 * Where the platform posts callbacks (the vendor console setting). `jobUrl`: the separate address for
	 * JOB_INFO_RESULT (default: the same url). `textPlain`: private-deployment style text/plain body.
	 * `oldFormat`: call results in the old envelope without `dataType` (indata-public/slate
	 * `source/json/callBackOld`: `{code, data: {sceneInstance, taskResult, phoneLog, jobFinished, sign}}`).
	 */
	setCallbackUrl(url: string | undefined, opts: { textPlain?: boolean; jobUrl?: string; oldFormat?: boolean } = {}): void {
		this.callbackUrl = url;
		this.jobCallbackUrl = opts.jobUrl ?? url;
		this.textPlain = opts.textPlain ?? false;
		this.oldFormat = opts.oldFormat ?? false;
	}

	/**
	 * Post an arbitrary callback now (through the same delivery/retry machinery). Give a complete
	 * envelope, or `{dataType, data}` which is wrapped as `{code:200, data:{dataType, data}, resultMsg:'成功', errorStackTrace:null}`.
	 */
	sendCallback(payload: unknown, opts: { url?: string } = {}): CallbackDelivery | undefined {
		let envelope = payload as Record<string, unknown>;
		if (envelope && typeof envelope === 'object' && 'dataType' in envelope && !('code' in envelope)) {
			const inner = envelope.data as Body | undefined;
			if (this.oldFormat && envelope.dataType === 'CALL_INSTANCE_RESULT' && inner && typeof inner === 'object' && 'sceneInstance' in inner) {
				const { sceneInstance, taskResult, phoneLog, jobFinished, sign } = inner;
				envelope = { code: 200, data: { sceneInstance, taskResult, phoneLog, jobFinished, sign }, resultMsg: '获取成功', errorStackTrace: null };
			} else {
				envelope = { code: 200, data: { dataType: envelope.dataType, data: envelope.data }, resultMsg: '成功', errorStackTrace: null };
			}
		}
		const inner = envelope?.data as Body | undefined;
		const dataType = String((inner?.dataType as string | undefined) ?? (inner && 'sceneInstance' in inner ? 'CALL_INSTANCE_RESULT' : 'UNKNOWN'));
		const url = opts.url ?? (dataType === 'JOB_INFO_RESULT' ? this.jobCallbackUrl : this.callbackUrl);
		if (!url) return undefined;
		return this.deliver(url, dataType, envelope);
	}

	/**
	 * Resolve when no callback is in flight or waiting for a retry. `skipDelays` runs scheduled
	 * retries at once instead of waiting. Rejects after `timeoutMs` (default 30 s).
	 */
	async flushCallbacks(opts: { skipDelays?: boolean; timeoutMs?: number } = {}): Promise<void> {
		const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
		for (;;) {
			if (opts.skipDelays) {
				for (const [id, timer] of this.timers) {
					clearTimeout(timer);
					this.timers.delete(id);
					const d = this.deliveries.find((x) => x.id === id);
					if (d) this.attempt(d);
				}
			}
			if (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
			else if (this.timers.size === 0) return;
			else await new Promise((r) => setTimeout(r, 5));
			if (Date.now() > deadline) throw new Error('flushCallbacks: timed out with callbacks still pending');
		}
	}

	// -------------------------------------------------------------------------------------------
	// Callbacks
	// -------------------------------------------------------------------------------------------

	private deliver(url: string, dataType: string, payload: unknown): CallbackDelivery {
		const delivery: CallbackDelivery = {
			id: this.m.ids.delivery++,
			url,
			dataType,
			contentType: this.textPlain ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8',
			payload,
			attempts: [],
			state: 'pending',
		};
		this.deliveries.push(delivery);
		this.attempt(delivery);
		return delivery;
	}

	private attempt(d: CallbackDelivery): void {
		d.nextAttemptAt = undefined;
		const run = (async () => {
			const at = Date.now();
			const { status, body, error } = await postOnce(d.url, { 'content-type': d.contentType }, JSON.stringify(d.payload));
			d.attempts.push({ at, status, body, error });
			if (status === 200 && body.trim() === 'success') {
				d.state = 'delivered';
				return;
			}
			const retries = d.attempts.length - 1;
			if (retries >= this.retryDelays.length || d.state !== 'pending') {
				d.state = 'failed';
				return;
			}
			const delay = this.retryDelays[retries];
			d.nextAttemptAt = Date.now() + delay;
			const timer = setTimeout(() => {
				this.timers.delete(d.id);
				this.attempt(d);
			}, delay);
			this.timers.set(d.id, timer);
		})();
		this.inFlight.add(run);
		void run.finally(() => this.inFlight.delete(run));
	}
}
