// The build: n8n loads dist/, and the published package must have no runtime dependencies, so
// each entry point (the node and the credential) is bundled with csv-parse inside it (the
// multipart framing and the CSV writer are our own). n8n-workflow stays external: n8n provides it, and its error classes must be n8n's
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
		// Maps for local debugging only: no sources inside, no link from the code, and package.json
		// leaves them out of the tarball (n8n loads the .js files and nothing else).
		sourcemap: 'external',
		sourcesContent: false,
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
