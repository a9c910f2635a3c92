'use strict';
/**
 * The package installed the way users install community nodes: `npm pack`, then `npm install
 * <tarball>` into `<N8N_USER_FOLDER>/.n8n/nodes`, which n8n scans at start.
 *
 * User folders are removed by `removeUserFolder` unless N8N_E2E_KEEP=1 (then the path is kept
 * for inspection: database, logs, installed package).
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { cleanEnv } = require('./env');
// required first so that its exit handler (which kills the n8n processes) runs before ours
require('./process');

// A run stopped early (Ctrl-C during start-up, a crash) still removes the user folders it created.
const created = new Set();
process.on('exit', () => {
	if (keepUserFolders()) return;
	for (const folder of created) {
		try {
			fs.rmSync(folder, { recursive: true, force: true });
		} catch {
			// best effort at exit
		}
	}
});

function run(command, args, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
		child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

/**
 * `npm pack` a package folder into `destDir` (a new temp dir by default).
 * @returns {Promise<string>} absolute path of the .tgz
 */
async function packPackage(packageDir, destDir) {
	const dest = destDir || fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	const result = await run('npm', ['pack', '--pack-destination', dest, '--ignore-scripts', '--json', '--loglevel=error'], {
		cwd: packageDir,
		env: cleanEnv(process.env),
	});
	if (result.code !== 0) throw new Error(`npm pack failed in ${packageDir}:\n${result.stderr}\n${result.stdout}`);
	const tarball = path.join(dest, JSON.parse(result.stdout)[0].filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not produce ${tarball}`);
	return tarball;
}

/**
 * A fresh N8N_USER_FOLDER with the packed package(s) installed into `.n8n/nodes` (offline: a
 * package that needs anything from the network fails loudly). The package name must match
 * `n8n-nodes-*` or `@scope/n8n-nodes-*`, or n8n ignores it.
 * @param {{packageTarballs?: string[], parentDir?: string}} [options]
 * @returns {Promise<string>} the user folder
 */
async function createUserFolder(options = {}) {
	const parent = options.parentDir || os.tmpdir();
	fs.mkdirSync(parent, { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(parent, 'n8n-e2e-user-'));
	created.add(userFolder);
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`,
	);
	const tarballs = (options.packageTarballs || []).map((t) => path.resolve(t));
	if (tarballs.length > 0) {
		const args = ['install', ...tarballs, '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund'];
		args.push('--no-package-lock', '--loglevel=error', '--offline');
		const result = await run('npm', args, { cwd: nodesDir, env: cleanEnv(process.env) });
		if (result.code !== 0) {
			throw new Error(`npm install of ${tarballs.join(', ')} into ${nodesDir} failed:\n${result.stderr}\n${result.stdout}`);
		}
	}
	return userFolder;
}

/** True when the user asked to keep n8n's user folders (N8N_E2E_KEEP=1). */
function keepUserFolders() {
	return /^(1|true|yes)$/i.test(process.env.N8N_E2E_KEEP || '');
}

/**
 * Removes a user folder made by createUserFolder, unless N8N_E2E_KEEP=1.
 * @returns {boolean} true when it was removed
 */
function removeUserFolder(userFolder) {
	if (!userFolder || keepUserFolders()) return false;
	created.delete(userFolder);
	fs.rmSync(userFolder, { recursive: true, force: true });
	return true;
}



module.exports = { packPackage, createUserFolder, removeUserFolder, keepUserFolders };
