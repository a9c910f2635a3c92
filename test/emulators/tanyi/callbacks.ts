/**
 * Tanyi's callbacks (VENDORS.md §1 "Callbacks"): each event is POSTed to the account's callback
 * URL (JSON, or WeCom-style encrypted XML) until the receiver answers exactly `success`, with
 * the vendor's retry schedule compressed.
 */
import * as crypto from 'node:crypto';
import { postOnce } from '../shared/callbacks';
import { wecomEncrypt } from './crypto';
import type { CallbackAttempt, CallbackDelivery, EncryptedCallbackFormat, TanyiModel } from './state';

export const DEFAULT_RETRY_DELAYS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600];

export class TanyiCallbacks {
	readonly deliveries: CallbackDelivery[] = [];
	closed = false;
	private inFlight = 0;
	private flushWaiters: Array<() => void> = [];
	private readonly timers = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();

	constructor(
		private readonly m: TanyiModel,
		private readonly retryDelays: number[],
	) {}

	/** stops every pending retry */
	close(): void {
		this.closed = true;
		for (const t of this.timers) {
			clearTimeout(t.timer);
			t.resolve();
		}
		this.timers.clear();
	}

	/** resolves when no callback delivery is in flight or waiting for a retry */
	flush(): Promise<void> {
		if (this.inFlight === 0) return Promise.resolve();
		return new Promise((resolve) => this.flushWaiters.push(resolve));
	}

	/**
	 * Encrypted mode: the URL verification GET (`msg_signature, timestamp, nonce, echostr`);
	 * the receiver must answer the decrypted echostr.
	 */
	async verifyUrl(): Promise<{ ok: boolean; status: number; body: string; expected: string }> {
		const url = this.m.state.callbackUrl;
		const enc = this.m.state.callbackEncryption;
		if (!url || !enc) throw new Error('no encrypted callback URL configured');
		const expected = `echo-${crypto.randomBytes(6).toString('hex')}`;
		const timestamp = this.timestamp(this.m.now());
		const nonce = crypto.randomBytes(5).toString('hex');
		const { encrypt, msgSignature } = wecomEncrypt(expected, enc.token, enc.encodingAesKey, timestamp, nonce);
		const target = new URL(url);
		target.searchParams.set('msg_signature', msgSignature);
		target.searchParams.set('timestamp', timestamp);
		target.searchParams.set('nonce', nonce);
		let echostr = encrypt;
		for (let i = 0; i < (this.format.echostrExtraEncodings ?? 0); i++) echostr = encodeURIComponent(echostr);
		target.searchParams.set('echostr', echostr);
		const res = await fetch(target, { signal: AbortSignal.timeout(5000) });
		const body = await res.text();
		return { ok: res.status === 200 && body === expected, status: res.status, body, expected };
	}

	private get format(): EncryptedCallbackFormat {
		return this.m.options.encryptedCallbacks ?? {};
	}

	/** the `timestamp` query value of an encrypted callback sent at `ms` */
	private timestamp(ms: number): string {
		return this.format.timestampUnit === 's' ? String(Math.floor(ms / 1000)) : String(ms);
	}

	send(dataType: CallbackDelivery['dataType'], data: Record<string, unknown>): void {
		const url = this.m.state.callbackUrl;
		if (!url || this.closed) return;
		const delivery: CallbackDelivery = {
			id: ++this.m.ids.delivery,
			url,
			dataType,
			payload: { dataType, data },
			encrypted: this.m.state.callbackEncryption !== null,
			attempts: [],
			state: 'pending',
		};
		this.deliveries.push(delivery);
		const encryption = this.m.state.callbackEncryption ? { ...this.m.state.callbackEncryption } : null;
		this.inFlight += 1;
		void this.runDelivery(delivery, encryption).finally(() => {
			this.inFlight -= 1;
			if (this.inFlight === 0) {
				const waiters = this.flushWaiters;
				this.flushWaiters = [];
				for (const w of waiters) w();
			}
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const entry = {
				timer: setTimeout(() => {
					this.timers.delete(entry);
					resolve();
				}, ms),
				resolve,
			};
			this.timers.add(entry);
		});
	}

	private async runDelivery(delivery: CallbackDelivery, encryption: { token: string; encodingAesKey: string } | null): Promise<void> {
		for (let attempt = 0; attempt <= this.retryDelays.length; attempt++) {
			if (attempt > 0) await this.sleep(this.retryDelays[attempt - 1]);
			if (this.closed) break;
			const result = await this.postCallback(delivery, encryption);
			delivery.attempts.push(result);
			if (result.status === 200 && result.body === 'success') {
				delivery.state = 'delivered';
				return;
			}
		}
		delivery.state = 'failed';
	}

	private async postCallback(
		delivery: CallbackDelivery,
		encryption: { token: string; encodingAesKey: string } | null,
	): Promise<CallbackAttempt> {
		const at = this.m.now();
		const json = JSON.stringify(delivery.payload);
		let target = delivery.url;
		let body = json;
		let contentType = 'application/json';
		if (encryption) {
			// every attempt is signed afresh (inferred: the vendor documents no retry format)
			const timestamp = this.timestamp(at);
			const nonce = crypto.randomBytes(5).toString('hex');
			const { encrypt, msgSignature } = wecomEncrypt(json, encryption.token, encryption.encodingAesKey, timestamp, nonce);
			const u = new URL(delivery.url);
			u.searchParams.set('msg_signature', msgSignature);
			u.searchParams.set('timestamp', timestamp);
			u.searchParams.set('nonce', nonce);
			target = u.toString();
			// the XML of yiwise/callbackdemo XMLParse.generate, with the Encrypt as its sender encodes it
			const inXml = this.format.encryptInXml === 'raw' ? encrypt : encodeURIComponent(encrypt);
			body =
				`<xml>\n<Encrypt><![CDATA[${inXml}]]></Encrypt>\n<MsgSignature><![CDATA[${msgSignature}]]></MsgSignature>\n` +
				`<TimeStamp>${timestamp}</TimeStamp>\n<Nonce><![CDATA[${nonce}]]></Nonce>\n</xml>`;
			contentType = 'application/xml';
		}
		return { at, ...(await postOnce(target, { 'Content-Type': contentType }, body)) };
	}
}
