#!/usr/bin/env bash
# CI: `npm pack` on a clone that was never built gives a tarball n8n can load. dist/ is removed
# first, so only the prepack script can put it back; every file the "n8n" field of package.json
# names must be in the tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
listing=$(tar tzf "$work/$tarball")
status=0
for file in $(node -p 'const n = require("./package.json").n8n; [...n.nodes, ...n.credentials].join("\n")'); do
	if ! grep -qxF "package/$file" <<<"$listing"; then
		echo "check-pack: $tarball lacks $file" >&2
		status=1
	fi
done
[ "$status" -eq 0 ] && echo "check-pack: $tarball has $(grep -c '^package/dist/' <<<"$listing") files under dist/"
exit "$status"
