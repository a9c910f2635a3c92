/**
 * Issue 10's matrix: every import path × every fault × {Retry On Fail, re-run, retry of the
 * failed execution, restart} → the emulator's job holds each input number exactly once.
 *
 * Each case imports 300 leads in requests of 50; the fault hits the 4th import request. With
 * Retry On Fail the node's own check resolves the fault inside the first attempt (or the next
 * attempt does). For the other three, the vendor is also made unable to say what it stored
 * during the first execution, so that execution fails with an unknown outcome; the next one
 * (a new execution, n8n's retry of the failed one with its stored input, or a run after the
 * node's modules were loaded anew) must finish the job without sending anyone twice.
 * Everything runs through n8n-core's engine against the emulators over HTTP.
 */
import type { FaultMode } from '../../../emulators/shared/http';
import type { RunNodeResult } from '../../../harness';
import type { Session } from '../../../harness/nodeRunner';
import { expectExactly, leads, type ImportPath } from './paths';

const FAULTS: FaultMode[] = ['reset', 'delay', 'commit-then-500', 'commit-then-reset', 'commit-then-envelope-error'];
const N = 300;
const NTH = 4;

function options(fault: FaultMode, parallel: number) {
	// a delayed request outlives the node's timeout; the check waits until the vendor is done
	// (the emulator's delay timer is armed first and fires first: no race on a busy machine)
	return fault === 'delay'
		? { batchSize: 50, parallelRequests: parallel, requestTimeout: 0.1, checkWait: 0.3 }
		: { batchSize: 50, parallelRequests: parallel, requestTimeout: 5, checkWait: 0.05 };
}

function arm(path: ImportPath, fault: FaultMode, blind: boolean): void {
	const server = path.server();
	server.injectFault({ path: path.isImport, nth: NTH, mode: fault, delayMs: 200 });
	if (blind) for (const f of path.blind()) server.injectFault(f);
}

/** what comes after the failed execution */
const NEXT: Record<string, (session: Session, failed: RunNodeResult) => Promise<RunNodeResult>> = {
	'a re-run': (session, failed) => session.run(failed.input),
	"n8n's retry of the failed execution": (session, failed) => session.retry(failed),
	'a restart and a run': (session, failed) => {
		session.restart();
		return session.run(failed.input);
	},
};

const statuses = (items: Array<{ json: { status?: unknown } }>) => [...new Set(items.map((i) => String(i.json.status)))].sort();

/** the whole matrix for one path (one test file per path, so jest runs them side by side) */
export function exactlyOnceMatrix(path: ImportPath): void {
	describe.each([1, 3])(`${path.name}, parallel requests %i`, (parallel) => {
		it.each(FAULTS)('%s: Retry On Fail, then a re-run (production and editor) → each number once', async (fault) => {
			const job = await path.makeJob();
			const input = leads(N);
			const session = path.runner.session(path.params(job, options(fault, parallel)));
			arm(path, fault, false);
			const first = await session.run(input, { retryOnFail: { maxTries: 3, waitBetweenTries: 10 } });
			expect(first.error).toBeUndefined();
			expectExactly(path, job, input);
			expect(statuses(first.items).every((s) => s === 'imported' || s === 'skipped')).toBe(true);

			const before = path.server().requests().filter(path.isImport).length;
			const again = await session.run(input);
			expect(again.error).toBeUndefined();
			expect(statuses(again.items)).toEqual(['skipped']);
			const manual = await session.run(input, { mode: 'manual' });
			expect(statuses(manual.items)).toEqual(['skipped']);
			expect(path.server().requests().filter(path.isImport).length).toBe(before);
			expectExactly(path, job, input);
		});

		describe.each(Object.entries(NEXT))('vendor unable to tell: the execution fails, then %s', (_label, next) => {
			it.each(FAULTS)('%s → each number once', async (fault) => {
				const job = await path.makeJob();
				const input = leads(N);
				const session = path.runner.session(path.params(job, options(fault, parallel)));
				arm(path, fault, true);
				const failed = await session.run(input);
				expect(failed.error).toBeDefined();
				expect(String(failed.error!.description)).toMatch(/may or may not have been accepted/);
				path.server().clearFaults();
				const after = await next(session, failed);
				expect(after.error).toBeUndefined();
				expectExactly(path, job, input);
			});
		});
	});
}
