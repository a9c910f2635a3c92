import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { firstString, isObject, tryParseJson } from '../util';

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

/**
 * A JSON object from a JSON body, a `text/plain` body holding JSON (Byrobot private
 * deployments), or a form body. `undefined` when the body is none of these.
 */
export function parseObjectBody(body: ReceivedBody): IDataObject | undefined {
	const text = body.text?.replace(/^\uFEFF/, '').trim();
	if (text !== undefined && text !== '') {
		if (text.startsWith('{')) {
			const parsed = tryParseJson(text);
			return isObject(parsed) ? parsed : undefined;
		}
		if (body.contentType === 'application/x-www-form-urlencoded' || /^[^=&\s]+=/.test(text)) {
			const form = parseForm(text);
			return Object.keys(form).length > 0 ? form : undefined;
		}
		return undefined;
	}
	const parsed = body.parsed;
	if (typeof parsed === 'string') {
		const json = tryParseJson(parsed.trim());
		return isObject(json) ? json : undefined;
	}
	if (isObject(parsed) && Object.keys(parsed).length > 0) return nestBracketKeys(parsed);
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
			const json = tryParseJson(text);
			if (isObject(json)) return findEncrypt(json, 0);
		}
		return undefined;
	}
	return isObject(body.parsed) ? findEncrypt(body.parsed, 0) : undefined;
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
		if (isObject(inner)) {
			const found = findEncrypt(inner, depth + 1);
			if (found) return found;
		}
	}
	return undefined;
}
