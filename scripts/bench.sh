#!/usr/bin/env bash
# npm run bench [-- <case>] [-- options]: one entry for every benchmark (figures, never a pass or
# fail; results and their history in bench/results.md).
#   n8n         (the default) this node against Convert to File + HTTP Request, a new n8n per run
#   server      the same in one running n8n, runs by webhook
#   snapshot    the pure snapshot code in-process, against csv-stringify alone
#   presets     a source preset against the auto-map path, in-process
#   load        memory under rounds of 20 concurrent workflows
#   hostile     what a 50 MB or '<'-filled answer costs, against a normal one
#   event-loop  the longest stall of the event loop while the node runs
#   live-check  what 'Check Against ActivTrak' adds to a preview (SCIM over loopback)
# Options after the case go to it: npm run bench -- snapshot --inlining.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
case="n8n"
if [[ $# -gt 0 && "$1" != -* ]]; then
	case="$1"
	shift
fi
# The pure benches run bundled, as the node ships (one module, esbuild's output).
bundled() {
	local name="$1"
	shift
	npx esbuild "bench/$name.ts" --bundle --platform=node --target=node20 --outfile=".tmp/bench-$name.js" --log-level=warning
	exec node --expose-gc ".tmp/bench-$name.js" "$@"
}
case "$case" in
n8n) npx gulp build >/dev/null && exec npx tsx bench/n8n.ts "$@" ;;
server) npx gulp build >/dev/null && exec npx tsx bench/n8nServer.ts "$@" ;;
snapshot) bundled snapshot "$@" ;;
presets) bundled presets "$@" ;;
load) npx gulp build >/dev/null && exec node --expose-gc --import tsx bench/load.ts "$@" ;;
hostile) npx gulp build >/dev/null && exec node --expose-gc --import tsx bench/hostile.ts "$@" ;;
event-loop) npx gulp build >/dev/null && exec node --import tsx bench/eventLoop.ts "$@" ;;
live-check) npx gulp build >/dev/null && exec npx tsx bench/liveCheck.ts "$@" ;;
*)
	echo "npm run bench: no case '$case' (n8n, server, snapshot, presets, load, hostile, event-loop, live-check)" >&2
	exit 2
	;;
esac
