/**
 * Faithful emulator of the Byrobot (百应 / BYAI) open API (`/openapi/v1/...`).
 *
 * Sources: seeds 001/002 (primary), VENDORS.md §2, the vendor's public docs (company lookups,
 * callbacks, getSceneVariables, v2 import). Where the vendor is silent, behaviour is an inference
 * and is listed in the report; every rule here rejects what the real platform would reject, so a
 * request that passes against this emulator is shaped right.
 *
 * Wire facts reproduced:
 * - Auth headers `appkey`, `datetime` (RFC 1123 GMT), `sign` = Base64(HMAC-SHA1(appSecret,
 *   appKey + "\n" + datetime)). Failures answer HTTP 200 with envelope code 401 / 408.
 * - Envelope `{code, data, resultMsg, errorStackTrace, requestId}`; 412 bad parameter (the message
 *   names the field), 404 unknown task/company, 403 company not bound to this key.
 * - Page objects in PageHelper shape `{pageNum, pageSize, size, orderBy, startRow, endRow, total,
 *   pages, list}`.
 * - queryDoneTaskPhones lists newest first (as the seed example) with `duration` as text ("27秒"),
 *   phoneLogInfo / callbacks carry `duration` as an integer; `callIndex` starts at 0 per task and is
 *   handed out when a call ends; a record is listed (and called back) once its analysis is stored,
 *   `analysisDelayMs` later [inferred, default 0], so it can appear below records that ended later;
 *   `omitCallIndex` leaves callIndex out as the public docs do since 2019;
 * - callbacks: the current envelope, or the old one without `dataType` (`oldFormat`); inbound
 *   calls carry `inboundInstanceId` and `calleePhone`; `dateTime` is the call's end in GMT.
 */
import { SimServer, requestId } from '../shared/http';
import { ByrobotCallbacks } from './callbacks';
import { ByrobotRoutes } from './routes';
import { ByrobotModel, type ByrobotSimOptions, type ByrobotState, type CallInstance, type CallRecordInit, type CallbackDelivery } from './state';

export { byrobotSign } from './crypto';
export * from './state';

export class ByrobotSimulator {
	readonly server: SimServer;
	url = '';
	credentials: { baseUrl: string; appKey: string; appSecret: string; companyId: number };
	private readonly model: ByrobotModel;
	private readonly api: ByrobotRoutes;
	private ticker?: NodeJS.Timeout;

	constructor(options: ByrobotSimOptions = {}) {
		this.server = new SimServer(
			(req) => this.api.handle(req),
			options,
			() => this.describe(),
			() => this.reset(),
		);
		this.model = new ByrobotModel(options, () => this.server.now());
		this.model.recordings = this.server.recordings;
		this.model.callbacks = new ByrobotCallbacks(this.model, options.callbackRetryDelaysMs, options.callbackTimeoutMs);
		this.api = new ByrobotRoutes(this.model);
		// VENDORS.md §2: 500 "unknown"; the envelope rides on HTTP 200 like every answer
		this.server.internalError = () => ({
			status: 200,
			body: { code: 500, data: null, resultMsg: '系统异常', errorStackTrace: null, requestId: requestId() },
		});
		this.model.reset();
		this.credentials = { baseUrl: '', appKey: this.api.appKey, appSecret: this.api.appSecret, companyId: this.model.st.companies[0].companyId };
	}

	get state(): ByrobotState {
		return this.model.st;
	}

	get appKey(): string {
		return this.api.appKey;
	}

	get appSecret(): string {
		return this.api.appSecret;
	}

	get callsPerSecond(): number {
		return this.model.callsPerSecond;
	}

	set callsPerSecond(value: number) {
		this.model.callsPerSecond = value;
	}

	get callbackDeliveries(): CallbackDelivery[] {
		return this.model.callbacks.deliveries;
	}

	async start(): Promise<string> {
		this.url = await this.server.start();
		this.credentials.baseUrl = this.url;
		this.ticker = setInterval(() => this.model.advance(), 50);
		this.ticker.unref();
		return this.url;
	}

	async close(): Promise<void> {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		this.model.callbacks.close();
		await this.server.close();
	}

	/** back to the seeded state (companies, phones, robots; no tasks, no deliveries) */
	reset(): void {
		this.model.callbacks.clear();
		this.model.reset();
	}

	// ----- test controls (see ByrobotModel and ByrobotCallbacks) ---------------------------

	/** the phone of every customer of a task, in import order (repeats kept when dedupPhones is off) */
	phonesOf(taskId: number): string[] {
		return this.model.st.calls.filter((c) => c.callJobId === taskId).map((c) => c.customerTelephone);
	}

	completeCalls(taskId: number | null, n?: number): CallInstance[] {
		return this.model.completeCalls(taskId, n);
	}

	addCallRecords(taskId: number, records: CallRecordInit[]): CallInstance[] {
		return this.model.addCallRecords(taskId, records);
	}

	setTaskStatus(taskId: number, status: number): void {
		this.model.setTaskStatus(taskId, status);
	}

	setCallbackUrl(url: string | undefined, opts: { textPlain?: boolean; jobUrl?: string; oldFormat?: boolean } = {}): void {
		this.model.callbacks.setCallbackUrl(url, opts);
	}

	revealCalls(): CallInstance[] {
		return this.model.revealCalls();
	}

	sendInboundCall(init: Parameters<ByrobotModel['sendInboundCall']>[0] = {}): CallbackDelivery | undefined {
		return this.model.sendInboundCall(init);
	}

	sendCallback(payload: unknown, opts: { url?: string } = {}): CallbackDelivery | undefined {
		return this.model.callbacks.sendCallback(payload, opts);
	}

	sendManualIntentEdit(callInstanceId: number, value: string): CallbackDelivery | undefined {
		return this.model.sendManualIntentEdit(callInstanceId, value);
	}

	flushCallbacks(opts: { skipDelays?: boolean; timeoutMs?: number } = {}): Promise<void> {
		return this.model.callbacks.flushCallbacks(opts);
	}

	describe(): unknown {
		return {
			companies: this.model.st.companies,
			phones: this.model.st.phones,
			robots: this.model.st.robots,
			tasks: this.model.st.tasks,
			calls: this.model.st.calls,
			callbackUrl: this.model.callbacks.callbackUrl ?? null,
			callbackDeliveries: this.model.callbacks.deliveries,
		};
	}
}

export async function startByrobotSimulator(opts: ByrobotSimOptions = {}): Promise<ByrobotSimulator> {
	const sim = new ByrobotSimulator(opts);
	await sim.start();
	return sim;
}
