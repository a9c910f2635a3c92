/** An HTTP client for the Autodialer emulator's tests. */
import { type AutodialerSimOptions, AutodialerSimulator, startAutodialerSimulator } from '.';

/** starts the emulator for this test file and resets it before each test */
export function useEmulator(): void {
	beforeAll(async () => {
		sim = await startAutodialerSimulator({ callsPerSecond: 0 });
		api = client(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.server.clearLog();
		sim.server.clearFaults();
	});
}

export const TOKEN = 'sim-autodialer-token';

export const LINE_RESIDUE_0 = '5b1c0e2a-0d4f-4b8e-9a51-000000000000';

export const LINE_RESIDUE_1 = '37d73edf-4628-4cf1-8beb-758433fd0aab';

export const LINE_RESIDUE_5 = '83f180c4-00f3-4aaa-bc41-6cba4493e892';

export const LINE_RESIDUE_30 = 'af69c544-a170-4a2d-b740-20bf66cc7ff4';

export function validTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		caller_line_id: LINE_RESIDUE_5,
		destination_extension: 1197,
		disable_dial_timegroup: '146979fe-3864-4817-ad76-13b37f43bb1c',
		maximumcall: 3,
		name: '测试任务',
		random_assignment_number: 0,
		recycle_limit: 0,
		_originate_timeout: 60,
		call_pause_second: 10,
		auto_recycle_rule_id: 103,
		...overrides,
	};
}

export interface Api {
	(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{
		status: number;
		json: any;
		text: string;
		contentType: string;
	}>;
}

export function client(sim: AutodialerSimulator, auth: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }): Api {
	return async (method, path, body, headers = {}) => {
		const response = await fetch(sim.url + path, {
			method,
			headers: {
				...auth,
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
		});
		const text = await response.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text, contentType: response.headers.get('content-type') ?? '' };
	};
}

export async function withSim(
	opts: AutodialerSimOptions,
	fn: (sim: AutodialerSimulator) => Promise<void>,
): Promise<void> {
	const sim = await startAutodialerSimulator(opts);
	try {
		await fn(sim);
	} finally {
		await sim.close();
	}
}

export let sim: AutodialerSimulator;

export let api: Api;

export async function createTask(overrides: Record<string, unknown> = {}): Promise<any> {
	const res = await api('POST', '/v1/task', validTask(overrides));
	expect(res.status).toBe(200);
	return res.json;
}
