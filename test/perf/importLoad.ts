/**
 * Measurements for issue 14 points 1–4 in the harness (n8n-core's engine, the Tanyi emulator on
 * loopback): per-lead cost, the longest event-loop block, memory per lead, the ledger's size,
 * requests and TCP connections, parallel requests and a new connection per request. Nothing is
 * asserted: times are for reading side by side within one run (the machine is shared).
 *
 *   TS_NODE_PREFER_TS_EXTS=true TS_NODE_TRANSPILE_ONLY=true npx node --expose-gc -r ts-node/register test/perf/importLoad.ts [sizes…]
 *
 * (`npx node`: the Node 24 of the devDependencies, which has process.threadCpuUsage.)
 * The longest block is measured from outside the node while the execution runs: the largest
 * main-thread CPU time between two ticks of a 5 ms timer (longestBusyCpuMs: what the loop was busy
 * with, GC included, not counting time the OS gave other processes), next to the wall-clock views
 * perf_hooks.monitorEventLoopDelay (longestBlockMs) and the timer's lateness, which on a shared
 * machine include being descheduled. The node's own view (its longest slice between yields) is in
 * its debug log (nodeLongestSliceMs).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../../credentials/TanyiApi.credentials';
import { Tanyi } from '../../nodes/Tanyi/Tanyi.node';
import type { TanyiSimOptions } from '../emulators/tanyi';
import { runNode } from '../harness';
import { processedData } from '../harness/processedData';
import { createParams } from '../nodes/Tanyi/support';

const SIZES = process.argv.slice(2).map(Number).filter(Boolean);
const sizes = SIZES.length > 0 ? SIZES : [10_000, 50_000, 100_000];

function leads(n: number): INodeExecutionData[] {
	return Array.from({ length: n }, (_, i) => ({
		json: { phone: `139${String(i).padStart(8, '0')}`, name: `Lead ${i}`, amount: String(i % 500) } as IDataObject,
	}));
}

/** the emulator in a child process (see emulatorProcess.ts) */
class Emulator {
	private next = 1;
	private readonly waiting = new Map<number, (answer: unknown) => void>();
	credentials!: Record<string, string>;

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (m: { id: number; answer: unknown }) => {
			this.waiting.get(m.id)?.(m.answer);
			this.waiting.delete(m.id);
		});
	}

	static async start(options: TanyiSimOptions = {}): Promise<Emulator> {
		const child = fork(require.resolve('./emulatorProcess.ts'), [JSON.stringify(options)], { execArgv: ['-r', 'ts-node/register'] });
		const emulator = new Emulator(child);
		emulator.credentials = (await new Promise((resolve) => emulator.waiting.set(0, resolve as (a: unknown) => void))) as Record<string, string>;
		return emulator;
	}

	ask<T>(ask: string, extra: object = {}): Promise<T> {
		const id = this.next++;
		return new Promise((resolve) => {
			this.waiting.set(id, resolve as (a: unknown) => void);
			this.child.send({ id, ask, ...extra });
		});
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.child.once('exit', () => resolve());
			this.child.send({ id: -1, ask: 'close' });
		});
	}
}

async function createJob(sim: Emulator): Promise<number> {
	const created = await runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: sim.credentials },
		node: { type: 'tanyi', parameters: createParams({ name: 'load' }) },
	});
	if (created.error) throw created.error;
	return Number(created.items[0].json.robotCallJobId);
}

interface Measured {
	label: string;
	leads: number;
	ms: number;
	cpuUsPerLead: number;
	longestBlockMs: number;
	longestTimerLateMs: number;
	longestBusyCpuMs: number;
	nodeLongestSliceMs: number;
	expressionReads: number;
	requests: number;
	connections: number;
	heapBytesPerLead: number;
	ledgerRowBytes: number;
	ledgerEntries: number;
}

async function measure(sim: Emulator, label: string, n: number, parameters: INodeParameters): Promise<Measured> {
	await sim.ask('reset');
	const jobId = await createJob(sim);
	processedData.clear();
	const before = await sim.ask<{ requests: number; connections: number }>('stats');
	const items = leads(n);
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	let last = Date.now();
	let late = 0;
	// main-thread CPU between two ticks of a 5 ms timer: how long the loop was busy, not counting
	// time the OS gave to other processes (this machine is shared)
	const threadCpu = () => {
		const u = (process as unknown as { threadCpuUsage(): { user: number; system: number } }).threadCpuUsage();
		return (u.user + u.system) / 1000;
	};
	let lastCpu = threadCpu();
	let busy = 0;
	const timer = setInterval(() => {
		const now = Date.now();
		const cpuNow = threadCpu();
		late = Math.max(late, now - last - 5);
		busy = Math.max(busy, cpuNow - lastCpu);
		last = now;
		lastCpu = cpuNow;
	}, 5);
	histogram.enable();
	const cpu = process.cpuUsage();
	const started = Date.now();
	const result = await runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: sim.credentials },
		node: { type: 'tanyi', parameters: { resource: 'customer', operation: 'import', jobId: { __rl: true, mode: 'id', value: String(jobId) }, ...parameters } },
		items,
		mode: 'trigger',
		workflowId: `load-${label}-${n}`,
		cloneItems: false,
	});
	const ms = Date.now() - started;
	const used = process.cpuUsage(cpu);
	histogram.disable();
	clearInterval(timer);
	if (result.error) throw result.error;
	const stored = await sim.ask<number>('phones', { job: jobId });
	const after = await sim.ask<{ requests: number; connections: number }>('stats');
	const row = [...processedData.rows.values()][0] ?? '';
	// n8n keeps the ledger in its database, not on its heap
	processedData.clear();
	global.gc?.();
	// what stays while n8n holds this execution's data: input, output, run data
	const heapBytesPerLead = (process.memoryUsage().heapUsed - heapBefore) / n;
	const log = result.logs.find((l) => l.includes('import:')) ?? '';
	const field = (name: string) => Number(new RegExp(`"${name}":(\\d+)`).exec(log)?.[1] ?? NaN);
	if (stored !== n) throw new Error(`stored ${stored} of ${n}`);
	return {
		label,
		leads: n,
		ms,
		cpuUsPerLead: Math.round(((used.user + used.system) / n) * 10) / 10,
		longestBlockMs: Math.round(histogram.max / 1e6),
		longestTimerLateMs: late,
		longestBusyCpuMs: Math.round(busy),
		nodeLongestSliceMs: field('longestSliceMs'),
		expressionReads: field('expressionReads'),
		requests: after.requests - before.requests,
		connections: after.connections - before.connections,
		heapBytesPerLead: Math.round(heapBytesPerLead),
		ledgerRowBytes: Buffer.byteLength(row),
		ledgerEntries: row ? (JSON.parse(row).data as unknown[]).length : 0,
	};
	// (result is dropped here; the next measurement starts from a fresh heap)
}

async function main(): Promise<void> {
	const rows: Measured[] = [];
	const sim = await Emulator.start();
	try {
		for (const n of sizes) rows.push(await measure(sim, 'default mapping', n, {}));
		// a mapping n8n has to evaluate per item (text around the braces): the cost the fast path avoids
		const n = sizes[0];
		rows.push(await measure(sim, 'evaluated mapping', n, { phoneNumber: '={{ $json.phone }} ', customerName: '=Lead {{ $json.name }}' }));
	} finally {
		await sim.close();
	}
	// latency and connections: 2,000 leads, 20 requests, 25 ms per request, then +50 ms per new connection
	for (const [label, options, parallel] of [
		['L=25ms, 1 in flight', { latencyMs: 25 }, 1],
		['L=25ms, 4 in flight', { latencyMs: 25 }, 4],
		['L=25ms +50ms per new connection, 1 in flight', { latencyMs: 25, connectionSetupMs: 50 }, 1],
		['L=25ms +50ms per new connection, 4 in flight', { latencyMs: 25, connectionSetupMs: 50 }, 4],
	] as const) {
		const slow = await Emulator.start(options);
		try {
			rows.push(await measure(slow, label, 2_000, { options: { parallelRequests: parallel } }));
		} finally {
			await slow.close();
		}
	}
	console.table(rows);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
