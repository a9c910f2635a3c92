/**
 * The Byrobot emulator itself, over real HTTP: it must refuse what the vendor refuses (seeds
 * 001, 002, VENDORS.md §2).
 */
import { api, useEmulator, V1 } from './testHelpers';

describe('Byrobot emulator', () => {
	useEmulator();

	describe('HTTP shape', () => {
		it('rejects the wrong method, unknown paths and non-JSON POST bodies like Spring would', async () => {
			expect((await api('GET', `${V1}/task/createTask`)).status).toBe(405);
			expect((await api('GET', `${V1}/task/nope`)).status).toBe(404);
			const r = await api('POST', `${V1}/task/start`, { taskId: 1 }, { contentType: 'text/plain' });
			expect(r.status).toBe(415);
		});
	});
});
