/**
 * Autodialer emulator: the white-label FreeSWITCH AI dialer SaaS with the `/v1/task` API
 * (seed 004, VENDORS.md §3).
 *
 * Documented by the seed (reproduced faithfully): the `GET /v1/task/create` meta shape, the
 * create/update fields and their rules (`maximumcall` ≤ the line's `residue`, only lines with
 * `residue` > 1, `random_assignment_number` = 0, `recycle_limit` = 0, usable customer-service
 * groups have a transfer line and `status` 1), the task entity keys, `{data: [...]}` lists,
 * `start` 1 running / 0 paused, and state changes over `GET`.
 *
 * Not documented, hence options (see `AutodialerSimOptions`): the auth scheme (Bearer token by
 * default, header name/prefix configurable), how an unauthenticated request is answered (JSON
 * 401 or an HTML login page), the import body (`{numbers: [{number, name?, variables?}]}` with
 * configurable keys, at most `importMax` per request), validation error format (Laravel-style
 * HTTP 422 `{message, errors}`), what start/stop/destroy answer, list pagination, and the
 * hang-up callback (shape, encoding, retries).
 */
import { SimServer } from '../shared/http';
import { AutodialerCallbacks } from './callbacks';
import { AutodialerRoutes } from './routes';
import { AutodialerModel, type AutodialerSimOptions, type AutodialerState, type AutodialerTask, type CallbackDelivery, type CallbackOptions, type CallResult } from './state';

export * from './state';

export class AutodialerSimulator {
	readonly server: SimServer;
	url = '';
	private readonly model: AutodialerModel;
	private readonly api: AutodialerRoutes;

	constructor(options: AutodialerSimOptions = {}) {
		this.server = new SimServer(
			(req) => this.api.handle(req),
			options,
			() => this.snapshot(),
			() => this.reset(),
		);
		this.model = new AutodialerModel(options, () => this.server.now(), () => this.url);
		this.model.recordings = this.server.recordings;
		this.model.callbacks = new AutodialerCallbacks(this.model);
		this.api = new AutodialerRoutes(this.model);
		// no envelope: an internal error is Laravel's HTTP 500 JSON [inferred]
		this.server.internalError = () => ({ status: 500, body: { message: 'Server Error' } });
	}

	get state(): AutodialerState {
		return this.model.state;
	}

	/** every hang-up callback delivery (one per finished call while a callback URL is set) */
	get callbackDeliveries(): CallbackDelivery[] {
		return this.model.callbacks.deliveries;
	}

	/** what the AutodialerApi credential needs to reach this emulator */
	get credentials(): { baseUrl: string; apiToken: string; headerName: string; headerPrefix: string } {
		return {
			baseUrl: this.url,
			apiToken: this.api.apiToken,
			headerName: this.api.headerName,
			headerPrefix: this.api.headerPrefix,
		};
	}

	async start(): Promise<string> {
		this.model.callbacks.closed = false;
		this.url = await this.server.start();
		return this.url;
	}

	async close(): Promise<void> {
		this.model.callbacks.close();
		await this.server.close();
	}

	/** back to the seeded state (tasks, calls, deliveries, callback URL, PRNG) */
	reset(): void {
		this.model.reset();
		this.model.callbacks.reset();
	}

	task(uuid: string): AutodialerTask | undefined {
		return this.model.task(uuid);
	}

	/** the number of every entry of a task, in import order */
	phonesOf(uuid: string): string[] {
		return (this.model.task(uuid)?.numbers ?? []).map((n) => n.number);
	}

	setCallbackUrl(url: string | undefined, opts: CallbackOptions = {}): void {
		this.model.callbacks.setCallbackUrl(url, opts);
	}

	completeCalls(taskUuid: string, n = 1, status?: number | number[]): CallResult[] {
		return this.model.completeCalls(taskUuid, n, status);
	}

	sendHangupCallback(url: string, call: CallResult, opts: CallbackOptions = {}): Promise<CallbackDelivery> {
		return this.model.callbacks.sendHangupCallback(url, call, opts);
	}

	flushCallbacks(): Promise<CallbackDelivery[]> {
		return this.model.callbacks.flushCallbacks();
	}

	/** JSON view for `/__sim/state` */
	snapshot(): unknown {
		this.model.advance();
		return {
			...this.model.state,
			tasks: this.model.state.tasks.map((t) => ({ ...t, progress_bar: this.api.progressBar(t) })),
			callbackUrl: this.model.callbacks.callbackUrl ?? null,
			callbackDeliveries: this.model.callbacks.deliveries,
		};
	}
}

export async function startAutodialerSimulator(opts: AutodialerSimOptions = {}): Promise<AutodialerSimulator> {
	const sim = new AutodialerSimulator(opts);
	await sim.start();
	return sim;
}
