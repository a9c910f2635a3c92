'use strict';
/**
 * The load balancer a queue-mode deployment puts in front of its webhook processes (nginx,
 * a cloud load balancer …), reduced to what the tests need: round robin over the backends on
 * 127.0.0.1, the next backend when one refuses the connection (as nginx's default
 * `proxy_next_upstream error` does), and a record of which backend answered each request, so a
 * test can tell which webhook process a callback reached.
 *
 * `policy: 'path'` routes by the request path instead (nginx `hash $uri consistent`): every
 * call to one webhook URL reaches the same webhook process while it is up, so repeated and
 * simultaneous copies of one delivery meet the same process's de-duplication memory.
 */
const crypto = require('crypto');
const http = require('http');

/** how much of each request body the log keeps */
const BODY_KEPT = 1024 * 1024;

/** The backend a path is pinned to: a stable hash of the path (query ignored), modulo the count. */
function backendForPath(url, count) {
	const pathOnly = String(url).split('?')[0];
	return crypto.createHash('sha256').update(pathOnly).digest().readUInt32BE(0) % count;
}

/**
 * @param {string[]} backends base URLs, e.g. http://127.0.0.1:5679
 * @param {{policy?: 'round-robin' | 'path'}} [options]
 * @returns {Promise<{url: string, backends: string[], log: Array<{method: string, path: string,
 *   backend: number, status: number, body: string, at: number, ms: number}>, counts: () => number[],
 *   close: () => Promise<void>}>}
 *   log: one entry per answered request: `body` its first MB, `at` when it arrived (epoch ms),
 *   `ms` how long the answer took (-1 until it ended)
 */
async function startBalancer(backends, options = {}) {
	const policy = options.policy || 'round-robin';
	if (!['round-robin', 'path'].includes(policy)) throw new Error(`unknown balancer policy: ${policy}`);
	const targets = backends.map((b) => new URL(b));
	const log = [];
	let next = 0;
	const sockets = new Set();

	const forward = (req, res, body, backend, triesLeft, at = Date.now()) => {
		const target = targets[backend];
		const upstream = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: {
					...req.headers,
					host: `${target.hostname}:${target.port}`,
					'x-forwarded-for': req.socket.remoteAddress,
				},
				agent: false,
			},
			(answer) => {
				const entry = {
					method: req.method,
					path: req.url,
					backend,
					status: answer.statusCode || 0,
					body: body.toString('utf8', 0, BODY_KEPT),
					at,
					ms: -1,
				};
				log.push(entry);
				res.writeHead(answer.statusCode || 502, answer.headers);
				answer.pipe(res);
				answer.on('end', () => (entry.ms = Date.now() - at));
			},
		);
		upstream.on('error', (error) => {
			if (!res.headersSent && triesLeft > 0 && ['ECONNREFUSED', 'ECONNRESET'].includes(error.code)) {
				forward(req, res, body, (backend + 1) % targets.length, triesLeft - 1, at);
				return;
			}
			log.push({
				method: req.method,
				path: req.url,
				backend,
				status: 502,
				body: body.toString('utf8', 0, BODY_KEPT),
				at,
				ms: Date.now() - at,
			});
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`bad gateway: ${error.message}`);
		});
		upstream.end(body);
	};

	const server = http.createServer((req, res) => {
		// a client that gave up (a vendor's timeout) must not crash the balancer
		res.on('error', () => {});
		req.on('error', () => {});
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			if (targets.length === 0) {
				res.writeHead(503, { 'content-type': 'text/plain' });
				res.end('no backend');
				return;
			}
			let backend;
			if (policy === 'path') backend = backendForPath(req.url, targets.length);
			else {
				backend = next;
				next = (next + 1) % targets.length;
			}
			forward(req, res, Buffer.concat(chunks), backend, targets.length - 1);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		backends,
		policy,
		log,
		/** requests answered per backend, in the order of `backends` */
		counts: () => targets.map((_, i) => log.filter((e) => e.backend === i).length),
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startBalancer, backendForPath };
