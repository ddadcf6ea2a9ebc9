#!/usr/bin/env bash
# npm run lint: every check of the code short of running it.
# 1. n8n-node lint: n8n's rules for community nodes (n8n Cloud rules included) over what is
#    published, with eslint.config.mjs (the config `npm create @n8n/node` writes, plus ignores).
# 2. The same published sources with the template's eslint.config.mjs untouched, as strict mode
#    would insist: proof that the ignores in ours leave nothing published unchecked.
# 3. The TypeScript rules over tests, benchmarks and scripts.
# 4. The type check of everything, tests included; 5. prettier, n8n's starter settings;
# 6. the house rules: no file under nodes/ or credentials/ over 250 lines, no import cycle.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
run() {
	echo "::: $*"
	"$@" || status=1
}
run npx n8n-node lint
run npx eslint --config node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs \
	nodes credentials package.json
run npx eslint --config scripts/eslint.support.config.mjs test bench scripts
run npx tsc -p tsconfig.json
run npx prettier --check --log-level warn .
run npx tsx scripts/check-structure.ts
exit $status
