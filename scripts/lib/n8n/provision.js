'use strict';
/**
 * Makes sure the n8n 2.41.1 runtime exists (scripts/provision-n8n.sh: idempotent, about 0.3 s
 * when already provisioned, minutes cold). The script prints its own progress lines (one at
 * least every 10 s); they are passed on line by line to `log`.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { PROJECT_ROOT, runtimePaths, cleanEnv } = require('./env');
const { tail } = require('./util');

const PROVISION_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'provision-n8n.sh');

/**
 * @param {{force?: boolean, log?: (line: string) => void}} [options] log: where progress lines go
 *   (default stderr; pass `() => {}` to silence them)
 * @returns {Promise<{n8nBin: string, nodeBin: string, nodeBinDir: string, runtimeDir: string, durationMs: number}>}
 */
async function provision(options = {}) {
	const paths = runtimePaths();
	const log = options.log || ((line) => process.stderr.write(`${line}\n`));
	const started = Date.now();
	const env = cleanEnv(process.env);
	env.N8N_RUNTIME_DIR = paths.runtimeDir;
	if (options.force) env.N8N_PROVISION_FORCE = '1';
	const { code, stderr } = await new Promise((resolve, reject) => {
		const child = spawn('bash', [PROVISION_SCRIPT], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
		let all = '';
		let partial = '';
		child.stderr.setEncoding('utf8').on('data', (chunk) => {
			all += chunk;
			partial += chunk;
			const lines = partial.split('\n');
			partial = lines.pop();
			for (const line of lines) log(line);
		});
		child.on('error', reject);
		child.on('close', (exitCode) => {
			if (partial) log(partial);
			resolve({ code: exitCode, stderr: all });
		});
	});
	if (code !== 0) throw new Error(`provision-n8n.sh failed (exit ${code}):\n${tail(stderr, 40)}`);
	for (const file of [paths.n8nBin, paths.nodeBin]) {
		if (!fs.existsSync(file)) throw new Error(`provisioning finished but ${file} is missing`);
	}
	return { ...paths, durationMs: Date.now() - started };
}

module.exports = { provision, PROVISION_SCRIPT };
