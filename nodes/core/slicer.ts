import { sleep } from 'n8n-workflow';

/**
 * How long the node keeps n8n's event loop busy before it lets timers, I/O and other workflows
 * run. In a single-process n8n the same loop serves the editor and incoming webhooks.
 */
export const SLICE_MS = 20;

/**
 * Cuts long loops into slices: `tick()` between units of work yields (`sleep(0)`, a timer, so
 * I/O callbacks run too) once the current slice has lasted SLICE_MS. It also keeps the longest
 * slice it saw, for the node's debug log.
 */
export class Slicer {
	private last = Date.now();
	/** the longest stretch between two yields or awaits, in ms (what the node itself saw) */
	longest = 0;
	yields = 0;

	constructor(private readonly signal?: AbortSignal) {}

	async tick(): Promise<void> {
		if (Date.now() - this.last >= SLICE_MS) await this.yield();
	}

	async yield(): Promise<void> {
		this.note();
		this.yields += 1;
		await sleep(0, this.signal);
		this.last = Date.now();
	}

	/** call after an await (a request): the loop was free while it lasted */
	resumed(): void {
		this.last = Date.now();
	}

	/** call before an await: closes the current slice */
	note(): void {
		this.longest = Math.max(this.longest, Date.now() - this.last);
	}

	/** `fn` for every element, yielding between elements as needed */
	async each<T>(list: readonly T[], fn: (value: T, index: number) => void): Promise<void> {
		for (let i = 0; i < list.length; i++) {
			fn(list[i], i);
			await this.tick();
		}
	}
}
