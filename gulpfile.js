// The build: n8n loads dist/, and the published package must have no runtime dependencies, so
// each entry point (the node and the credential) is bundled with form-data and csv-parse
// inside it. n8n-workflow stays external: n8n provides it, and its error classes must be n8n's
// own for n8n to recognise them.
const { series, src, dest } = require('gulp');
const { rm } = require('node:fs/promises');
const esbuild = require('esbuild');

const ENTRY_POINTS = {
	'credentials/ActivTrakHrdcApi.credentials': 'credentials/ActivTrakHrdcApi.credentials.ts',
	'nodes/ActivTrakHrdc/ActivTrakHrdc.node': 'nodes/ActivTrakHrdc/ActivTrakHrdc.node.ts',
};

async function clean() {
	await rm('dist', { recursive: true, force: true });
}

async function bundle() {
	await esbuild.build({
		entryPoints: ENTRY_POINTS,
		outdir: 'dist',
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		sourcemap: true,
		legalComments: 'linked',
		logLevel: 'warning',
	});
}

function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports.clean = clean;
exports.build = series(clean, bundle, copyAssets);
exports.default = exports.build;
