/**
 * How the Autodialer authenticates [inferred: seed 004 does not say]: a token in a header (Bearer
 * by default, header name and prefix configurable); an unauthenticated request gets a JSON 401
 * or, like many white-label consoles, an HTML login page with HTTP 200.
 */
import type { SimRequest, SimResponse } from '../shared/http';

export function loginPage(): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="zh-CN">',
		'<head><meta charset="utf-8"><title>登录 - 智能外呼平台</title></head>',
		'<body>',
		'<form method="POST" action="/login">',
		'<input type="hidden" name="_token" value="sim-csrf-token">',
		'<label>账号 <input name="email" type="text"></label>',
		'<label>密码 <input name="password" type="password"></label>',
		'<button type="submit">登录</button>',
		'</form>',
		'</body>',
		'</html>',
	].join('\n');
}

/** `<headerName>: <headerPrefix><apiToken>`, the prefix compared case-insensitively */
export function tokenAccepted(req: SimRequest, o: { headerName: string; headerPrefix: string; apiToken: string }): boolean {
	const raw = req.headers[o.headerName.toLowerCase()];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (typeof value !== 'string') return false;
	const prefix = o.headerPrefix;
	if (value.length !== prefix.length + o.apiToken.length) return false;
	return value.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase() && value.slice(prefix.length) === o.apiToken;
}

/** the answer to a request without the token */
export function unauthenticated(mode: string | undefined): SimResponse {
	if (mode === 'html-login') {
		return {
			status: 200,
			raw: loginPage(),
			headers: { 'content-type': 'text/html; charset=UTF-8' },
		};
	}
	return { status: 401, body: { message: 'Unauthenticated.' } };
}
