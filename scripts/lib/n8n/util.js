'use strict';
/** Small helpers the driver's modules share: loopback HTTP, waiting, process groups. */
const http = require('http');

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text, lines) {
	return String(text || '').split('\n').slice(-lines).join('\n');
}

/** Signals a whole process group (n8n and its task runner); silent when it is gone. */
function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Polls `check` every `intervalMs` until it returns a truthy value (returned), `timeoutMs`
 * passes (throws "timed out after … waiting for <what>") or `abort()` returns a reason (throws it).
 */
async function waitUntil(check, { timeoutMs, what, intervalMs = 250, abort }) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		const reason = abort && abort();
		if (reason) throw new Error(`${reason} while waiting for ${what}`);
		try {
			const value = await check();
			if (value) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const why = lastError ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
		}
		await sleep(intervalMs);
	}
}

/** One HTTP request: resolves {status, headers, body (parsed JSON or text)}. */
function httpRequest(method, url, body, headers = {}, { timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const payload =
			body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
					...headers,
				},
				timeout: timeoutMs,
				// Node 24's global agent keeps sockets alive, which keeps jest from exiting.
				agent: false,
			},
			(res) => {
				const chunks = [];
				res.on('data', (d) => chunks.push(d));
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					const text = raw.toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// keep text
					}
					resolve({ status: res.statusCode || 0, headers: res.headers, body: parsed, raw });
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`HTTP ${method} ${url} timed out`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

/** Deterministic 16-char id from a name (n8n ids are ≤ 21 chars). */
function idFromName(name) {
	const hash = require('crypto').createHash('sha256').update(String(name)).digest('base64');
	return `e2e${hash.replace(/[^A-Za-z0-9]/g, '').slice(0, 13)}`;
}

/**
 * Keeps `handler` installed for SIGINT and SIGTERM exactly while `want()` is true; the returned
 * function re-checks and is called wherever `want()` may have changed.
 */
function signalHandlersWhile(want, handler) {
	let installed = false;
	return () => {
		const on = want();
		if (on === installed) return;
		for (const signal of ['SIGINT', 'SIGTERM']) {
			if (on) process.on(signal, handler);
			else process.removeListener(signal, handler);
		}
		installed = on;
	};
}

module.exports = { sleep, tail, killGroup, groupAlive, waitUntil, httpRequest, idFromName, signalHandlersWhile };
