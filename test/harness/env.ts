/**
 * Side-effect module imported before anything from n8n-core. n8n-core's InstanceSettings reads
 * (or creates) `<N8N_USER_FOLDER>/.n8n/config` the first time it is built. Point it at one
 * folder under the OS temp dir, never the real home directory, and write the config file
 * atomically ourselves (same fixed test key every time) so parallel jest workers never read a
 * half-written file and nothing accumulates between runs.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const TEST_ENCRYPTION_KEY = 'n8n-nodes-callbot-test-harness-key';

if (process.env.N8N_USER_FOLDER === undefined) {
	const folder = join(tmpdir(), `n8n-harness-${userInfo().uid}`);
	const n8nFolder = join(folder, '.n8n');
	const config = join(n8nFolder, 'config');
	if (!existsSync(config)) {
		mkdirSync(n8nFolder, { recursive: true });
		const temporary = `${config}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify({ encryptionKey: TEST_ENCRYPTION_KEY }), { mode: 0o600 });
		renameSync(temporary, config);
	}
	process.env.N8N_USER_FOLDER = folder;
	process.env.N8N_ENCRYPTION_KEY ??= TEST_ENCRYPTION_KEY;
}
// No telemetry, diagnostics or version checks from anything n8n-core may start.
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.N8N_VERSION_NOTIFICATIONS_ENABLED ??= 'false';
