/**
 * Vendor-agnostic pieces of the callback (webhook) triggers: the shared secret checked in
 * constant time, reading the body whatever n8n's body parser made of it (JSON, text/plain
 * holding JSON, form, XML), the `success` acknowledgement every vendor requires, and a bounded
 * de-duplication memory kept in the workflow's static data (so it survives restarts and works
 * with queue-mode workers).
 *
 * Answering: the node writes the HTTP answer itself through the response object and returns
 * `noWebhookResponse: true` (n8n then sends nothing more), with `workflowData` only when a
 * workflow run should start. Filtered events, duplicates and rejected requests return no
 * `workflowData`, so no execution is created for them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

/**
 * The webhook lifecycle of a vendor whose callback URL is entered in its own console: there is
 * nothing to register on activation or to remove afterwards.
 */
export const consoleConfiguredWebhook = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};

/** The body every vendor wants back (VENDORS.md §1, §2; assumed for §3). */
export const ACK_BODY = 'success';

export const DEFAULT_DEDUP_MEMORY = 2000;
const MIN_DEDUP_MEMORY = 10;
const MAX_DEDUP_MEMORY = 50_000;

// ---------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------

/** Writes the HTTP answer and tells n8n it has been sent. */
export function respond(
	ctx: IWebhookFunctions,
	status: number,
	body: string,
	contentType = 'text/plain; charset=utf-8',
): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(status);
	res.setHeader('Content-Type', contentType);
	res.send(body);
	return { noWebhookResponse: true };
}

/** HTTP 200 `success`; starts a run with `items` when there are any. */
export function acknowledge(ctx: IWebhookFunctions, items: IDataObject[] = []): IWebhookResponseData {
	const answer = respond(ctx, 200, ACK_BODY);
	if (items.length === 0) return answer;
	return { ...answer, workflowData: [ctx.helpers.returnJsonArray(items)] };
}

/** HTTP 401 and no run. */
export function rejectUnauthorized(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Callback refused (HTTP 401): ${reason}`, { node: ctx.getNode().name });
	return respond(ctx, 401, 'unauthorized');
}

/** HTTP 400 and no run (an authenticated request we cannot read; the vendor will retry). */
export function rejectBadRequest(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Callback refused (HTTP 400): ${reason}`, { node: ctx.getNode().name });
	return respond(ctx, 400, `bad request: ${reason}`);
}

// ---------------------------------------------------------------------------------------------
// The shared secret
// ---------------------------------------------------------------------------------------------

/** Equality of two strings in time independent of where they differ (and of their lengths). */
export function secretsEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length > 0;
}

export type SecretLocation = 'query' | 'header';

export interface SecretCheck {
	location: SecretLocation;
	/** the query parameter or header name */
	name: string;
	secret: string;
}

function firstString(value: unknown): string | undefined {
	if (Array.isArray(value)) return firstString(value[0]);
	return typeof value === 'string' ? value : undefined;
}

/** The secret the request presents, if any. */
export function presentedSecret(ctx: IWebhookFunctions, location: SecretLocation, name: string): string | undefined {
	if (location === 'query') {
		return firstString((ctx.getQueryData() as Record<string, unknown>)[name]);
	}
	const headers = ctx.getHeaderData() as Record<string, unknown>;
	const value = firstString(headers[name.toLowerCase()]);
	// `Authorization: Bearer <secret>` is accepted as well as the bare secret
	return value?.replace(/^Bearer\s+/i, '');
}

/** `undefined` when the request is authorised, otherwise why it is not. */
export function secretProblem(ctx: IWebhookFunctions, check: SecretCheck): string | undefined {
	if (check.secret === '') return 'no secret is configured on the trigger node';
	const given = presentedSecret(ctx, check.location, check.name);
	if (given === undefined || given === '') {
		return `the ${check.location === 'query' ? 'query parameter' : 'header'} "${check.name}" is missing`;
	}
	if (!secretsEqual(given, check.secret)) return `the ${check.location === 'query' ? 'query parameter' : 'header'} "${check.name}" is wrong`;
	return undefined;
}

/** The secret settings of a trigger built with `secretProperties`. */
export function readSecretCheck(ctx: IWebhookFunctions): SecretCheck {
	const location = ctx.getNodeParameter('authMode', 'query') as SecretLocation;
	const name =
		location === 'header'
			? String(ctx.getNodeParameter('headerName', 'X-Callback-Token'))
			: String(ctx.getNodeParameter('queryParameter', 'token'));
	return { location, name: name.trim(), secret: String(ctx.getNodeParameter('secret', '')) };
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

export interface ReceivedBody {
	/** the raw body text when n8n kept it (it does for JSON, text, form and XML bodies) */
	text: string | undefined;
	/** media type without parameters, lower case */
	contentType: string;
	/** what n8n's body parser made of it (object, string, or `{}`) */
	parsed: unknown;
}

interface RawCarryingRequest {
	rawBody?: unknown;
	readRawBody?: () => Promise<void>;
	body?: unknown;
	headers?: Record<string, unknown>;
}

/** The body as text (when available) and as n8n parsed it. */
export async function readBody(ctx: IWebhookFunctions): Promise<ReceivedBody> {
	const req = ctx.getRequestObject() as unknown as RawCarryingRequest;
	const contentType = String(firstString(req.headers?.['content-type']) ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	let raw = req.rawBody;
	if (!(Buffer.isBuffer(raw) && raw.length > 0) && typeof req.readRawBody === 'function') {
		// n8n reads the body lazily for content types it does not parse itself
		await req.readRawBody();
		raw = req.rawBody;
	}
	const text = Buffer.isBuffer(raw) && raw.length > 0 ? raw.toString('utf8') : typeof raw === 'string' && raw !== '' ? raw : undefined;
	return { text, contentType, parsed: req.body };
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][c]` → ['a', 'b', 'c']; `a[]` → ['a', ''] */
function bracketPath(key: string): string[] {
	const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
	if (!match) return [key];
	const rest = [...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]);
	return [match[1], ...rest];
}

function assignPath(target: IDataObject, path: string[], value: string): void {
	if (path.some((part) => FORBIDDEN_KEYS.has(part))) return;
	let node: IDataObject | unknown[] = target;
	for (let i = 0; i < path.length; i++) {
		const part = path[i];
		const last = i === path.length - 1;
		if (Array.isArray(node)) {
			if (last) {
				node.push(value);
				return;
			}
			const next: IDataObject = {};
			node.push(next);
			node = next;
			continue;
		}
		if (last) {
			node[part] = value;
			return;
		}
		const nextIsArray = path[i + 1] === '';
		const existing = node[part];
		if (nextIsArray ? !Array.isArray(existing) : typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
			node[part] = nextIsArray ? [] : {};
		}
		node = node[part] as IDataObject | unknown[];
	}
}

/** An `application/x-www-form-urlencoded` body, with PHP-style `a[b]=c` keys nested. */
export function parseForm(text: string): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of new URLSearchParams(text)) assignPath(result, bracketPath(key), value);
	return result;
}

/** A form that n8n already decoded into flat keys (`variables[name]`): nested the same way. */
export function nestBracketKeys(flat: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(flat)) {
		if (FORBIDDEN_KEYS.has(key)) continue;
		if (typeof value === 'string' && /\[/.test(key)) assignPath(result, bracketPath(key), value);
		else result[key] = value;
	}
	return result;
}

export function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJsonText(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * A JSON object from a JSON body, a `text/plain` body holding JSON (Byrobot private
 * deployments), or a form body. `undefined` when the body is none of these.
 */
export function parseObjectBody(body: ReceivedBody): IDataObject | undefined {
	const text = body.text?.replace(/^\uFEFF/, '').trim();
	if (text !== undefined && text !== '') {
		if (text.startsWith('{')) {
			const parsed = parseJsonText(text);
			return isPlainObject(parsed) ? parsed : undefined;
		}
		if (body.contentType === 'application/x-www-form-urlencoded' || /^[^=&\s]+=/.test(text)) {
			const form = parseForm(text);
			return Object.keys(form).length > 0 ? form : undefined;
		}
		return undefined;
	}
	const parsed = body.parsed;
	if (typeof parsed === 'string') {
		const json = parseJsonText(parsed.trim());
		return isPlainObject(json) ? json : undefined;
	}
	if (isPlainObject(parsed) && Object.keys(parsed).length > 0) return nestBracketKeys(parsed);
	return undefined;
}

/**
 * The `Encrypt` value of a WeCom-style XML body `<xml><Encrypt><![CDATA[…]]></Encrypt></xml>`
 * (or a JSON body `{"encrypt": "…"}`), from the raw text or n8n's parsed XML.
 */
export function extractEncrypt(body: ReceivedBody): string | undefined {
	const text = body.text?.trim();
	if (text) {
		const xml = /<Encrypt>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*?))\s*<\/Encrypt>/i.exec(text);
		if (xml) return (xml[1] ?? xml[2] ?? '').trim() || undefined;
		if (text.startsWith('{')) {
			const json = parseJsonText(text);
			if (isPlainObject(json)) return findEncrypt(json, 0);
		}
		return undefined;
	}
	return isPlainObject(body.parsed) ? findEncrypt(body.parsed, 0) : undefined;
}

function findEncrypt(value: IDataObject, depth: number): string | undefined {
	if (depth > 3) return undefined;
	for (const [key, inner] of Object.entries(value)) {
		if (key.toLowerCase() === 'encrypt') {
			const text = Array.isArray(inner) ? inner[0] : inner;
			if (typeof text === 'string' && text.trim() !== '') return text.trim();
		}
	}
	for (const inner of Object.values(value)) {
		if (isPlainObject(inner)) {
			const found = findEncrypt(inner, depth + 1);
			if (found) return found;
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// De-duplication memory (workflow static data of the node)
// ---------------------------------------------------------------------------------------------

/** Layout in `getWorkflowStaticData('node')`: `{ dedup: { keys: string[] } }`, oldest first. */
export interface DedupState {
	keys: string[];
}

function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (isPlainObject(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** A short content hash (key order does not matter). */
export function digest(value: unknown): string {
	return createHash('sha256').update(stableJson(value), 'utf8').digest('hex').slice(0, 24);
}

/** Keys longer than this are stored as a hash. */
const MAX_KEY_LENGTH = 96;

export function compactKey(key: string): string {
	return key.length <= MAX_KEY_LENGTH ? key : `h:${digest(key)}`;
}

export function clampMemory(value: unknown): number {
	const n = Math.floor(Number(value));
	if (!Number.isFinite(n)) return DEFAULT_DEDUP_MEMORY;
	return Math.min(MAX_DEDUP_MEMORY, Math.max(MIN_DEDUP_MEMORY, n));
}

function dedupState(staticData: IDataObject): DedupState {
	const state = staticData.dedup;
	if (isPlainObject(state) && Array.isArray(state.keys)) return state as unknown as DedupState;
	return { keys: [] };
}

/**
 * Keys seen by this n8n process, per workflow and node. n8n loads a webhook's static data when
 * the request arrives and saves it whole when it is done, so deliveries that overlap (vendors
 * push many finished calls at once) would each save their own copy and drop the others' keys.
 * This memory is consulted and merged synchronously, so within one process no key is lost;
 * static data carries the keys across restarts.
 */
const processMemory = new Map<string, string[]>();

/**
 * True when `key` was seen before (a retried delivery); otherwise remembers it, keeping only
 * the newest `limit` keys. The array is replaced, not mutated in place, so n8n notices the
 * change and saves it. `scope` names the workflow and node the memory belongs to.
 */
export function seenBefore(staticData: IDataObject, key: string, limit: number, scope = ''): boolean {
	const stored = compactKey(key);
	const max = clampMemory(limit);
	const known = [...dedupState(staticData).keys];
	const present = new Set(known);
	for (const remembered of processMemory.get(scope) ?? []) {
		if (!present.has(remembered)) {
			known.push(remembered);
			present.add(remembered);
		}
	}
	const duplicate = present.has(stored);
	if (!duplicate) known.push(stored);
	const next = known.length > max ? known.slice(known.length - max) : known;
	processMemory.set(scope, next);
	staticData.dedup = { keys: next };
	return duplicate;
}

// ---------------------------------------------------------------------------------------------
// Finishing a callback: filter, de-duplicate, acknowledge, emit
// ---------------------------------------------------------------------------------------------

export interface CallbackEvent {
	/** the event type the Events filter is matched against */
	type: string;
	/** identifies one delivery across retries; `undefined` = never treated as a duplicate */
	dedupKey: string | undefined;
	/** the output item */
	item: IDataObject;
}

export interface DeliverySettings {
	/** event types to emit; `undefined` = all */
	events: string[] | undefined;
	deduplicate: boolean;
	memory: number;
}

/** Reads the `options` collection built by `deliveryOptionsProperty`. */
export function readDeliverySettings(ctx: IWebhookFunctions, events: string[] | undefined): DeliverySettings {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		events,
		deduplicate: options.deduplicate !== false,
		memory: clampMemory(options.dedupMemory ?? DEFAULT_DEDUP_MEMORY),
	};
}

/** Answers `success` in every case; starts a run only for a wanted, first-seen event. */
export function finishCallback(ctx: IWebhookFunctions, event: CallbackEvent, settings: DeliverySettings): IWebhookResponseData {
	if (settings.events !== undefined && !settings.events.includes(event.type)) {
		ctx.logger.debug(`Callback acknowledged without a run: event ${event.type} is filtered out`);
		return acknowledge(ctx);
	}
	if (settings.deduplicate && event.dedupKey !== undefined) {
		const staticData = ctx.getWorkflowStaticData('node');
		const scope = `${ctx.getWorkflow().id ?? ''}:${ctx.getNode().id ?? ctx.getNode().name}`;
		if (seenBefore(staticData, event.dedupKey, settings.memory, scope)) {
			ctx.logger.debug(`Callback acknowledged without a run: ${event.dedupKey} was delivered before`);
			return acknowledge(ctx);
		}
	}
	return acknowledge(ctx, [event.item]);
}

// ---------------------------------------------------------------------------------------------
// Parameters shared by the callback triggers
// ---------------------------------------------------------------------------------------------

/** Authentication mode, the secret, and where it travels. `extraModes` come first (Tanyi: encrypted). */
export function secretProperties(extraModes: INodePropertyOptions[] = []): INodeProperties[] {
	const secretModes = ['query', 'header'];
	return [
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				...extraModes,
				{
					name: 'Secret in Header',
					value: 'header',
					description: 'The sender puts the secret in a request header',
				},
				{
					name: 'Secret in Query Parameter',
					value: 'query',
					description: 'The callback URL you give the vendor ends with ?token=&lt;secret&gt;',
				},
			],
			default: 'query',
			description: 'How a callback proves it comes from the vendor. Requests that fail get HTTP 401 and start no workflow.',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authMode: secretModes } },
			description: 'A long random value (e.g. 32+ characters) only you and the vendor know',
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryParameter',
			type: 'string',
			default: 'token',
			displayOptions: { show: { authMode: ['query'] } },
			description: 'Give the vendor the production URL followed by ?token=&lt;secret&gt; (with this name)',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Callback-Token',
			displayOptions: { show: { authMode: ['header'] } },
			description: 'The header carrying the secret ("Bearer &lt;secret&gt;" is accepted too)',
		},
	];
}

/** The Options collection: de-duplication switch and memory size. */
export function deliveryOptionsProperty(): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'De-Duplicate Retries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description:
					'Whether a delivery seen before (the vendor retries until it gets "success") is acknowledged without starting the workflow again',
			},
			{
				displayName: 'Remembered Deliveries',
				name: 'dedupMemory',
				type: 'number',
				typeOptions: { minValue: MIN_DEDUP_MEMORY, maxValue: MAX_DEDUP_MEMORY },
				default: DEFAULT_DEDUP_MEMORY,
				description: 'How many recent deliveries are remembered for de-duplication (kept in the workflow, so restarts keep them)',
			},
		],
	};
}

/** Simplify: call events come out in the call-record shape shared by all vendors (core/callRecord.ts). */
export function simplifyProperty(): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	};
}
