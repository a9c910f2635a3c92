/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { type ByrobotSimulator, startByrobotSimulator } from '.';
import { client, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	let sim: ByrobotSimulator;

	let api: ReturnType<typeof client>;

	beforeAll(async () => {
		sim = await startByrobotSimulator({ callsPerSecond: 0, seed: 7, callbackRetryDelaysMs: [20, 20, 20, 20, 20] });
		api = client(sim);
	});

	afterAll(async () => {
		await sim.close();
	});

	beforeEach(() => {
		sim.reset();
		sim.setCallbackUrl(undefined);
		sim.server.clearLog();
	});

	describe('HTTP shape', () => {
		it('rejects the wrong method, unknown paths and non-JSON POST bodies like Spring would', async () => {
			expect((await api('GET', `${V1}/task/createTask`)).status).toBe(405);
			expect((await api('GET', `${V1}/task/nope`)).status).toBe(404);
			const r = await api('POST', `${V1}/task/start`, { taskId: 1 }, { contentType: 'text/plain' });
			expect(r.status).toBe(415);
		});
	});
});
