import * as http from 'http';
import type { AddressInfo } from 'net';

import { postOnce } from './callbacks';

/** a receiver that answers `success` after `delayMs` */
async function slowReceiver(delayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => {
			const timer = setTimeout(() => res.end('success'), delayMs);
			res.on('close', () => clearTimeout(timer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/cb`,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

describe('postOnce: one callback attempt, bounded by the timeout', () => {
	it('an answer later than the timeout is a failed attempt (status 0 with the error)', async () => {
		const receiver = await slowReceiver(400);
		try {
			const late = await postOnce(receiver.url, {}, '{}', 50);
			expect(late.status).toBe(0);
			expect(late.error).toBeDefined();
			const inTime = await postOnce(receiver.url, {}, '{}', 10_000);
			expect(inTime).toEqual({ status: 200, body: 'success' });
		} finally {
			await receiver.close();
		}
	});
});
