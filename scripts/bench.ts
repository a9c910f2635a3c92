/**
 * Benchmark: bulk work through n8n's real engine against the local Tanyi emulator.
 * Prints exact request counts, wall times, per-item cost and memory. Times are for reading
 * side by side within one run (machines are shared and noisy); nothing here is asserted.
 *
 *   npm run bench            (10,000 leads; BENCH_ITEMS=50000 npm run bench for more)
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { TanyiApi } from '../credentials/TanyiApi.credentials';
import { Tanyi } from '../nodes/Tanyi/Tanyi.node';
import { runNode } from '../test/harness';
import { startTanyiSimulator, type TanyiSimulator } from '../test/emulators/tanyi';

const N = Number(process.env.BENCH_ITEMS ?? 10_000);

async function measure(
	sim: TanyiSimulator,
	label: string,
	parameters: INodeParameters,
	items: INodeExecutionData[],
): Promise<{ label: string; ms: number; requests: number; outputs: number; heapMb: number }> {
	sim.server.clearLog();
	global.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	const started = process.hrtime.bigint();
	const result = await runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: sim.credentials },
		node: { type: 'tanyi', parameters },
		items,
	});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.error) throw result.error;
	const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
	return { label, ms, requests: sim.server.log.length, outputs: result.items.length, heapMb };
}

async function main(): Promise<void> {
	const sim = await startTanyiSimulator({ callsPerSecond: 0 });
	const leads = Array.from({ length: N }, (_, i) => ({
		json: { phone: `139${String(i).padStart(8, '0')}`, name: `Lead ${i}`, amount: String(i % 500) } as IDataObject,
	}));
	const create = await runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: sim.credentials },
		node: {
			type: 'tanyi',
			parameters: { resource: 'job', operation: 'create', name: 'bench', dialogFlowId: '2', jobPhoneNumberIdList: ['348'], concurrencyQuota: 5, robotCount: 5 },
		},
	});
	if (create.error) throw create.error;
	const jobId = String(create.items[0].json.robotCallJobId);
	const job = { __rl: true, mode: 'id', value: jobId };

	const rows = [];
	rows.push(await measure(sim, `import ${N} leads, sync (100/request)`, { resource: 'customer', operation: 'import', jobId: job, variablesFrom: 'itemFields', variableFields: 'amount' }, leads));
	rows.push(
		await measure(
			sim,
			`import ${N} leads, async (5,000/request)`,
			{ resource: 'customer', operation: 'import', jobId: job, variablesFrom: 'itemFields', variableFields: 'amount', options: { importMode: 'async', batchSize: 5000 } },
			leads,
		),
	);
	await runNode({
		nodeTypes: [new Tanyi()],
		credentialTypes: [new TanyiApi()],
		credentials: { tanyiApi: sim.credentials },
		node: { type: 'tanyi', parameters: { resource: 'job', operation: 'start', jobId: job } },
	});
	sim.completeCalls(Number(jobId));
	rows.push(await measure(sim, `read all call records (Return All)`, { resource: 'callRecord', operation: 'getMany', jobId: job, returnAll: true }, [{ json: {} }]));
	rows.push(
		await measure(sim, `read all call records, simplified`, { resource: 'callRecord', operation: 'getMany', jobId: job, returnAll: true, simplify: true }, [{ json: {} }]),
	);
	await sim.close();

	const base = rows[0].ms;
	console.log(`\nBenchmark (Node ${process.version}, ${N} items, emulator on loopback)\n`);
	console.log('operation                                   requests  outputs   time ms  ms/1k items  vs first  heap Δ MB');
	for (const r of rows) {
		console.log(
			`${r.label.padEnd(44)}${String(r.requests).padStart(8)}${String(r.outputs).padStart(9)}${r.ms.toFixed(0).padStart(10)}` +
				`${((r.ms / Math.max(r.outputs, 1)) * 1000).toFixed(1).padStart(13)}${(r.ms / base).toFixed(2).padStart(10)}${r.heapMb.toFixed(1).padStart(11)}`,
		);
	}
	console.log(`\npeak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
