/**
 * A real HTTP server on loopback that hands every request to a webhook node through
 * `runWebhook` and answers with what the node answered: the far end of a vendor's callback
 * loop in tests. It can lose the first acknowledgements to make the vendor retry.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import type { RunWebhookResult, WebhookRequestSpec } from './index';

export interface WebhookLoop {
	/** the production-style URL to give the emulator */
	url: string;
	/** the items of each run the node started */
	runs: IDataObject[][];
	/** the status the node answered, per request */
	statuses: number[];
	close(): Promise<void>;
}

export interface WebhookLoopOptions {
	/** how many acknowledgements never reach the sender (the run still starts) */
	loseFirstAcks?: number;
	/** how a lost acknowledgement looks to the sender: a dropped connection or a gateway error */
	lostAck?: 'drop' | { status: number; body: string };
}

export async function serveWebhook(
	handle: (request: WebhookRequestSpec) => Promise<RunWebhookResult>,
	options: WebhookLoopOptions = {},
): Promise<WebhookLoop> {
	const runs: IDataObject[][] = [];
	const statuses: number[] = [];
	let toLose = options.loseFirstAcks ?? 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				const url = new URL(req.url ?? '/', 'http://127.0.0.1');
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
				try {
					const result = await handle({
						method: req.method ?? 'POST',
						path: url.pathname,
						headers,
						query: Object.fromEntries(url.searchParams),
						rawBody: Buffer.concat(chunks),
					});
					const items = result.response.workflowData?.[0]?.map((item) => item.json);
					if (items) runs.push(items);
					statuses.push(result.res.status);
					if (toLose > 0) {
						toLose -= 1;
						const lost = options.lostAck ?? 'drop';
						if (lost === 'drop') {
							res.destroy();
						} else {
							res.writeHead(lost.status);
							res.end(lost.body);
						}
						return;
					}
					res.writeHead(result.res.status, { 'content-type': String(result.res.headers['content-type'] ?? 'text/plain') });
					res.end(String(result.res.body ?? ''));
				} catch (error) {
					res.writeHead(500);
					res.end(String(error));
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/harness-webhook-id/callback`,
		runs,
		statuses,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
