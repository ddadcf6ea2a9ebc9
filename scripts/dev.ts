/**
 * `npm run dev`: the builder's dev loop. Starts the HRDC emulator and a real n8n on
 * http://localhost:5678 with this package built and loaded, a credential for the emulator and
 * the example workflow imported, and rebuilds the package when a source file changes (n8n
 * reloads it: N8N_DEV_RELOAD). Ctrl+C stops everything. The n8n user folder is kept in
 * .tmp/dev-n8n, so the owner account and your edits survive restarts.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';

import { HrdcEmulator } from '../test/emulator/HrdcEmulator';
import { SAMPLE_ACCOUNT } from '../test/emulator/sampleAccount';
import { OWNER, RealN8n, installN8n, setupOwner } from '../test/e2e/realN8n';

const REPO = path.resolve(__dirname, '..');
const PORT = Number(process.env.N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 8787);
const API_KEY = 'dev-key';

function build(): Promise<boolean> {
	return new Promise((resolve) => {
		const child = spawn('npx', ['gulp', 'build'], {
			cwd: REPO,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		child.on('close', (code) => resolve(code === 0));
	});
}

async function main() {
	if (!(await build())) throw new Error('build failed');
	const emulator = new HrdcEmulator({ apiKey: API_KEY, seed: SAMPLE_ACCOUNT });
	const emulatorUrl = await emulator.start(EMULATOR_PORT);

	const n8nInstall = installN8n(process.env.N8N_VERSION ?? '2.41.1');
	// A lasting user folder, so the owner account and edits in the editor survive restarts.
	const userFolder = path.join(REPO, '.tmp', 'dev-n8n');
	const fresh = !existsSync(path.join(userFolder, '.n8n', 'database.sqlite'));
	const n8n = new RealN8n(n8nInstall, userFolder);
	// Installed where Community Nodes puts packages, as a copy: a symlink to the repository
	// would make the node load the repository's n8n-workflow instead of n8n's own.
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', 'n8n-nodes-activtrak-hrdc');
	const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const installPackage = () => {
		rmSync(packageDir, { recursive: true, force: true });
		mkdirSync(packageDir, { recursive: true });
		cpSync(path.join(REPO, 'dist'), path.join(packageDir, 'dist'), { recursive: true });
		cpSync(path.join(REPO, 'index.js'), path.join(packageDir, 'index.js'));
		writeFileSync(
			path.join(packageDir, 'package.json'),
			JSON.stringify(
				{ name: manifest.name, version: manifest.version, main: 'index.js', n8n: manifest.n8n },
				null,
				2,
			),
		);
	};
	installPackage();
	writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [manifest.name]: manifest.version },
			},
			null,
			2,
		),
	);
	await n8n.importCredentials([
		{
			id: 'activTrakHrdcDemo',
			name: 'ActivTrak HRDC (local emulator)',
			type: 'activTrakHrdcApi',
			data: { region: 'custom', baseUrl: emulatorUrl, apiKey: API_KEY },
		},
	]);
	if (fresh)
		await n8n.importWorkflow(
			JSON.parse(readFileSync(path.join(REPO, 'examples/hr-to-activtrak.workflow.json'), 'utf8')),
		);
	n8n.extraEnv = { N8N_DEV_RELOAD: 'true' };
	const server = await n8n.startServer(PORT, {
		N8N_HOST: 'localhost',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
	});
	if (fresh) await setupOwner(server.url);

	let rebuilding = false;
	const watcher = watch(path.join(REPO, 'nodes'), { recursive: true }, () => {
		if (rebuilding) return;
		rebuilding = true;
		setTimeout(async () => {
			if (await build()) {
				installPackage();
				console.log('rebuilt: n8n reloads the node');
			} else {
				console.log('build failed, see above');
			}
			rebuilding = false;
		}, 300);
	});

	console.log(`
ActivTrak HRDC dev loop is running.
  n8n editor:      http://localhost:${PORT}/workflow/hrToActivTrak01   (log in as ${OWNER.email} / ${OWNER.password})
  HRDC emulator:   ${emulatorUrl}  (key ${API_KEY}); its account: ${emulatorUrl}/_emulator/state
  Click "Execute workflow", then open the ActivTrak HRDC node to see the summary and the CSV.
  Edit nodes/**: the package is rebuilt and n8n reloads it. Ctrl+C stops everything.`);

	const stop = async () => {
		watcher.close();
		await server.stop();
		await emulator.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
