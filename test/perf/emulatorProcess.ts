/**
 * A Tanyi emulator in its own process for test/perf/importLoad.ts, so that its work (it keeps
 * every imported customer) does not run on, or fill the heap of, the process being measured —
 * as a real vendor would not. Options come as JSON in argv[2]; it answers IPC messages.
 */
import { startTanyiSimulator, type TanyiSimOptions } from '../emulators/tanyi';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as TanyiSimOptions;
	const sim = await startTanyiSimulator({ callsPerSecond: 0, tickMs: 0, ...options });
	process.on('message', (message: { id: number; ask: string; job?: number }) => {
		let answer: unknown;
		if (message.ask === 'phones') answer = sim.phonesOf(Number(message.job)).length;
		else if (message.ask === 'stats') answer = { requests: sim.server.log.length, connections: sim.server.connections };
		else if (message.ask === 'reset') {
			sim.reset();
			sim.server.clearLog();
			answer = true;
		} else if (message.ask === 'close') {
			void sim.close().then(() => process.exit(0));
			return;
		}
		process.send?.({ id: message.id, answer });
	});
	process.send?.({ id: 0, answer: sim.credentials });
}

void main();
