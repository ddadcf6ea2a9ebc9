#!/usr/bin/env bash
# prepublishOnly: the package is published only by .github/workflows/publish.yml, with npm
# provenance (n8n requires it of verified community nodes). Anywhere else this stops `npm
# publish`; publishConfig.provenance in package.json stops it too when lifecycle scripts are
# skipped (the repo's .npmrc skips them), since npm cannot sign provenance off GitHub Actions.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${GITHUB_ACTIONS:-}" != "true" ] || [ "${GITHUB_WORKFLOW:-}" != "Publish" ]; then
	echo "prepublishOnly: publish by pushing a version tag; .github/workflows/publish.yml publishes with provenance" >&2
	exit 1
fi
npx gulp build
bash scripts/scan.sh
