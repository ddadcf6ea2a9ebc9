#!/usr/bin/env bash
# npm run check: what CI runs before the real-n8n tests, in one command: the lints (n8n's own,
# TypeScript, prettier, the structure check), n8n's community-package scanner, and npm test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/lint.sh
bash scripts/scan.sh
npx jest
