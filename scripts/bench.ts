/**
 * Benchmark: what users get. A REAL n8n 2.41.1 (its default expression engine; the packed
 * all-in-one package installed into its user folder as users install it; scripts/lib/n8n) runs
 * against the Tanyi emulator (in this process, with a fixed per-request latency), side by side in
 * one run with a raw signed client (one request at a time and 4 in flight) and the
 * "Loop Over Items + HTTP Request" workflow users build without the package.
 *
 *   npm run bench                                  10,000 leads, 20,000 records, L = 25 ms
 *   npm run bench -- --latency 0 --loop 200        the same without latency, a shorter baseline
 *   npm run bench -- --sizes 10000,50000,100000    plus event-loop block and memory per lead
 *
 *   npm run bench -- --only sizes --sizes 100000 --profile   just the sizes, with a CPU profile
 *
 * Counts are exact (the emulator's request log; TCP connections from its server's 'connection'
 * event). Times are wall clock on a shared machine: read them as ratios within one run.
 * Event-loop blocks and memory are measured INSIDE the n8n process by scripts/lib/loop-monitor.js
 * (injected with NODE_OPTIONS=--require): every block over 10 ms with its end time and the
 * main-thread CPU time it used (blocks are reported as CPU time, wall time beside it), and full
 * garbage collections on request. Each block is attributed by its middle to the node that ran then (run
 * data gives each node's start and duration) or to n8n between nodes (building the next node's input,
 * saving run data). From outside, a probe asks /healthz every 20 ms while the node runs. Memory
 * per lead, for the same input once through a NoOp node (n8n's own per-item cost) and once through
 * the import node (their difference is what the node adds), each on a fresh n8n:
 * - retained: in a second pass of its own (so its garbage collections touch no timing or block
 *   figure), the workflow has a "GC point" before the Code node that makes the leads and one right
 *   after the measured node: an HTTP Request node (Execute Once) calling this script, which has the
 *   monitor run a full garbage collection inside n8n and only then answers. So the second
 *   collection happens while the execution, with every node's run data, is still running in
 *   memory. Retained per lead = (heapUsed after the second − after the first) / leads.
 * - peak RSS: VmHWM at the end of the execution minus RSS just before it (garbage included).
 * `--profile` starts n8n with
 * `--cpu-prof` (profiles in <tmp>/callbot-bench-profiles, written when each n8n process stops). Nothing is asserted.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import { startTanyiSimulator, tanyiSignedHeaders, type TanyiSimulator } from '../test/emulators/tanyi';

const stack = require('./lib/stack');
const packaging = require('./packaging');
const n8n = stack.n8n;

type Json = Record<string, any>;

function arg(name: string, fallback: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
const LATENCY_MS = Number(arg('latency', '25'));
const LEADS = Number(arg('leads', '10000'));
const RECORDS = Number(arg('records', '20000'));
const LOOP_LEADS = Number(arg('loop', '500'));
const SIZES = arg('sizes', '')
	.split(',')
	.filter(Boolean)
	.map(Number);
const BATCH = 100;
/** which parts run: `all`, or a comma list of import, loop, read, sizes */
const ONLY = new Set(arg('only', 'all').split(','));
const runs = (part: string) => ONLY.has('all') || ONLY.has(part);
const PROFILE = process.argv.includes('--profile');
const MONITOR_FILE = `${os.tmpdir()}/callbot-bench-loop-${process.pid}.log`;

interface Row {
	label: string;
	requests: number;
	connections: number;
	ms: number;
	/** the raw row this one is compared with */
	vs?: string;
	/** probe: slowest /healthz answer while the node ran */
	probeMs?: number;
	/** n8n's metric over the whole execution */
	lagMs?: number;
	rssMb?: number;
	/** inside n8n: the longest block while the measured node ran / over the whole execution */
	nodeBlockMs?: number;
	nodeBlockWallMs?: number;
	execBlockMs?: number;
	/** where the whole execution's longest block was (a node's name, or "n8n between nodes") */
	execBlockAt?: string;
	afterBlockMs?: number;
	/** VmHWM at the end of the execution minus RSS just before it, per item */
	perLeadBytes?: number;
	/** inside n8n, GC pass: heapUsed after a full GC right after the measured node minus before the leads, per item */
	retainedPerItem?: number;
	/** the same for `external` (Buffers and other memory outside V8's heap) */
	externalPerItem?: number;
	note?: string;
}

const rows: Row[] = [];
let sim: TanyiSimulator;
let server: any;
let jobSeq = 0;
let phoneSeq = 0;

async function signed(path: string, body: unknown): Promise<Json> {
	const res = await fetch(`${sim.credentials.baseUrl}${path}`, {
		method: 'POST',
		headers: { ...tanyiSignedHeaders(sim.credentials), 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json = (await res.json()) as Json;
	if (json.code !== 200) throw new Error(`${path}: ${JSON.stringify(json).slice(0, 300)}`);
	return json;
}

async function createJob(): Promise<number> {
	const json = await signed('/job/create', {
		concurrencyQuota: 2,
		jobPhoneNumberIdList: [348],
		robotCallJob: { name: `bench ${++jobSeq}`, mode: 'MANUAL', dailyStartTime: '09:00', dailyEndTime: '20:00', dialogFlowId: 2, robotCount: 2, phoneType: 'LANDLINE' },
	});
	return json.data.robotCallJobId;
}

/** `n` distinct numbers no other case used */
function phones(n: number): string[] {
	const start = phoneSeq;
	phoneSeq += n;
	return Array.from({ length: n }, (_, i) => `139${String(start + i).padStart(8, '0')}`);
}

/** runs `tasks` with at most `inFlight` at a time */
async function pool(tasks: Array<() => Promise<unknown>>, inFlight: number): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < tasks.length) await tasks[next++]();
		}),
	);
}

function counters(): void {
	sim.server.clearLog();
	sim.server.connections = 0;
}

async function rawImport(leads: number, inFlight: number): Promise<Row> {
	const job = await createJob();
	const numbers = phones(leads);
	counters();
	const started = performance.now();
	const tasks = [];
	for (let i = 0; i < numbers.length; i += BATCH) {
		const customerPersons = numbers.slice(i, i + BATCH).map((phoneNumber, k) => ({ name: `Lead ${i + k}`, phoneNumber }));
		tasks.push(() => signed('/job/importCustomer', { robotCallJobId: job, customerPersons }));
	}
	await pool(tasks, inFlight);
	const ms = performance.now() - started;
	check(sim.phonesOf(job).length === leads, `raw import stored ${sim.phonesOf(job).length} of ${leads}`);
	return { label: `raw client, import ${fmt(leads)} leads, ${inFlight} in flight`, requests: sim.server.log.length, connections: sim.server.connections, ms };
}

async function rawReadAll(job: number, inFlight: number): Promise<Row> {
	counters();
	const started = performance.now();
	const pages = Math.ceil(RECORDS / 100);
	let read = 0;
	await pool(
		Array.from({ length: pages }, (_, i) => async () => {
			const json = await signed('/callRecord/getCallRecordInfoList', { robotCallJobId: job, pageNum: i + 1, pageSize: 100 });
			read += json.data.content.length;
		}),
		inFlight,
	);
	const ms = performance.now() - started;
	check(read === RECORDS, `raw read ${read} of ${RECORDS} records`);
	return { label: `raw client, Return All of ${fmt(RECORDS)} records, ${inFlight} in flight`, requests: sim.server.log.length, connections: sim.server.connections, ms };
}

// ---- n8n -----------------------------------------------------------------------------------

const credentials = { tanyiApi: { id: null, name: 'Tanyi account' } };
const START = { id: 'b0000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
let workflowSeq = 0;

function leadsNode(numbers: { first: string; n: number }): Json {
	const offset = Number(numbers.first.slice(3));
	return {
		id: 'b0000000-0000-4000-8000-000000000002',
		name: 'Leads',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: { jsCode: `return Array.from({ length: ${numbers.n} }, (_, i) => ({ json: { phone: '139' + String(${offset} + i).padStart(8, '0'), name: 'Lead ' + i } }));` },
	};
}

function chain(name: string, nodes: Json[], extra: Json = {}): Json {
	const connections: Json = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name: `${name} #${++workflowSeq}`, nodes, connections: { ...connections, ...extra }, settings: { executionOrder: 'v1' } };
}

function status(pid: number): Json {
	const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
	return { hwmMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

async function lagMetricMs(): Promise<number> {
	const res = await n8n.httpRequest('GET', `${server.url}/metrics`, undefined, { accept: 'text/plain' });
	const m = /^\w*nodejs_eventloop_lag_max_seconds\s+([0-9.eE+-]+)/m.exec(String(res.body));
	return m ? Number(m[1]) * 1000 : NaN;
}

/** asks /healthz every 20 ms; keeps each answer's send time and duration */
function startProbe(): { stop: () => Promise<Array<{ at: number; ms: number }>> } {
	const samples: Array<{ at: number; ms: number }> = [];
	let running = true;
	const loop = (async () => {
		while (running) {
			const at = Date.now();
			const t = performance.now();
			try {
				await fetch(`${server.url}/healthz`);
			} catch {
				/* counted by its duration */
			}
			samples.push({ at, ms: performance.now() - t });
			await new Promise((r) => setTimeout(r, 20));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return samples;
		},
	};
}

interface Monitor {
	/** ms: wall-clock length; cpu: main-thread CPU time in it (the rest: the OS ran other processes) */
	blocks: Array<{ end: number; ms: number; cpu: number }>;
	/** full garbage collections the bench asked for (gcInN8n) */
	gcs: GcLine[];
}

interface GcLine {
	tag: string;
	at: number;
	rss: number;
	heap: number;
	external: number;
	/** how long the collection blocked n8n (never written as a block) */
	ms: number;
}

/** the monitor's lines of the n8n main process since byte `from` */
function readMonitor(from: number): Monitor {
	const out: Monitor = { blocks: [], gcs: [] };
	const text = fs.readFileSync(MONITOR_FILE, 'utf8').slice(from);
	for (const line of text.split('\n')) {
		const [kind, pid, ...v] = line.split(' ');
		if (Number(pid) !== server.pid) continue;
		if (kind === 'b') out.blocks.push({ end: Number(v[0]), ms: Number(v[1]), cpu: Number(v[2]) });
		else if (kind === 'g') out.gcs.push({ at: Number(v[0]), tag: v[1], rss: Number(v[2]), heap: Number(v[3]), external: Number(v[4]), ms: Number(v[5]) });
	}
	return out;
}

/**
 * A full garbage collection inside the n8n main process (scripts/lib/loop-monitor.js does it when
 * its request file appears): resolves with heapUsed / rss / external after it.
 */
async function gcInN8n(tag: string): Promise<GcLine> {
	const request = `${MONITOR_FILE}.gc-${server.pid}`;
	const from = fs.statSync(MONITOR_FILE).size;
	fs.writeFileSync(`${request}.tmp`, tag);
	fs.renameSync(`${request}.tmp`, request); // the monitor never reads half a tag
	for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
		await new Promise((r) => setTimeout(r, 20));
		const line = readMonitor(from).gcs.find((g) => g.tag === tag);
		if (line) return line;
	}
	throw new Error(`bench: n8n (pid ${server.pid}) did not collect garbage for "${tag}" within 2 minutes`);
}

/** what the GC points of the running workflows measured, by tag */
const gcPoints = new Map<string, GcLine>();
let gcPointUrl = '';
let gcPointSeq = 0;

/**
 * The bench's end of a GC point: `GET /gc?tag=…` runs the collection inside n8n and answers only
 * after it, so the workflow (and its run data) is held exactly where the GC point stands.
 */
async function startGcPointServer(): Promise<http.Server> {
	const gcServer = http.createServer((req, res) => {
		const tag = new URL(req.url ?? '/', 'http://localhost').searchParams.get('tag') ?? '';
		gcInN8n(tag).then(
			(line) => {
				gcPoints.set(tag, line);
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tag, heapUsed: line.heap }));
			},
			(error) => res.writeHead(500).end(String(error)),
		);
	});
	await new Promise<void>((resolve) => gcServer.listen(0, '127.0.0.1', resolve));
	gcPointUrl = `http://127.0.0.1:${(gcServer.address() as { port: number }).port}/gc`;
	return gcServer;
}

/** an HTTP Request node (Execute Once: one call whatever its input) asking for a GC point */
function gcPointNode(id: string, name: string, tag: string): Json {
	return { id, name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [0, 200], executeOnce: true, parameters: { url: `${gcPointUrl}?tag=${tag}`, options: {} } };
}

/**
 * `nodes` (Start, Leads, measured) with a GC point before Leads and one after the measured node;
 * `perItem` then reads the heap they held per item (after − before).
 */
function withGcPoints(nodes: Json[]): { nodes: Json[]; perItem: (items: number) => Pick<Row, 'retainedPerItem' | 'externalPerItem'> } {
	const tag = `case${++gcPointSeq}`;
	const [start, leads, ...rest] = nodes;
	const points = [
		gcPointNode('b0000000-0000-4000-8000-00000000000a', 'GC before', `${tag}-before`),
		gcPointNode('b0000000-0000-4000-8000-00000000000b', 'GC after', `${tag}-after`),
	];
	return {
		nodes: [start, points[0], leads, ...rest, points[1]],
		perItem: (items) => {
			const before = gcPoints.get(`${tag}-before`);
			const after = gcPoints.get(`${tag}-after`);
			check(before !== undefined && after !== undefined, `GC points of ${tag} did not answer`);
			return { retainedPerItem: (after!.heap - before!.heap) / items, externalPerItem: (after!.external - before!.external) / items };
		},
	};
}

/**
 * The longest block whose middle lies in [from, to] (a block is one task: its middle says whose),
 * as main-thread CPU time (what the code kept the loop busy with, GC included; a loaded machine
 * stretches the wall clock by descheduling, which no code can avoid), and its wall-clock length.
 */
function longestBlock(m: Monitor, from: number, to: number, key: 'cpu' | 'ms' = 'cpu'): number {
	return Math.max(0, ...m.blocks.filter((b) => b.end - b.ms / 2 >= from && b.end - b.ms / 2 <= to).map((b) => b[key]));
}

/** which node (or n8n between nodes) ran when the execution's longest block happened */
function blockPlace(m: Monitor, exec: Json, from: number, to: number): string {
	const inside = m.blocks.filter((b) => b.end - b.ms / 2 >= from && b.end - b.ms / 2 <= to);
	if (inside.length === 0) return '—';
	const worst = inside.reduce((a, b) => (b.cpu > a.cpu ? b : a));
	const mid = worst.end - worst.ms / 2;
	for (const [name, tasks] of Object.entries(exec.runData as Json)) {
		for (const t of tasks as Json[]) if (mid >= t.startTime && mid <= t.startTime + t.executionTime) return name;
	}
	return 'n8n between nodes';
}

/** imports `wf`, runs it as the editor does, measures node `measured` */
interface InN8n {
	exec: Json;
	ms: number;
	probeMs: number;
	lagMs: number;
	rssMb: number;
	rssBeforeMb: number;
	nodeBlockMs: number;
	nodeBlockWallMs: number;
	execBlockMs: number;
	execBlockAt: string;
	/** after the execution stopped: n8n saving it, then serving it to the bench */
	afterBlockMs: number;
}

async function runInN8n(wf: Json, measured: string): Promise<InN8n> {
	const [id] = await server.importWorkflows([wf]);
	counters();
	// a settled heap before the case (n8n's own idle garbage, the previous case's executions)
	await new Promise((r) => setTimeout(r, 1500));
	fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5'); // restart VmHWM from the current RSS
	const rssBeforeMb = status(server.pid).rssMb;
	const monitorFrom = fs.statSync(MONITOR_FILE).size;
	await lagMetricMs(); // restarts n8n's event-loop histogram
	const probe = startProbe();
	const exec = await server.runManually(id, { timeoutMs: 60 * 60_000 });
	const lagMs = await lagMetricMs();
	const samples = await probe.stop();
	const task = exec.runData[measured][0];
	const from = task.startTime;
	const to = task.startTime + task.executionTime;
	// a probe answer overlapping the node's run
	const probeMs = Math.max(0, ...samples.filter((s) => s.at <= to && s.at + s.ms >= from).map((s) => s.ms));
	const m = readMonitor(monitorFrom);
	const execFrom = new Date(exec.startedAt).getTime();
	const execTo = new Date(exec.stoppedAt).getTime();
	return {
		exec,
		ms: task.executionTime,
		probeMs,
		lagMs,
		rssMb: status(server.pid).hwmMb,
		rssBeforeMb,
		nodeBlockMs: longestBlock(m, from, to),
		nodeBlockWallMs: longestBlock(m, from, to, 'ms'),
		execBlockMs: longestBlock(m, execFrom, execTo),
		execBlockAt: blockPlace(m, exec, execFrom, execTo),
		afterBlockMs: longestBlock(m, execTo + 1, Date.now()),
	};
}

/** the in-process figures of a run, per item */
function inside(r: InN8n): Pick<Row, 'nodeBlockMs' | 'nodeBlockWallMs' | 'execBlockMs' | 'execBlockAt' | 'afterBlockMs'> {
	return { nodeBlockMs: r.nodeBlockMs, nodeBlockWallMs: r.nodeBlockWallMs, execBlockMs: r.execBlockMs, execBlockAt: r.execBlockAt, afterBlockMs: r.afterBlockMs };
}

/** what every n8n row reports: the node's wall time, the outside probes, memory, the inside figures */
function measured(r: InN8n, items: number): Pick<Row, 'ms' | 'probeMs' | 'lagMs' | 'rssMb'> & ReturnType<typeof inside> & { perLeadBytes: number } {
	return { ms: r.ms, probeMs: r.probeMs, lagMs: r.lagMs, rssMb: r.rssMb, perLeadBytes: ((r.rssMb - r.rssBeforeMb) * 2 ** 20) / items, ...inside(r) };
}

/**
 * Runs Start → Leads → `node` (the measured one). `retained`: the GC pass (GC points around them,
 * see withGcPoints): then only the retained heap is reported, no time, block or peak, since the
 * collections themselves stop the loop.
 */
async function measureCase(title: string, leadsOf: { first: string; n: number }, node: Json, retained: boolean): Promise<{ r: InN8n; figures: Partial<Row> }> {
	let nodes = [START, leadsNode(leadsOf), node];
	let perItem: ((items: number) => Partial<Row>) | undefined;
	if (retained) ({ nodes, perItem } = withGcPoints(nodes));
	const r = await runInN8n(chain(title, nodes), node.name);
	return { r, figures: perItem ? perItem(leadsOf.n) : measured(r, leadsOf.n) };
}

/** n8n's own cost of the same input: Leads → NoOp, nothing of ours */
async function noOpBaseline(leads: number, retained = false): Promise<Row> {
	const numbers = phones(leads);
	const noOp = { id: 'b0000000-0000-4000-8000-000000000007', name: 'No Operation', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [400, 0], parameters: {} };
	const { r, figures } = await measureCase('bench noop', { first: numbers[0], n: leads }, noOp, retained);
	check(r.exec.output('No Operation').length === leads, `noop passed ${r.exec.output('No Operation').length} of ${leads}`);
	return { label: `n8n alone: the same ${fmt(leads)} items through a NoOp node`, requests: 0, connections: 0, ms: NaN, ...figures };
}

async function nodeImport(leads: number, parallel: number, retained = false): Promise<Row> {
	const job = await createJob();
	const numbers = phones(leads);
	const { r, figures } = await measureCase(
		'bench import',
		{ first: numbers[0], n: leads },
		{
			id: 'b0000000-0000-4000-8000-000000000003',
			name: 'Import',
			type: stack.TYPES.tanyi,
			typeVersion: 1,
			position: [400, 0],
			credentials,
			parameters: {
				resource: 'customer',
				operation: 'import',
				jobId: { __rl: true, mode: 'id', value: String(job) },
				phoneNumber: '={{ $json.phone }}',
				customerName: '={{ $json.name }}',
				variablesFrom: 'none',
				options: { parallelRequests: parallel },
			},
		},
		retained,
	);
	const out = r.exec.output('Import');
	check(out.length === leads && out.every((o: Json) => o.status === 'imported'), `node import: ${out.length} outputs, statuses ${[...new Set(out.map((o: Json) => o.status))]}`);
	check(sim.phonesOf(job).length === leads, `node import stored ${sim.phonesOf(job).length} of ${leads}`);
	return {
		label: `our node, import ${fmt(leads)} leads, Parallel Requests ${parallel}`,
		requests: sim.server.log.length,
		connections: sim.server.connections,
		ms: NaN,
		...figures,
	};
}

async function nodeReadAll(job: number, parallel: number): Promise<Row> {
	const wf = chain('bench read', [
		START,
		{
			id: 'b0000000-0000-4000-8000-000000000004',
			name: 'Call Records',
			type: stack.TYPES.tanyi,
			typeVersion: 1,
			position: [200, 0],
			credentials,
			parameters: { resource: 'callRecord', operation: 'getMany', jobId: { __rl: true, mode: 'id', value: String(job) }, returnAll: true, parallelPages: parallel },
		},
	]);
	const r = await runInN8n(wf, 'Call Records');
	const out = r.exec.output('Call Records');
	check(out.length === RECORDS, `node read ${out.length} of ${RECORDS}`);
	return { label: `our node, Return All of ${fmt(RECORDS)} records, Parallel Page Requests ${parallel}`, requests: sim.server.log.length, connections: sim.server.connections, ...measured(r, RECORDS) };
}

/** n8n's HTTP Request node posting `jsonBody` to Tanyi's import with the Tanyi credential */
function httpImportNode(id: string, position: number[], jsonBody: string): Json {
	return {
		id,
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		credentials,
		parameters: {
			method: 'POST',
			url: `${sim.credentials.baseUrl}/job/importCustomer`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'tanyiApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	};
}

/**
 * n8n's own request path without our node: its HTTP Request node sends the same 100 signed
 * imports of 100 leads each (one input item per request, the bodies built by a Code node), with
 * the Tanyi credential through the same helper. It starts every item's request at once (its
 * batching only spaces the starts, it never waits for answers), so this is n8n's floor for these
 * 100 requests at any parallelism: what n8n itself adds per request.
 */
async function httpNodeImport(leads: number): Promise<Row> {
	const job = await createJob();
	const numbers = phones(leads);
	const offset = Number(numbers[0].slice(3));
	const bodies = {
		id: 'b0000000-0000-4000-8000-000000000008',
		name: 'Bodies',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [200, 0],
		parameters: {
			jsCode: `return Array.from({ length: ${Math.ceil(leads / BATCH)} }, (_, r) => ({ json: { body: { robotCallJobId: ${job}, customerPersons: Array.from({ length: Math.min(${BATCH}, ${leads} - r * ${BATCH}) }, (_, k) => ({ name: 'Lead ' + (r * ${BATCH} + k), phoneNumber: '139' + String(${offset} + r * ${BATCH} + k).padStart(8, '0') })) } } }));`,
		},
	};
	const http = httpImportNode('b0000000-0000-4000-8000-000000000009', [400, 0], '={{ JSON.stringify($json.body) }}');
	const r = await runInN8n(chain('bench http node', [START, bodies, http]), 'HTTP Request');
	check(sim.phonesOf(job).length === leads, `HTTP Request node stored ${sim.phonesOf(job).length} of ${leads}`);
	return {
		label: `n8n's HTTP Request node, the same ${fmt(Math.ceil(leads / BATCH))} signed imports of ${fmt(leads)} leads, all at once (n8n's floor)`,
		requests: sim.server.log.length,
		connections: sim.server.connections,
		...measured(r, leads),
	};
}

/** Loop Over Items (batch 1) + HTTP Request with the Tanyi credential: one request per lead */
async function loopBaseline(leads: number): Promise<Row> {
	const job = await createJob();
	const numbers = phones(leads);
	const http = httpImportNode(
		'b0000000-0000-4000-8000-000000000006',
		[600, 100],
		`={{ JSON.stringify({ robotCallJobId: ${job}, customerPersons: [{ name: $json.name, phoneNumber: $json.phone }] }) }}`,
	);
	const loop = { id: 'b0000000-0000-4000-8000-000000000005', name: 'Loop Over Items', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [400, 0], parameters: { batchSize: 1, options: {} } };
	const wf = chain('bench loop', [START, leadsNode({ first: numbers[0], n: leads }), loop], {
		'Loop Over Items': { main: [[], [{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		'HTTP Request': { main: [[{ node: 'Loop Over Items', type: 'main', index: 0 }]] },
	});
	wf.nodes.push(http);
	const r = await runInN8n(wf, 'Leads');
	const exec = r.exec;
	// from the first loop run to the end of the execution
	const loopStart = exec.runData['Loop Over Items'][0].startTime;
	const ms = new Date(exec.stoppedAt).getTime() - loopStart;
	check(sim.phonesOf(job).length === leads, `loop baseline stored ${sim.phonesOf(job).length} of ${leads}`);
	return {
		label: `Loop Over Items + HTTP Request, ${fmt(leads)} leads`,
		requests: sim.server.log.length,
		connections: sim.server.connections,
		ms,
		lagMs: r.lagMs,
		rssMb: r.rssMb,
	};
}

// ---- output ----------------------------------------------------------------------------------

function check(ok: boolean, what: string): void {
	if (!ok) throw new Error(`bench: ${what}`);
}
function fmt(n: number): string {
	return n.toLocaleString('en-US');
}
const ms = (v?: number) => (v === undefined || Number.isNaN(v) ? '—' : `${fmt(Math.round(v))} ms`);

const bytes = (v?: number) => (v === undefined || Number.isNaN(v) ? '—' : `${fmt(Math.round(v))} B`);

function table(): string {
	const byLabel = new Map(rows.map((r) => [r.label, r]));
	const lines = [
		'| case | requests | TCP connections | wall time | vs raw client | longest block while the node ran (inside n8n: CPU / wall) | longest block, whole execution (inside n8n, CPU; where) | probe (/healthz) while the node ran | n8n peak RSS |',
		'|---|---|---|---|---|---|---|---|---|',
	];
	for (const r of rows) {
		const base = r.vs ? byLabel.get(r.vs) : undefined;
		lines.push(
			`| ${r.label}${r.note ? ` (${r.note})` : ''} | ${fmt(r.requests)} | ${fmt(r.connections)} | ${ms(r.ms)} | ${base ? `${(r.ms / base.ms).toFixed(2)}×` : '—'} | ${r.nodeBlockMs === undefined ? '—' : `${ms(r.nodeBlockMs)} / ${ms(r.nodeBlockWallMs)}`} | ${r.execBlockMs === undefined ? '—' : `${ms(r.execBlockMs)} (${r.execBlockAt})`} | ${ms(r.probeMs)} | ${r.rssMb === undefined ? '—' : `${fmt(Math.round(r.rssMb))} MB`} |`,
		);
	}
	return lines.join('\n');
}

async function main(): Promise<void> {
	const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
	sim = await startTanyiSimulator({ callsPerSecond: 0, tickMs: 0, latencyMs: LATENCY_MS });
	log(`emulator ${sim.url}, latency ${LATENCY_MS} ms; building and packing the package`);
	const built = packaging.ensureBuilt({ log: () => undefined });
	const tarball = built.find((p: Json) => p.name === stack.PACKAGE_NAME).tarball;
	await n8n.provision({ log: () => undefined });
	const userFolder = await n8n.createUserFolder({ packageTarballs: [tarball], parentDir: stack.CACHE });
	const profileDir = `${os.tmpdir()}/callbot-bench-profiles`;
	const nodeOptions = [`--require ${require.resolve('./lib/loop-monitor.js')}`, ...(PROFILE ? [`--cpu-prof --cpu-prof-dir ${profileDir}`] : [])];
	fs.writeFileSync(MONITOR_FILE, '');
	let gcServer: http.Server | undefined;
	const loads: string[] = [];
	const load = () => loads.push(os.loadavg()[0].toFixed(1));
	try {
		gcServer = await startGcPointServer();
		server = await n8n.startMain(userFolder, {
			env: { N8N_METRICS: 'true', N8N_METRICS_INCLUDE_DEFAULT_METRICS: 'true', NODE_OPTIONS: nodeOptions.join(' '), CALLBOT_LOOP_MONITOR: MONITOR_FILE },
		});
		await server.assertPackageLoaded({ packageName: stack.PACKAGE_NAME, nodeTypes: [stack.TYPES.tanyi] });
		await server.importCredentials([{ name: 'Tanyi account', type: 'tanyiApi', data: { ...sim.credentials } }]);
		log(`n8n ${server.url} (pid ${server.pid}) is up${PROFILE ? `, CPU profiles into ${profileDir}` : ''}`);

		if (runs('import')) {
			load();
			// raw and node alternate, so a change of the machine's load hits both alike
			const raw1 = await rawImport(LEADS, 1);
			const seq = await nodeImport(LEADS, 1);
			log('imports, 1 in flight, done');
			const raw4 = await rawImport(LEADS, 4);
			const http = await httpNodeImport(LEADS);
			const par = await nodeImport(LEADS, 4);
			rows.push(raw1, { ...seq, vs: raw1.label }, raw4, { ...http, vs: raw4.label }, { ...par, vs: raw4.label });
			rows.push({ ...par, label: `${par.label}, vs n8n's HTTP Request node (the row above it)`, vs: http.label });
			log('imports, 4 in flight, done');
			load();
		}
		if (runs('loop')) {
			const loop = await loopBaseline(LOOP_LEADS);
			rows.push({ ...loop, vs: undefined });
			const raw1 = rows.find((r) => r.label.startsWith('raw client, import') && r.label.endsWith(', 1 in flight'));
			const loopPerLead = loop.ms / LOOP_LEADS;
			rows.push({
				label: `Loop Over Items + HTTP Request, ${fmt(LEADS)} leads (extrapolated ×${LEADS / LOOP_LEADS} from the row above)`,
				requests: LEADS,
				connections: Math.round((loop.connections * LEADS) / LOOP_LEADS),
				ms: loopPerLead * LEADS,
				vs: raw1?.label,
			});
			log('loop baseline done');
			load();
		}

		if (runs('read')) {
			// records to read: a job of RECORDS finished calls
			const job = await createJob();
			const numbers = phones(RECORDS);
			await pool(
				Array.from({ length: Math.ceil(RECORDS / BATCH) }, (_, i) => () =>
					signed('/job/importCustomer', { robotCallJobId: job, customerPersons: numbers.slice(i * BATCH, (i + 1) * BATCH).map((phoneNumber) => ({ name: 'R', phoneNumber })) }),
				),
				8,
			);
			await signed('/job/start', { robotCallJobId: job });
			sim.completeCalls(job);
			// each compared with the raw client at the same number of pages in flight, alternating
			const read1 = await rawReadAll(job, 1);
			const node1 = await nodeReadAll(job, 1);
			const read4 = await rawReadAll(job, 4);
			const node4 = await nodeReadAll(job, 4);
			rows.push(read1, { ...node1, vs: read1.label }, read4, { ...node4, vs: read4.label });
			log('reads done');
			load();
		}

		// memory is compared on a fresh n8n per case (after a small warm-up run of the same
		// workflow), so no earlier case's heap or garbage is counted
		const fresh = async (warmUp: () => Promise<unknown>) => {
			server = await n8n.restartMain(server);
			await warmUp();
		};
		const sizes: Array<{ leads: number; row: Row; noop: Row; kept: Row; noopKept: Row }> = [];
		for (const size of runs('sizes') ? SIZES : []) {
			load();
			await fresh(() => noOpBaseline(100));
			const noop = await noOpBaseline(size);
			await fresh(() => nodeImport(100, 4));
			const row = await nodeImport(size, 4);
			// the GC pass, apart: its collections stop n8n's loop, so it gives memory only
			await fresh(() => noOpBaseline(100, true));
			const noopKept = await noOpBaseline(size, true);
			await fresh(() => nodeImport(100, 4, true));
			const kept = await nodeImport(size, 4, true);
			sizes.push({ leads: size, row, noop, kept, noopKept });
			log(`size ${size} done`);
			load();
		}

		console.log(`\nBenchmark: n8n 2.41.1 (${process.env.N8N_EXPRESSION_ENGINE ?? 'default'} expression engine), packed package; Tanyi emulator latency ${LATENCY_MS} ms;`);
		console.log(`${os.cpus().length} cores, 1-minute load during the cases ${loads.join(', ')}; at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; Node ${process.version}, ${new Date().toISOString()}\n`);
		if (rows.length > 0) console.log(table());
		if (sizes.length > 0) {
			console.log('\nSizes, Parallel Requests 4. "n8n alone" = the same items, made by the same Code node, through a NoOp node instead of ours. Every case on a fresh n8n; times, blocks and peaks from one pass, retained memory from a second pass of its own (its garbage collections stop the loop).\n');
			console.log(
				'| leads | requests | TCP connections | wall time of the node | longest block while our node ran (CPU / wall) | longest block while NoOp ran (CPU / wall) | longest block, whole execution (CPU): ours (where) | n8n alone (where) | after the execution (n8n saving it, serving it back): ours | n8n alone | retained heap per lead (heapUsed after a full GC inside n8n right after the node, the execution still running, minus after one just before the Code node made the leads): n8n alone | with our node | added by our node | the same outside the heap (`external`), added by our node | peak RSS growth per lead (VmHWM at the end minus RSS before; garbage included): n8n alone | with our node | added by our node |',
			);
			console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
			const minus = (a?: number, b?: number) => (a === undefined || b === undefined ? NaN : a - b);
			for (const { leads, row, noop, kept, noopKept } of sizes) {
				console.log(
					`| ${fmt(leads)} | ${fmt(row.requests)} | ${fmt(row.connections)} | ${ms(row.ms)} | ${ms(row.nodeBlockMs)} / ${ms(row.nodeBlockWallMs)} | ${ms(noop.nodeBlockMs)} / ${ms(noop.nodeBlockWallMs)} | ${ms(row.execBlockMs)} (${row.execBlockAt}) | ${ms(noop.execBlockMs)} (${noop.execBlockAt}) | ${ms(row.afterBlockMs)} | ${ms(noop.afterBlockMs)} | ${bytes(noopKept.retainedPerItem)} | ${bytes(kept.retainedPerItem)} | **${bytes(minus(kept.retainedPerItem, noopKept.retainedPerItem))}** | ${bytes(minus(kept.externalPerItem, noopKept.externalPerItem))} | ${bytes(noop.perLeadBytes)} | ${bytes(row.perLeadBytes)} | ${bytes(minus(row.perLeadBytes, noop.perLeadBytes))} |`,
				);
			}
		}
		console.log('\nConnections: n8n\'s request helper (httpRequest → axios) builds a new http(s).Agent per request, so every request opens its own TCP connection; a node cannot pass an agent and `agentOptions.keepAlive` does not reuse sockets across requests (see README, Performance).');
	} finally {
		await server?.stop();
		gcServer?.closeAllConnections();
		gcServer?.close();
		await sim.close();
		n8n.removeUserFolder(userFolder);
		fs.rmSync(MONITOR_FILE, { force: true });
		for (const f of fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`callbot-bench-loop-${process.pid}.log.gc-`))) fs.rmSync(`${os.tmpdir()}/${f}`, { force: true });
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
