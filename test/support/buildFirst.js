// jest's globalSetup: builds dist/ before any test runs, so the engine tests (which load the
// built node, as n8n does) never run stale code after an edit, however jest was started.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function buildFirst() {
	const root = path.resolve(__dirname, '../..');
	execFileSync(process.execPath, [path.join(root, 'node_modules/gulp/bin/gulp.js'), 'build'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
};
