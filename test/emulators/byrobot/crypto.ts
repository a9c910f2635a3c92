/**
 * Byrobot's request signature (VENDORS.md §2), implemented here on its own (no project code
 * imported): Base64 HMAC-SHA1 keyed by appSecret over `appKey + "\n" + datetime`, datetime in
 * RFC 1123 GMT.
 */
import * as crypto from 'node:crypto';

/** Base64(HMAC-SHA1(key = appSecret, message = appKey + "\n" + datetime)) */
export function byrobotSign(appKey: string, appSecret: string, datetime: string): string {
	return crypto.createHmac('sha1', appSecret).update(`${appKey}\n${datetime}`, 'utf8').digest('base64');
}

const RFC1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseRfc1123(text: string): number | undefined {
	const m = RFC1123.exec(text);
	if (!m) return undefined;
	const ms = Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
	return Number.isNaN(ms) ? undefined : ms;
}
