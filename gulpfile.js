// Packaging: one npm package per service plus the all-in-one, built with n8n's own tools.
// The mechanics live in scripts/packaging.js; these tasks are what package.json calls.
//   gulp build      stage packages/<name>/, `n8n-node build`, `npm pack` → packages/<name>-<version>.tgz
//   gulp check      `n8n-node lint` (strict) in each package, n8n's scanner on the sources and on every
//                   tarball, the tarballs' contents, docs links and committed manifests
//   gulp manifests  rewrite the derived parts of the committed manifests (also done by build)
//   gulp release    in GitHub Actions: `n8n-node release` (lint, build, npm publish with provenance) in
//                   every package folder; elsewhere: `n8n-node release` at the root (release-it)
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const packaging = require('./scripts/packaging');

const log = (...args) => console.log(...args);

async function build() {
	packaging.buildAll({ log });
}

async function manifests() {
	const changed = packaging.syncManifests();
	log(changed.length > 0 ? `updated ${changed.join(', ')}: commit the result` : 'manifests are current');
}

async function check() {
	const failures = [];
	const attempt = async (label, fn) => {
		const started = Date.now();
		try {
			const detail = await fn();
			log(`  ok   ${label}${detail ? `: ${detail}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (error) {
			failures.push(label);
			log(`  FAIL ${label}\n${String(error.message ?? error).replace(/^/gm, '       ')}`);
		}
	};
	const built = packaging.ensureBuilt({ log });
	await attempt('scanner on the source tree (repository root: the all-in-one)', () =>
		packaging.scan(packaging.ROOT, packaging.SOURCE_PATTERNS, 'the source tree').then(() => 'passed'),
	);
	for (const pkg of built) {
		await attempt(`${pkg.name}: n8n-node lint (strict)`, () => {
			const result = packaging.run(packaging.n8nNode, ['lint'], pkg.dir);
			if (!result.ok) throw new Error(result.output.trim());
			return 'exit 0';
		});
		await attempt(`${pkg.name}: scanner on its staged sources`, () =>
			packaging.scan(pkg.dir, packaging.SOURCE_PATTERNS, `${pkg.name} sources`).then(() => 'passed'),
		);
		if (!pkg.allInOne) {
			// what the scanner sees of this package in the attested GitHub commit: the committed folder
			await attempt(`${pkg.name}: scanner on its committed package folder`, async () => {
				const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pkg-source-'));
				fs.copyFileSync(path.join(pkg.dir, 'package.json'), path.join(dir, 'package.json'));
				await packaging.scan(dir, packaging.SOURCE_PATTERNS, `packages/${pkg.name}`);
				fs.rmSync(dir, { recursive: true, force: true });
				return 'passed';
			});
		}
		const tarDir = packaging.unpack(pkg.tarball);
		await attempt(`${pkg.name}: scanner on ${path.basename(pkg.tarball)}`, () =>
			packaging.scan(tarDir, packaging.TARBALL_PATTERNS, path.basename(pkg.tarball)).then(() => 'passed'),
		);
		await attempt(`${pkg.name}: tarball contents`, () => {
			const c = packaging.checkTarball(pkg, tarDir);
			return `${c.nodes} nodes, ${c.credentials} credentials, ${c.distFiles} files in dist/ (loaded by n8n, but ${c.typeOnly} empty type-only modules tsc emits), ${c.files} files in all`;
		});
		fs.rmSync(tarDir, { recursive: true, force: true });
	}
	await attempt('docs are self-contained and their links resolve', () => `${packaging.checkDocsSelfContained()} files`);
	await attempt('committed manifests', () => packaging.checkCommittedManifests());
	if (failures.length > 0) throw new Error(`${failures.length} package check(s) failed: ${failures.join('; ')}`);
}

/** Runs n8n-node in a folder with its output on this terminal (release-it asks questions). */
function n8nNode(args, cwd, env = {}) {
	const result = spawnSync(packaging.n8nNode, args, {
		cwd,
		stdio: 'inherit',
		env: { ...process.env, PATH: `${path.dirname(packaging.n8nNode)}${path.delimiter}${process.env.PATH}`, ...env },
	});
	if (result.status !== 0) throw new Error(`n8n-node ${args.join(' ')} failed in ${cwd} (exit ${result.status})`);
}

async function release() {
	if (!process.env.GITHUB_ACTIONS) {
		// local: release-it bumps the version, writes the changelog, tags and pushes (n8n-node's flow;
		// .release-it.json re-derives the committed manifests after the bump); the tag starts
		// .github/workflows/publish.yml, which publishes every package with provenance
		n8nNode(['release'], packaging.ROOT);
		return;
	}
	for (const pkg of packaging.buildAll({ log })) {
		log(`publishing ${pkg.name}@${pkg.manifest.version}`);
		// CI mode of n8n-node release: `npm run lint`, `npm run build`, `npm publish` with provenance
		n8nNode(['release'], pkg.dir);
	}
}

exports.build = build;
exports.check = check;
exports.manifests = manifests;
exports.release = release;
exports.default = build;
