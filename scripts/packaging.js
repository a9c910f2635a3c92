'use strict';
/**
 * One source tree, one npm package per service plus the all-in-one (issue 16).
 *
 * The sources stay where they are (nodes/, credentials/, tests at the root). For every package
 * this module stages a complete n8n node project under packages/<name>/, the way `n8n-node`
 * expects one: the template's eslint.config.mjs (so `n8n-node lint` runs in strict mode), a
 * tsconfig.json, package.json, README, LICENSE, CHANGELOG and copies of exactly the sources the
 * package needs. `n8n-node build` compiles it and `npm pack` makes the tarball.
 *
 * Which files a package gets is a rule, not a list:
 * - a vendor is a folder nodes/<Vendor>/ (every folder but nodes/core/);
 * - its nodes are nodes/<Vendor>/*.node.ts, its credentials credentials/<Vendor>*.credentials.ts
 *   (so a new credential file of a vendor is picked up by its name);
 * - everything those files import (relative imports, followed to the end: nodes/core/, shared
 *   credential helpers), the icons they reference (`file:…`) and each node's codex `.node.json`.
 * A vendor package that reaches another vendor's folder or credential fails the build.
 *
 * The per-vendor manifests packages/n8n-nodes-<vendor>/package.json are committed: n8n's
 * scanner (@n8n/scan-community-package, `findPackageRoot`) lints the GitHub commit a package's
 * npm provenance names and looks there for the folder whose package.json carries the package's
 * name. The all-in-one's source root is the repository root itself. Both kinds of manifest are
 * derived here (version, metadata, the `n8n` node and credential lists); only `name`,
 * `description` and `keywords` of a vendor manifest are edited by hand.
 */
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PACKAGES_DIR = path.join(ROOT, 'packages');
const ALL_IN_ONE = 'n8n-nodes-callbot';
const BIN = path.join(ROOT, 'node_modules', '.bin');
const NODE_CLI_TEMPLATES = path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'dist', 'template', 'templates');
/** What the scanner lints in a source checkout and in an unpacked tarball (scanner.mjs). */
const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
/** Files a package ships besides dist/ (npm adds package.json, README and LICENSE itself). */
const EXTRA_FILES = ['CHANGELOG.md', 'README.zh-CN.md'];

/**
 * The n8n-node template tsconfig (programmatic/example), with the emit cut to what n8n loads:
 * no declarations, source maps or build info, and package.json not compiled into dist/.
 */
const TSCONFIG = {
	compilerOptions: {
		strict: true,
		module: 'commonjs',
		moduleResolution: 'node',
		target: 'es2019',
		lib: ['es2019', 'es2020', 'es2022.error'],
		removeComments: true,
		useUnknownInCatchVariables: false,
		forceConsistentCasingInFileNames: true,
		noImplicitAny: true,
		noImplicitReturns: true,
		noUnusedLocals: true,
		strictNullChecks: true,
		preserveConstEnums: true,
		esModuleInterop: true,
		resolveJsonModule: true,
		declaration: false,
		sourceMap: false,
		skipLibCheck: true,
		outDir: './dist/',
	},
	include: ['credentials/**/*', 'nodes/**/*', 'nodes/**/*.json'],
};

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const posix = (p) => p.split(path.sep).join('/');
const rel = (abs) => posix(path.relative(ROOT, abs));
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value, indent = 2) => fs.writeFileSync(file, `${JSON.stringify(value, null, indent)}\n`);
const exists = (file) => fs.existsSync(file);

function listFiles(dir) {
	const out = [];
	if (!exists(dir)) return out;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full));
		else out.push(full);
	}
	return out.sort();
}

/** `TanyiCallbackTrigger` → `tanyi-callback-trigger` (the docs page of a node). */
function kebab(name) {
	return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** GitHub's anchor for a Markdown heading. */
function githubSlug(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/<[^>]+>/g, '')
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** Every anchor a Markdown file offers on GitHub (duplicates get -1, -2, … as GitHub does). */
function markdownAnchors(file) {
	const anchors = new Set();
	const seen = {};
	let fenced = false;
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!m) continue;
		const base = githubSlug(m[1]);
		const n = seen[base] ?? 0;
		seen[base] = n + 1;
		anchors.add(n === 0 ? base : `${base}-${n}`);
	}
	return anchors;
}

function rootManifest() {
	return readJson(path.join(ROOT, 'package.json'));
}

/** `https://github.com/<owner>/<repo>` from the root package.json. */
function repositoryUrl(root = rootManifest()) {
	const url = String(root.repository?.url ?? '')
		.replace(/^git\+/, '')
		.replace(/\.git$/, '');
	if (!/^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(url)) {
		throw new Error(`package.json repository.url must be a GitHub repository URL (got "${root.repository?.url}")`);
	}
	return url;
}

const blobUrl = (relPath, root) => `${repositoryUrl(root)}/blob/main/${relPath}`;

// ---------------------------------------------------------------------------------------------
// Which files belong to which package
// ---------------------------------------------------------------------------------------------

/** Vendor folders under nodes/ (everything but the shared core). */
function vendors() {
	return fs
		.readdirSync(path.join(ROOT, 'nodes'), { withFileTypes: true })
		.filter((d) => d.isDirectory() && d.name !== 'core')
		.map((d) => d.name)
		.sort();
}

/** The packages this tree builds: the all-in-one first, then one per vendor. */
function packages() {
	const list = [{ name: ALL_IN_ONE, vendors: vendors(), allInOne: true, dir: path.join(PACKAGES_DIR, ALL_IN_ONE) }];
	for (const vendor of vendors()) {
		const name = `n8n-nodes-${vendor.toLowerCase()}`;
		list.push({ name, vendors: [vendor], allInOne: false, dir: path.join(PACKAGES_DIR, name) });
	}
	return list;
}

function credentialFiles() {
	return fs
		.readdirSync(path.join(ROOT, 'credentials'))
		.filter((f) => f.endsWith('.credentials.ts'))
		.sort()
		.map((f) => path.join(ROOT, 'credentials', f));
}

/** The vendor a credential file belongs to, by its name (`TanyiCallbackApi…` → Tanyi). */
function credentialVendor(file) {
	const base = path.basename(file);
	return vendors().find((v) => base.startsWith(v));
}

/** Entry points: the node files and credential files a package registers with n8n. */
function entryPoints(pkg) {
	const nodes = [];
	for (const vendor of pkg.vendors) {
		const dir = path.join(ROOT, 'nodes', vendor);
		for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.node.ts')) nodes.push(path.join(dir, f));
	}
	const credentials = credentialFiles().filter((f) => pkg.vendors.includes(credentialVendor(f)));
	return { nodes, credentials };
}

function resolveImport(fromFile, spec) {
	const base = path.resolve(path.dirname(fromFile), spec);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
		if (exists(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${rel(fromFile)} imports "${spec}", which does not resolve to a file`);
}

/** The icon files a source or compiled file references as `file:<path>`. */
function iconRefs(file) {
	const text = fs.readFileSync(file, 'utf8');
	return [...text.matchAll(/['"`]file:([^'"`]+)['"`]/g)].map((m) => path.resolve(path.dirname(file), m[1]));
}

/**
 * Every source file of a package: the entry points, all they import (transitively), the icons
 * they reference and each node's codex file. Throws when a vendor package reaches into another
 * vendor's files, or when a credential file has no vendor prefix.
 */
function selectSources(pkg) {
	const ts = require('typescript');
	const unowned = credentialFiles().filter((f) => !credentialVendor(f));
	if (unowned.length > 0) {
		throw new Error(
			`credential file(s) ${unowned.map(rel).join(', ')} belong to no vendor: start the file name with the vendor folder's name (${vendors().join(', ')})`,
		);
	}
	const { nodes, credentials } = entryPoints(pkg);
	const selected = new Map(); // abs path → the file that pulled it in
	const queue = [...nodes, ...credentials].map((f) => [f, 'package.json']);
	while (queue.length > 0) {
		const [file, by] = queue.shift();
		if (selected.has(file)) continue;
		selected.set(file, by);
		if (file.endsWith('.ts')) {
			const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
			for (const { fileName } of info.importedFiles) {
				if (fileName.startsWith('.')) queue.push([resolveImport(file, fileName), file]);
			}
			for (const icon of iconRefs(file)) {
				if (!exists(icon)) throw new Error(`${rel(file)} references the icon ${rel(icon)}, which does not exist`);
				queue.push([icon, file]);
			}
		}
		if (file.endsWith('.node.ts')) {
			const codex = file.replace(/\.ts$/, '.json');
			if (!exists(codex)) throw new Error(`${rel(file)} has no codex file ${rel(codex)}`);
			queue.push([codex, file]);
		}
	}
	const files = [...selected.keys()];
	for (const file of files) {
		const r = rel(file);
		if (!r.startsWith('nodes/') && !r.startsWith('credentials/')) {
			throw new Error(`${rel(selected.get(file))} imports ${r}: a package may only contain nodes/ and credentials/ files`);
		}
		if (pkg.allInOne) continue;
		const foreign = vendors().find(
			(v) => !pkg.vendors.includes(v) && (r.startsWith(`nodes/${v}/`) || (r.startsWith('credentials/') && credentialVendor(file) === v)),
		);
		if (foreign) {
			throw new Error(`${pkg.name} must hold no ${foreign} code, but ${rel(selected.get(file))} imports ${r}`);
		}
	}
	return { files: files.sort(), nodes, credentials };
}

// ---------------------------------------------------------------------------------------------
// Manifests
// ---------------------------------------------------------------------------------------------

const distPath = (srcFile) => `dist/${rel(srcFile).replace(/\.ts$/, '.js')}`;

/** The package.json a package is published with. */
function manifestFor(pkg, root = rootManifest()) {
	const { nodes, credentials } = entryPoints(pkg);
	let own;
	if (pkg.allInOne) {
		own = { name: root.name, description: root.description, keywords: root.keywords };
	} else {
		const file = path.join(pkg.dir, 'package.json');
		const committed = exists(file) ? readJson(file) : {};
		own = {
			name: pkg.name,
			description: committed.description ?? `n8n community nodes for ${pkg.vendors[0]}.`,
			keywords: committed.keywords ?? root.keywords,
		};
	}
	const keywords = ['n8n-community-node-package', ...own.keywords.filter((k) => k !== 'n8n-community-node-package')];
	const dev = root.devDependencies ?? {};
	return {
		name: own.name,
		version: root.version,
		description: own.description,
		keywords,
		license: root.license,
		homepage: root.homepage,
		bugs: root.bugs,
		author: root.author,
		repository: pkg.allInOne ? root.repository : { ...root.repository, directory: `packages/${pkg.name}` },
		engines: root.engines,
		files: ['dist', ...EXTRA_FILES],
		scripts: {
			build: 'n8n-node build',
			lint: 'n8n-node lint',
			'lint:fix': 'n8n-node lint --fix',
			release: 'n8n-node release',
			prepublishOnly: 'n8n-node prerelease',
		},
		n8n: {
			n8nNodesApiVersion: root.n8n.n8nNodesApiVersion,
			strict: true,
			credentials: credentials.map(distPath),
			nodes: nodes.map(distPath),
		},
		devDependencies: {
			'@n8n/node-cli': dev['@n8n/node-cli'],
			eslint: dev.eslint,
			typescript: dev.typescript,
		},
		peerDependencies: root.peerDependencies,
	};
}

/** What the root package.json's `n8n` lists must say (the all-in-one's source manifest). */
function rootN8nLists() {
	const m = manifestFor(packages()[0]);
	return { nodes: m.n8n.nodes, credentials: m.n8n.credentials };
}

/**
 * Writes the derived parts into the committed manifests: the root package.json's `n8n` lists
 * and each vendor's packages/<name>/package.json. Returns the files it changed.
 */
function syncManifests() {
	const changed = [];
	const rootFile = path.join(ROOT, 'package.json');
	const root = rootManifest();
	const lists = rootN8nLists();
	if (JSON.stringify(root.n8n.nodes) !== JSON.stringify(lists.nodes) || JSON.stringify(root.n8n.credentials) !== JSON.stringify(lists.credentials)) {
		root.n8n = { ...root.n8n, credentials: lists.credentials, nodes: lists.nodes };
		writeJson(rootFile, root);
		changed.push('package.json');
	}
	for (const pkg of packages().filter((p) => !p.allInOne)) {
		const file = path.join(pkg.dir, 'package.json');
		const text = `${JSON.stringify(manifestFor(pkg, root), null, 2)}\n`;
		if (!exists(file) || fs.readFileSync(file, 'utf8') !== text) {
			fs.mkdirSync(pkg.dir, { recursive: true });
			fs.writeFileSync(file, text);
			changed.push(rel(file));
		}
	}
	return changed;
}

// ---------------------------------------------------------------------------------------------
// README of a package
// ---------------------------------------------------------------------------------------------

/**
 * Makes the relative links of a Markdown file absolute GitHub URLs, so that they work wherever
 * the text is shown (npm's package page, a README assembled from several pages).
 */
function absolutizeLinks(markdown, sourceRelPath, root, { keepAnchors = false } = {}) {
	const dir = path.posix.dirname(sourceRelPath);
	return markdown.replace(/\]\(([^)\s]+)\)/g, (whole, target) => {
		if (/^[a-z][a-z0-9+.-]*:/i.test(target) || (keepAnchors && target.startsWith('#'))) return whole;
		const [file, anchor] = target.split('#');
		const resolved = file ? path.posix.normalize(path.posix.join(dir, file)) : sourceRelPath;
		const tree = file && exists(path.join(ROOT, resolved)) && fs.statSync(path.join(ROOT, resolved)).isDirectory();
		const url = `${repositoryUrl(root)}/${tree ? 'tree' : 'blob'}/main/${resolved}`;
		return `](${url}${anchor !== undefined ? `#${anchor}` : ''})`;
	});
}

/** A node's docs page (the codex link) for a node source file. */
function docsPageFor(nodeFile) {
	return `docs/nodes/${kebab(path.basename(nodeFile, '.node.ts'))}.md`;
}

/** The README a vendor package ships: what it holds, how to install it, then its nodes' pages. */
function vendorReadme(pkg, manifest, root) {
	const vendor = pkg.vendors[0];
	const { nodes } = entryPoints(pkg);
	const repo = repositoryUrl(root);
	const pages = nodes.map((n) => docsPageFor(n));
	const vendorPage = `docs/vendors/${vendor.toLowerCase()}.md`;
	const lines = [
		`# ${pkg.name}`,
		'',
		manifest.description,
		'',
		`This package holds the ${vendor} nodes of [n8n-nodes-callbot](${repo}) and nothing else; it has no`,
		'runtime dependencies. The same code is also published as the all-in-one `n8n-nodes-callbot` (every',
		`vendor in one package). Install **either** \`${pkg.name}\` **or** \`n8n-nodes-callbot\`, not both: both`,
		'define the same credential types.',
		'',
		'## Nodes',
		'',
		...nodes.map((n, i) => `- [${path.basename(n, '.node.ts').replace(/([a-z])([A-Z])/g, '$1 $2')}](${blobUrl(pages[i], root)})`),
		'',
		`Node types are \`${pkg.name}.<node>\` (for example \`${pkg.name}.${vendor.charAt(0).toLowerCase()}${vendor.slice(1)}\`). The workflows in`,
		`[examples/](${repo}/tree/main/examples) use the all-in-one's type names (\`n8n-nodes-callbot.<node>\`); replace`,
		`that prefix with \`${pkg.name}.\` before importing them here.`,
		'',
		'## Install',
		'',
		`- **Community nodes UI** (Settings → Community Nodes → Install): enter \`${pkg.name}\`.`,
		`- **By hand** (self-hosted, e.g. Docker): in \`~/.n8n/nodes\` run \`npm install ${pkg.name}\`, then restart n8n.`,
		'',
		`Vendor facts (signing, limits, callbacks): [${vendorPage}](${blobUrl(vendorPage, root)}). The full`,
		`guide, including errors, bulk imports and the simplified call record, is the [project README](${repo}#readme);`,
		`Chinese guide: [README.zh-CN.md](${blobUrl('README.zh-CN.md', root)}).`,
		'',
	];
	for (const page of pages) {
		const text = fs.readFileSync(path.join(ROOT, page), 'utf8').replace(/^(#+)/gm, '#$1');
		lines.push(absolutizeLinks(text, page, root).trimEnd(), '');
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Staging, building, packing
// ---------------------------------------------------------------------------------------------

/** Stages packages/<name>/ as a complete n8n node project. Returns {manifest, files}. */
function stage(pkg) {
	const root = rootManifest();
	const manifest = manifestFor(pkg, root);
	const { files } = selectSources(pkg);
	fs.rmSync(pkg.dir, { recursive: true, force: true });
	fs.mkdirSync(pkg.dir, { recursive: true });
	for (const file of files) {
		const dest = path.join(pkg.dir, rel(file));
		fs.mkdirSync(path.dirname(dest), { recursive: true });
		if (file.endsWith('.node.json')) {
			// the node type is `<package>.<node>`: the codex must name it with this package's name
			const codex = readJson(file);
			const [prefix, ...type] = String(codex.node).split('.');
			if (prefix !== ALL_IN_ONE || type.length === 0) {
				throw new Error(`${rel(file)}: "node" must be "${ALL_IN_ONE}.<node type>" (got "${codex.node}")`);
			}
			codex.node = `${pkg.name}.${type.join('.')}`;
			writeJson(dest, codex, '\t');
		} else {
			fs.copyFileSync(file, dest);
		}
	}
	fs.copyFileSync(path.join(NODE_CLI_TEMPLATES, 'shared', 'default', 'eslint.config.mjs'), path.join(pkg.dir, 'eslint.config.mjs'));
	writeJson(path.join(pkg.dir, 'tsconfig.json'), TSCONFIG, '\t');
	writeJson(path.join(pkg.dir, 'package.json'), manifest);
	const readme = pkg.allInOne
		? absolutizeLinks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'README.md', root, { keepAnchors: true })
		: vendorReadme(pkg, manifest, root);
	fs.writeFileSync(path.join(pkg.dir, 'README.md'), readme);
	fs.writeFileSync(
		path.join(pkg.dir, 'README.zh-CN.md'),
		absolutizeLinks(fs.readFileSync(path.join(ROOT, 'README.zh-CN.md'), 'utf8'), 'README.zh-CN.md', root, { keepAnchors: true }),
	);
	fs.writeFileSync(
		path.join(pkg.dir, 'CHANGELOG.md'),
		absolutizeLinks(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), 'CHANGELOG.md', root),
	);
	fs.copyFileSync(path.join(ROOT, 'LICENSE'), path.join(pkg.dir, 'LICENSE'));
	return { manifest, files };
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** Runs a command in a package folder with the root's tools (node 24, eslint, tsc) on PATH. */
function run(cmd, args, cwd, { env = {}, timeoutMs = 10 * 60_000 } = {}) {
	const result = spawnSync(cmd, args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, PATH: `${BIN}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0', CI: 'true', ...env },
		maxBuffer: 64 * 1024 * 1024,
		timeout: timeoutMs,
	});
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(ANSI, '');
	return { ok: result.status === 0, status: result.status, output, error: result.error };
}

function runChecked(what, cmd, args, cwd, options) {
	const result = run(cmd, args, cwd, options);
	if (!result.ok) {
		throw new Error(`${what} failed in ${rel(cwd)} (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${result.output.trim()}`);
	}
	return result;
}

const n8nNode = path.join(BIN, 'n8n-node');

function tarballPath(pkg, version = rootManifest().version) {
	return path.join(PACKAGES_DIR, `${pkg.name}-${version}.tgz`);
}

/** Hash of everything a build reads, so that tests can reuse a build that is still current. */
function sourceHash() {
	const hash = crypto.createHash('sha256');
	const inputs = [
		...listFiles(path.join(ROOT, 'nodes')),
		...listFiles(path.join(ROOT, 'credentials')),
		...listFiles(path.join(ROOT, 'docs')),
		...packages().filter((p) => !p.allInOne).map((p) => path.join(p.dir, 'package.json')),
		...['package.json', 'README.md', 'README.zh-CN.md', 'CHANGELOG.md', 'LICENSE', 'scripts/packaging.js'].map((f) => path.join(ROOT, f)),
	];
	for (const file of inputs) {
		hash.update(rel(file));
		hash.update(exists(file) ? fs.readFileSync(file) : '');
	}
	return hash.digest('hex');
}

const STAMP = path.join(PACKAGES_DIR, '.build-stamp');

/**
 * Stages, builds (`n8n-node build`) and packs every package. Returns
 * [{name, dir, tarball, manifest, files}] in packages() order.
 */
function buildAll({ log = console.log } = {}) {
	const changed = syncManifests();
	for (const file of changed) log(`  updated ${file} (derived fields): commit it`);
	const hash = sourceHash();
	fs.mkdirSync(PACKAGES_DIR, { recursive: true });
	for (const old of fs.readdirSync(PACKAGES_DIR).filter((f) => f.endsWith('.tgz'))) fs.rmSync(path.join(PACKAGES_DIR, old));
	fs.rmSync(STAMP, { force: true });
	const built = [];
	for (const pkg of packages()) {
		const started = Date.now();
		const { manifest, files } = stage(pkg);
		runChecked('n8n-node build', n8nNode, ['build'], pkg.dir);
		const pack = runChecked('npm pack', 'npm', ['pack', '--pack-destination', PACKAGES_DIR, '--ignore-scripts', '--json', '--loglevel=error'], pkg.dir);
		const tarball = path.join(PACKAGES_DIR, JSON.parse(pack.output.slice(pack.output.indexOf('[')))[0].filename);
		log(`  ${pkg.name}: ${files.length} source files → ${path.relative(ROOT, tarball)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		built.push({ ...pkg, tarball, manifest, files });
	}
	fs.writeFileSync(STAMP, hash);
	return built;
}

/** The built packages, building them first unless the last build is still current. */
function ensureBuilt(options) {
	const current = exists(STAMP) && fs.readFileSync(STAMP, 'utf8') === sourceHash();
	const list = packages().map((pkg) => ({ ...pkg, tarball: tarballPath(pkg) }));
	if (current && list.every((p) => exists(p.tarball) && exists(path.join(p.dir, 'dist')))) return list;
	return buildAll(options);
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

let scannerModule;
async function scanner() {
	scannerModule ??= await import(path.join(ROOT, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'));
	return scannerModule;
}

/** n8n's scanner (`analyzePackage`) on a folder; throws with its report when it fails. */
async function scan(dir, patterns, label) {
	const { analyzePackage } = await scanner();
	const result = await analyzePackage(path.resolve(dir), patterns);
	if (!result.passed) throw new Error(`scanner failed on ${label}: ${result.message}\n${result.details ?? result.error?.stack ?? ''}`);
}

function unpack(tarball) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-pkg-check-'));
	runChecked('tar', 'tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], ROOT);
	return dir;
}

/**
 * What n8n loads from a package: the registered files, every relative require of them, each
 * node's codex file and the icons they reference.
 */
function loadedFiles(dir, manifest) {
	const loaded = new Set();
	const queue = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((f) => path.join(dir, f));
	while (queue.length > 0) {
		const file = queue.shift();
		if (loaded.has(file)) continue;
		if (!exists(file)) throw new Error(`${path.relative(dir, file)} is needed but missing from the package`);
		loaded.add(file);
		if (!file.endsWith('.js')) continue;
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/require\("(\.[^"]+)"\)/g)) {
			const base = path.resolve(path.dirname(file), m[1]);
			const target = [`${base}.js`, path.join(base, 'index.js'), base].find((c) => exists(c) && fs.statSync(c).isFile());
			if (!target) throw new Error(`${path.relative(dir, file)} requires "${m[1]}", which is not in the package`);
			queue.push(target);
		}
		for (const icon of iconRefs(file)) queue.push(icon);
		if (file.endsWith('.node.js')) queue.push(file.replace(/\.js$/, '.json'));
	}
	return loaded;
}

/**
 * A module tsc emits for a file that only declares types (`import type` from it is erased, so
 * nothing requires it): nothing but the CommonJS preamble.
 */
function isEmptyModule(file) {
	const body = fs
		.readFileSync(file, 'utf8')
		.replace(/^"use strict";/, '')
		.replace(/Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);/, '')
		.trim();
	return body === '';
}

/** The node / credential class a compiled file exports, instantiated. */
function instantiate(file) {
	const mod = require(file);
	const Class = Object.values(mod).find((v) => typeof v === 'function');
	if (!Class) throw new Error(`${file} exports no class`);
	return new Class();
}

/** The node types n8n registers for a built package: `<package>.<description.name>`. */
function nodeTypes(pkg) {
	const manifest = readJson(path.join(pkg.dir, 'package.json'));
	return manifest.n8n.nodes.map((entry) => {
		const node = instantiate(path.join(pkg.dir, entry));
		const description = node.description ?? node.nodeVersions?.[node.currentVersion]?.description;
		return `${pkg.name}.${description.name}`;
	});
}

/** The docs URL must land: our repository, no #fragment before n8n's ?utm_… query, the page exists. */
function checkNodeDocsUrl(url, expectedPage, where, root) {
	const expected = blobUrl(expectedPage, root);
	if (url !== expected) throw new Error(`${where}: primaryDocumentation must be ${expected} (got ${url})`);
	if (!exists(path.join(ROOT, expectedPage))) throw new Error(`${where}: the docs page ${expectedPage} does not exist`);
}

/** A credential's documentationUrl (n8n uses it as is): our README or a docs page, anchor included. */
function checkCredentialDocsUrl(url, where, root) {
	const repo = repositoryUrl(root);
	const [base, anchor] = String(url).split('#');
	let file;
	if (base === repo || base === `${repo}/`) file = 'README.md';
	else if (base.startsWith(`${repo}/blob/main/`)) file = base.slice(`${repo}/blob/main/`.length);
	else throw new Error(`${where}: documentationUrl must point into ${repo} (got ${url})`);
	if (!exists(path.join(ROOT, file))) throw new Error(`${where}: documentationUrl names ${file}, which does not exist`);
	if (anchor && !markdownAnchors(path.join(ROOT, file)).has(anchor)) {
		throw new Error(`${where}: documentationUrl anchor #${anchor} matches no heading of ${file}`);
	}
}

function checkIcon(file, where) {
	const svg = fs.readFileSync(file, 'utf8');
	for (const [pattern, why] of [
		[/<text[\s>]/i, 'a <text> element (renders with whatever font the viewer has)'],
		[/font-family|@font-face/i, 'a font reference'],
		[/<image[\s>]|xlink:href|href="(?!#)/i, 'an embedded or linked image'],
		[/<script/i, 'a script'],
	]) {
		if (pattern.test(svg)) throw new Error(`${where}: icon ${path.basename(file)} contains ${why}; draw it with plain paths`);
	}
}

/**
 * Checks one built package's tarball: only what n8n loads in dist/, no other vendor's code, no
 * runtime dependency, metadata complete, codex and docs links right, nodes and credentials load.
 */
function checkTarball(pkg, tarDir) {
	const root = rootManifest();
	const manifest = readJson(path.join(tarDir, 'package.json'));
	const problems = [];
	const expect = (ok, message) => {
		if (!ok) problems.push(message);
	};
	expect(manifest.name === pkg.name, `name is ${manifest.name}`);
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies', 'overrides']) {
		expect(!manifest[field] || Object.keys(manifest[field]).length === 0, `package.json has "${field}": community nodes must have no runtime dependencies`);
	}
	expect(manifest.peerDependencies?.['n8n-workflow'] === '*', 'peerDependencies must be {"n8n-workflow": "*"}');
	expect(manifest.n8n?.strict === true, 'n8n.strict must be true');
	expect(!manifest.main || exists(path.join(tarDir, manifest.main)), `"main" names ${manifest.main}, which is not in the package`);
	expect(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(manifest.author?.email ?? ''), 'author.email must be an e-mail address');
	expect(manifest.author?.name && manifest.description && manifest.homepage && manifest.license === 'MIT', 'author name, description, homepage and MIT license are required');

	const all = listFiles(tarDir).map((f) => posix(path.relative(tarDir, f)));
	const allowed = new Set(['package.json', 'README.md', 'LICENSE', ...EXTRA_FILES]);
	for (const f of all) expect(f.startsWith('dist/') || allowed.has(f), `ships ${f}, which n8n does not load`);
	for (const f of [...allowed]) expect(all.includes(f), `misses ${f}`);

	let loaded = new Set();
	try {
		loaded = loadedFiles(tarDir, manifest);
	} catch (error) {
		problems.push(error.message);
	}
	let typeOnly = 0;
	for (const f of all.filter((x) => x.startsWith('dist/'))) {
		const isTypeOnly = f.endsWith('.js') && isEmptyModule(path.join(tarDir, f));
		if (isTypeOnly && !loaded.has(path.join(tarDir, f))) typeOnly++;
		expect(loaded.has(path.join(tarDir, f)) || isTypeOnly, `dist holds ${f}, which n8n never loads`);
		const foreign = pkg.allInOne ? undefined : vendors().find((v) => !pkg.vendors.includes(v) && (f.startsWith(`dist/nodes/${v}/`) || f.startsWith(`dist/credentials/${v}`)));
		expect(!foreign, `${pkg.name} ships ${foreign} code: ${f}`);
	}
	const expectedLists = manifestFor(pkg, root).n8n;
	expect(JSON.stringify(manifest.n8n.nodes) === JSON.stringify(expectedLists.nodes), `n8n.nodes is not what nodes/ holds: ${JSON.stringify(expectedLists.nodes)}`);
	expect(JSON.stringify(manifest.n8n.credentials) === JSON.stringify(expectedLists.credentials), `n8n.credentials is not what credentials/ holds: ${JSON.stringify(expectedLists.credentials)}`);

	// load the compiled classes from the staged folder (n8n-workflow resolves from the root there)
	const credentialNames = new Set();
	for (const entry of manifest.n8n.credentials) {
		const where = `${pkg.name}/${entry}`;
		try {
			const cred = instantiate(path.join(pkg.dir, entry));
			credentialNames.add(cred.name);
			checkCredentialDocsUrl(cred.documentationUrl, where, root);
			const icons = typeof cred.icon === 'string' ? [cred.icon] : Object.values(cred.icon ?? {});
			expect(icons.length > 0, `${where}: no icon`);
			for (const icon of icons) checkIcon(path.resolve(path.dirname(path.join(tarDir, entry)), String(icon).replace(/^file:/, '')), where);
		} catch (error) {
			problems.push(error.message);
		}
	}
	for (const entry of manifest.n8n.nodes) {
		const where = `${pkg.name}/${entry}`;
		try {
			const node = instantiate(path.join(pkg.dir, entry));
			const description = node.description ?? node.nodeVersions?.[node.currentVersion]?.description;
			const codex = readJson(path.join(tarDir, entry.replace(/\.js$/, '.json')));
			expect(codex.node === `${pkg.name}.${description.name}`, `${where}: codex "node" is ${codex.node}, n8n will load it as ${pkg.name}.${description.name}`);
			const sourceFile = path.join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
			checkNodeDocsUrl(codex.resources?.primaryDocumentation?.[0]?.url, docsPageFor(sourceFile), where, root);
			for (const c of description.credentials ?? []) {
				expect(credentialNames.has(c.name), `${where}: uses the credential type ${c.name}, which this package does not contain`);
			}
			const icons = typeof description.icon === 'string' ? [description.icon] : Object.values(description.icon ?? {});
			expect(icons.length > 0, `${where}: no icon`);
			for (const icon of icons) checkIcon(path.resolve(path.dirname(path.join(tarDir, entry)), String(icon).replace(/^file:/, '')), where);
		} catch (error) {
			problems.push(error.message);
		}
	}
	if (problems.length > 0) throw new Error(`${path.basename(pkg.tarball)}:\n  - ${problems.join('\n  - ')}`);
	return { files: all.length, distFiles: all.filter((f) => f.startsWith('dist/')).length, typeOnly, nodes: manifest.n8n.nodes.length, credentials: manifest.n8n.credentials.length };
}

/** The docs must stand alone: no references to files the project does not ship. */
function checkDocsSelfContained() {
	const files = [path.join(ROOT, 'README.md'), path.join(ROOT, 'README.zh-CN.md'), ...listFiles(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))];
	const problems = [];
	for (const file of files) {
		fs.readFileSync(file, 'utf8')
			.split('\n')
			.forEach((line, i) => {
				if (/VENDORS\.md|\bseeds?\b|\/work\//i.test(line)) problems.push(`${rel(file)}:${i + 1}: refers to material the project does not ship: ${line.trim().slice(0, 120)}`);
			});
		// relative links must name files that exist
		const text = fs.readFileSync(file, 'utf8');
		for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
			const target = m[1];
			if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
			const [f, anchor] = target.split('#');
			const resolved = path.resolve(path.dirname(file), f);
			if (!exists(resolved)) problems.push(`${rel(file)}: link to ${target}, which does not exist`);
			else if (anchor && resolved.endsWith('.md') && !markdownAnchors(resolved).has(anchor)) problems.push(`${rel(file)}: link to ${target}: no such heading`);
		}
		for (const m of text.matchAll(/\]\(#([^)\s]+)\)/g)) {
			if (!markdownAnchors(file).has(m[1])) problems.push(`${rel(file)}: link to #${m[1]}: no such heading`);
		}
	}
	if (problems.length > 0) throw new Error(`docs:\n  - ${problems.join('\n  - ')}`);
	return files.length;
}

/** Fails when a committed manifest (HEAD) is not what the sources derive: the build rewrites them. */
function checkCommittedManifests() {
	const git = run('git', ['rev-parse', '--is-inside-work-tree'], ROOT);
	if (!git.ok) return 'not a git checkout: committed manifests not compared';
	const stale = [];
	const lists = rootN8nLists();
	const headRoot = run('git', ['show', 'HEAD:package.json'], ROOT);
	if (headRoot.ok) {
		const n8n = JSON.parse(headRoot.output).n8n ?? {};
		if (JSON.stringify(n8n.nodes) !== JSON.stringify(lists.nodes) || JSON.stringify(n8n.credentials) !== JSON.stringify(lists.credentials)) {
			stale.push('package.json (n8n.nodes / n8n.credentials)');
		}
	}
	for (const pkg of packages().filter((p) => !p.allInOne)) {
		const file = `packages/${pkg.name}/package.json`;
		const head = run('git', ['show', `HEAD:${file}`], ROOT);
		const expected = `${JSON.stringify(manifestFor(pkg), null, 2)}\n`;
		if (!head.ok || head.output !== expected) stale.push(file);
	}
	if (stale.length > 0) {
		throw new Error(`committed manifests are out of date: ${stale.join(', ')}. \`npm run build\` rewrites them; commit the result.`);
	}
	return 'committed manifests are current';
}

module.exports = {
	ROOT,
	PACKAGES_DIR,
	ALL_IN_ONE,
	SOURCE_PATTERNS,
	TARBALL_PATTERNS,
	vendors,
	packages,
	entryPoints,
	selectSources,
	manifestFor,
	syncManifests,
	stage,
	run,
	runChecked,
	n8nNode,
	buildAll,
	ensureBuilt,
	scan,
	unpack,
	checkTarball,
	nodeTypes,
	checkDocsSelfContained,
	checkCommittedManifests,
	docsPageFor,
	kebab,
	markdownAnchors,
	githubSlug,
	repositoryUrl,
};
