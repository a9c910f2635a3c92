/**
 * Standalone launcher for the vendor emulators: `npm run simulator`.
 *
 * Starts every emulator in `starters` on a fixed loopback port (overridable per emulator by
 * environment variable), prints its URL and ready-to-paste credentials, and closes all of
 * them cleanly on Ctrl-C / SIGTERM. To add an emulator, append one entry to `starters`.
 */
import { startTanyiSimulator } from './tanyi';
import { startByrobotSimulator } from './byrobot';
import { startAutodialerSimulator } from './autodialer';

interface StartedEmulator {
	url: string;
	/** credential data exactly as the n8n credential type expects it */
	credentials: Record<string, string>;
	notes?: string[];
	close(): Promise<void>;
}

interface Starter {
	name: string;
	portEnv: string;
	defaultPort: number;
	start(port: number): Promise<StartedEmulator>;
}

const starters: Starter[] = [
	{
		name: 'Tanyi (探意 / YiWise)',
		portEnv: 'TANYI_PORT',
		defaultPort: 18601,
		async start(port) {
			const sim = await startTanyiSimulator({ port, host: '127.0.0.1' });
			return {
				url: sim.url,
				credentials: { ...sim.credentials },
				notes: [
					'credential type: TanyiApi',
					`dev: POST ${sim.server.url}/__tanyi/complete-calls {robotCallJobId, n?}`,
					`dev: POST ${sim.server.url}/__tanyi/callback-url {url, token?, encodingAesKey?}`,
					`state: GET ${sim.server.url}/__sim/state`,
				],
				close: () => sim.close(),
			};
		},
	},
	{
		name: 'Byrobot (百应 / BYAI)',
		portEnv: 'BYROBOT_PORT',
		defaultPort: 18602,
		async start(port) {
			const sim = await startByrobotSimulator({ port, host: '127.0.0.1' });
			return {
				url: sim.url,
				credentials: { ...sim.credentials, companyId: String(sim.credentials.companyId) },
				notes: [
					'credential type: ByrobotApi (companies 1001, 1002 owned; 1099 not owned → 403)',
					`dev: POST ${sim.url}/__byrobot/complete-calls {taskId, n?}`,
					`dev: POST ${sim.url}/__byrobot/callback-url {url, jobUrl?, textPlain?}`,
					`state: GET ${sim.url}/__sim/state`,
				],
				close: () => sim.close(),
			};
		},
	},
	{
		name: 'Autodialer (FreeSWITCH /v1/task)',
		portEnv: 'AUTODIALER_PORT',
		defaultPort: 18603,
		async start(port) {
			const sim = await startAutodialerSimulator({ port, host: '127.0.0.1' });
			return {
				url: sim.url,
				credentials: { ...sim.credentials },
				notes: [
					'credential type: AutodialerApi (Authorization: Bearer <apiToken>); 1 call/s per started task',
					`dev: POST ${sim.url}/__autodialer/complete-calls {taskUuid, n?, status?}`,
					`dev: POST ${sim.url}/__autodialer/callback-url {url, form?, retryDelaysMs?}`,
					`state: GET ${sim.url}/__sim/state`,
				],
				close: () => sim.close(),
			};
		},
	},
];

async function main(): Promise<void> {
	const running: Array<{ name: string; emulator: StartedEmulator }> = [];
	let closing = false;
	const shutdown = async (signal: string) => {
		if (closing) return;
		closing = true;
		console.log(`\n${signal}: closing emulators...`);
		await Promise.all(running.map(({ emulator }) => emulator.close().catch(() => undefined)));
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));

	for (const starter of starters) {
		const raw = process.env[starter.portEnv];
		const port = raw ? Number(raw) : starter.defaultPort;
		if (!Number.isInteger(port) || port < 0 || port > 65535) {
			throw new Error(`${starter.portEnv} must be a port number (got ${raw})`);
		}
		const emulator = await starter.start(port);
		running.push({ name: starter.name, emulator });
		console.log(`${starter.name}: ${emulator.url}`);
		console.log(`  credentials: ${JSON.stringify(emulator.credentials)}`);
		for (const note of emulator.notes ?? []) console.log(`  ${note}`);
	}
	console.log('Emulators running on 127.0.0.1. Press Ctrl-C to stop.');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
