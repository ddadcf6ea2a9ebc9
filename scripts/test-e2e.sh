#!/usr/bin/env bash
# npm run test:e2e [-- <n8n version>]: the packed package in a real n8n (default 2.41.1).
# The editor check drives n8n 2.x's UI; on 1.x the install-and-run and queue-mode checks apply.
set -euo pipefail
cd "$(dirname "$0")/.."
export N8N_VERSION="${1:-${N8N_VERSION:-2.41.1}}"
npx gulp build >/dev/null
if [[ "$N8N_VERSION" == 1.* ]]; then
	exec npx jest -c jest.e2e.config.js --runInBand test/e2e/installedPackage.e2e.test.ts test/e2e/queueMode.e2e.test.ts test/e2e/presets.e2e.test.ts
fi
exec npx jest -c jest.e2e.config.js --runInBand
