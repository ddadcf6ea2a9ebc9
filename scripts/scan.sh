#!/usr/bin/env bash
# bash scripts/scan.sh (part of npm run check): n8n's community-package scanner (@n8n/scan-community-package), offline, on the two
# legs n8n checks before it verifies a package: the sources (package.json, nodes/, credentials/
# with its SOURCE_FILE_PATTERNS) and a freshly packed tarball (its default patterns).
# Its CLI wants a package published with provenance, so this calls its analyzePackage() directly.
# Installing it here: the published scanner pins typescript 7.0.2, which its parser cannot load
# (5.9.3 is used), and its eslint-plugin-n8n-nodes-base has a preinstall that fails under npm
# (installed with --ignore-scripts). Cached in $SCAN_CACHE; the cache counts only once the
# scanner loads. Prints "scanner: source passed|failed, tarball passed|failed" and exits non-zero
# on any error, with the findings above that line.
set -euo pipefail
cd "$(dirname "$0")/.."
unset npm_config_ignore_scripts NPM_CONFIG_IGNORE_SCRIPTS
SCANNER_VERSION=0.32.0
CACHE="${SCAN_CACHE:-$HOME/.cache/n8n-nodes-activtrak-hrdc/scanner-$SCANNER_VERSION}"
SCANNER="$CACHE/package"

if [ ! -f "$CACHE/ok" ]; then
	rm -rf "$CACHE"
	mkdir -p "$CACHE"
	(cd "$CACHE" && npm pack --silent "@n8n/scan-community-package@$SCANNER_VERSION" >/dev/null &&
		tar -xzf "n8n-scan-community-package-$SCANNER_VERSION.tgz")
	node -e '
		const fs = require("fs"); const file = process.argv[1] + "/package.json";
		const p = JSON.parse(fs.readFileSync(file, "utf8"));
		p.dependencies.typescript = "5.9.3";
		delete p.devDependencies;
		fs.writeFileSync(file, JSON.stringify(p, null, 2));' "$SCANNER"
	(cd "$SCANNER" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >"$CACHE/install.log" 2>&1) ||
		{ echo "scanner: install failed, see $CACHE/install.log"; exit 2; }
	(cd "$SCANNER" && node --input-type=module -e 'await import("./scanner/scanner.mjs")') ||
		{ echo "scanner: installed but does not load"; exit 2; }
	touch "$CACHE/ok"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/source" "$WORK/tarball"
cp -r package.json nodes credentials "$WORK/source/"
npx gulp build >/dev/null
tarball=$(npm pack --silent --pack-destination "$WORK" | tail -n 1)
tar -xzf "$WORK/$tarball" -C "$WORK/tarball" --strip-components=1

cat >"$WORK/scan.mjs" <<'JS'
const [scannerDir, sourceDir, tarballDir] = process.argv.slice(2);
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(`${scannerDir}/scanner/scanner.mjs`);
const source = await analyzePackage(sourceDir, SOURCE_FILE_PATTERNS);
const tarball = await analyzePackage(tarballDir);
const errors = (result) => ((result.details ?? '').match(/ error /g) ?? []).length;
const verdict = (result) => (result.passed ? 'passed' : `failed (${errors(result)} errors)`);
for (const result of [source, tarball]) if (!result.passed) console.log(result.details ?? result.message);
console.log(`scanner: source ${verdict(source)}, tarball ${verdict(tarball)}`);
process.exit(source.passed && tarball.passed ? 0 : 1);
JS
cd "$SCANNER" && node "$WORK/scan.mjs" "$SCANNER" "$WORK/source" "$WORK/tarball"
