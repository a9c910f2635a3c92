/**
 * Faithful local emulator of the Tanyi (探意 / YiWise) open API, `/apiOpen/v1`.
 *
 * Spec: VENDORS.md §1 and seeds 000 (jobs) and 003 (call records / to-be-called customers).
 * "Faithful" means the emulator refuses what the vendor refuses: it recomputes the signature,
 * enforces the seed rules (412 naming the field), keeps job / customer / call-record state,
 * answers with the vendor envelope (HTTP 200 even on failure) and pushes callbacks that must
 * be acknowledged with exactly `success`.
 *
 * Behaviour the vendor does not document and that is inferred here (each is marked
 * "[inferred]" where it is implemented):
 * - timestamp window ±5 minutes (`maxClockSkewMs`);
 * - wrong HTTP method → HTTP 405 with envelope code 405; unknown path → HTTP 404 with code 404;
 *   POST/PATCH without `Content-Type: application/json` → HTTP 415 with code 415;
 * - referenced entities inside a create/modify body that do not exist (dialogFlowId,
 *   csStaffGroupId, phone ids) → 412; the target of an operation (robotCallJobId,
 *   robotCallTaskId, callRecordId, customerPersonIds) not found → 404;
 * - job state machine: start from NOT_STARTED / RUNNABLE / USER_PAUSE / SYSTEM_SUSPENDED /
 *   SYSTEM_HANG_UP; pause only IN_PROCESS / IN_QUEUE / WAITING_FOR_REDIAL; stop anything
 *   not COMPLETED / TERMINATE; modify refused while IN_PROCESS; import refused into a
 *   TERMINATE job; adding customers to a COMPLETED job makes it RUNNABLE (startable again);
 * - a running job that has no pending customer left becomes COMPLETED (after at least one
 *   call slot has elapsed, so "start, then import" does not race);
 * - duplicate phone numbers in a job are kept (two tasks) and counted in
 *   `state.duplicatePhoneImports` (option `dedupPhones` skips them instead);
 * - numbers are returned in full unless `maskPhones` is set (seed 003's example masks them);
 * - each imported row creates its own customer person (customerPersonId);
 * - importCustomerAsync de-duplicates by `batchId` tenant-wide: a repeated batchId imports
 *   nothing and answers `{batchId, importedCount: 0, duplicate: true}`;
 * - call record lists are ordered by startTime descending, then callRecordId descending (the
 *   vendor states no order: `callRecordOrder` also offers oldest first and creation order);
 *   `callDetail` prints startTime/endTime as `yyyy-MM-ddTHH:mm:ss` (as seed 003 shows),
 *   the list prints `yyyy-MM-dd HH:mm:ss`;
 * - auto-redial settings are validated and stored but no redial is performed; the daily
 *   calling window and the AUTO start time are not simulated (a started job calls at once).
 *
 * Lookup answers, exactly as yiwise/slate `source/includes/*.md` documents them (field table:
 * docs/vendor-fields.md):
 * - GET /phone/getPhoneList → `[{tenantPhoneNumberId, phoneNumber, phoneName, phoneType,
 *   localBillRate, otherBillRate, callOutIndustry, areaCode, province, city}]` (tenant.md; types
 *   MOBILE / LANDLINE / UNFIXED_CALL)
 * - GET /policyGroup/getIdAndNamePairList → `[{callPolicyGroupId, tenantId, name}]` (callPolicyGroup.md)
 * - GET /dialogFlow/getDialogFlowList → `[{dialogFlowId, name, status}]`, status DRAFT /
 *   PENDING_APPROVAL / REJECTED / APPROVED (tenant.md); only APPROVED scripts take jobs [inferred]
 * - GET /dialogFlow/getDialogFlowCallJobRelatedInfo?dialogFlowId → `{dialogFlowId,
 *   placeholderExist, jumpToHumanServiceExist, humanInterventionExist}` (dialogFlow.md); a job
 *   for a script with humanInterventionExist needs csStaffGroupId, with jumpToHumanServiceExist
 *   transferPhoneNumber (seed 000)
 * - GET /csRobot/staffGroupList?pageNum&pageSize (both required) → a page of `{csStaffGroupId,
 *   groupName, dialogFlowId, groupCapacity, tenantId, groupType, enabledStatus, …}` (csRobot.md)
 * - GET /job/getJobs → a page of `{robotCallJobId, name, status, completedTask, taskCallTotal,
 *   createTime, createdByUserName, organizationName}` (obtainTask.md)
 * - GET /job/getJobProperties?robotCallJobId → `string[]` (obtainTask.md)
 * - GET /tenant/getTenant → `{tenantId, tenantName}` (tenant.md)
 * - POST /job/importCustomerAsync → `{batchId, importedCount, duplicate}` (not in any public source: chosen here)
 * - POST /isv/updateIsvInfo → null
 * - several jobPhoneNumberIdList entries only for MOBILE and UNFIXED_CALL (option `multiLineTypes`)
 *
 * Development endpoints (no signature; for a separate process such as the demo):
 * `POST /__tanyi/complete-calls {robotCallJobId, n?}`, `POST /__tanyi/callback-url
 * {url, token?, encodingAesKey?}`, `POST /__tanyi/call-record-order {order}`, `GET /__tanyi/callbacks`.
 */
import { SimServer, requestId } from '../shared/http';
import { TanyiCallbacks, DEFAULT_RETRY_DELAYS } from './callbacks';
import { BASE_PATH, TanyiRoutes } from './routes';
import { TanyiModel, type CallRecord, type CallRecordOrder, type TanyiSimOptions, type TanyiState } from './state';

export { tanyiSignature, tanyiSignedHeaders, wecomDecrypt, wecomEncrypt, wecomSignature } from './crypto';
export { BASE_PATH } from './routes';
/** parse a CST `yyyy-MM-dd HH:mm:ss` string back to epoch ms (handy in tests) */
export { parseCst } from './fields';
export * from './state';

export class TanyiSimulator {
	readonly server: SimServer;
	url = '';
	readonly credentials: { baseUrl: string; appKey: string; appSecret: string; tenantSign: string };
	private readonly model: TanyiModel;
	private readonly api: TanyiRoutes;
	private readonly tickMs: number;
	private ticker?: ReturnType<typeof setInterval>;

	constructor(options: TanyiSimOptions = {}) {
		this.server = new SimServer(
			(req) => this.api.handle(req),
			options,
			() => ({ ...this.state, callbackDeliveries: this.callbackDeliveries }),
			() => this.reset(),
		);
		this.model = new TanyiModel(options, () => this.server.now());
		this.model.recordings = this.server.recordings;
		// the vendor's list of codes gives 500 as "unknown error"; HTTP 200 like every other envelope answer
		this.server.internalError = () => ({
			status: 200,
			body: { code: 500, data: null, requestId: requestId(), resultMsg: '未知错误', errorStackTrace: null },
		});
		this.model.callbacks = new TanyiCallbacks(
			this.model,
			(options.callbackRetryDelaysMs ?? DEFAULT_RETRY_DELAYS).slice(0, 10),
			options.callbackTimeoutMs,
		);
		this.api = new TanyiRoutes(this.model);
		this.tickMs = options.tickMs ?? 100;
		this.credentials = {
			baseUrl: '',
			appKey: options.appKey ?? 'simAppKey',
			appSecret: options.appSecret ?? 'simAppSecret',
			tenantSign: this.model.tenantSign,
		};
	}

	get state(): TanyiState {
		return this.model.state;
	}

	get callbackDeliveries() {
		return this.model.callbacks.deliveries;
	}

	async start(): Promise<string> {
		const root = await this.server.start();
		this.url = root + BASE_PATH;
		this.credentials.baseUrl = this.url;
		this.model.callbacks.closed = false;
		if (this.tickMs > 0) {
			this.ticker = setInterval(() => {
				try {
					this.model.advance();
				} catch {
					// a tick must never crash the process
				}
			}, this.tickMs);
			this.ticker.unref();
		}
		return this.url;
	}

	async close(): Promise<void> {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		this.model.callbacks.close();
		await this.server.close();
	}

	/** back to the seeded state (also `/__sim/reset`) */
	reset(): void {
		this.model.reset();
		this.model.callbacks.deliveries.length = 0;
	}

	// ----- test controls -----------------------------------------------------------------

	/** the phone of every customer row of a job, in import order (repeats kept) */
	phonesOf(jobId: number): string[] {
		return this.model.jobTasks(jobId).tasks.map((t) => t.calledPhoneNumber);
	}

	completeCalls(jobId: number, n?: number): CallRecord[] {
		return this.model.completeCalls(jobId, n);
	}

	addCallRecords(jobId: number, records: Array<Partial<CallRecord>>): CallRecord[] {
		return this.model.addCallRecords(jobId, records);
	}

	setCallbackUrl(url: string | undefined, opts: { encrypted?: { token: string; encodingAesKey: string } } = {}): void {
		this.model.setCallbackUrl(url, opts);
	}

	/** the order getCallRecordInfoList answers in (see TanyiSimOptions.callRecordOrder) */
	get callRecordOrder(): CallRecordOrder {
		return this.model.callRecordOrder;
	}

	set callRecordOrder(order: CallRecordOrder) {
		this.model.callRecordOrder = order;
	}

	flushCallbacks(): Promise<void> {
		return this.model.callbacks.flush();
	}

	verifyCallbackUrl(): Promise<{ ok: boolean; status: number; body: string; expected: string }> {
		return this.model.callbacks.verifyUrl();
	}
}

export async function startTanyiSimulator(opts: TanyiSimOptions = {}): Promise<TanyiSimulator> {
	const sim = new TanyiSimulator(opts);
	await sim.start();
	return sim;
}
