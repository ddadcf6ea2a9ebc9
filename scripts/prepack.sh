#!/usr/bin/env bash
# prepack: `npm pack` and `npm publish` build first, then refuse to pack a package n8n could not
# load. Every file package.json's "n8n" field names must exist in dist/, or the tarball would
# install and show no node. Output goes to stderr: `npm pack` prints the tarball's name on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
npx gulp build >&2
missing=0
for file in $(node -p 'const n = require("./package.json").n8n; [...n.nodes, ...n.credentials].join("\n")'); do
	if [ ! -s "$file" ]; then
		echo "prepack: $file is missing after the build: the package would install without it" >&2
		missing=1
	fi
done
exit "$missing"
