/**
 * A real n8n for end-to-end tests: installed once into a cache outside the repo by
 * scripts/install-n8n.sh, with this package packed by npm and installed the way n8n's
 * Community Nodes installer does it, in a fresh user folder per test run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
export const PACKAGE_NAME = 'n8n-nodes-activtrak-hrdc';

export interface N8nInstall {
	version: string;
	nodeHome: string;
	n8nDir: string;
}

export function installN8n(version = process.env.N8N_VERSION ?? '2.41.1'): N8nInstall {
	const output = execFileSync('bash', [path.join(REPO, 'scripts/install-n8n.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	const value = (name: string) => {
		const line = output.split('\n').find((l) => l.startsWith(`${name}=`));
		if (!line) throw new Error(`install-n8n.sh did not print ${name}`);
		return line.slice(name.length + 1).trim();
	};
	return { version, nodeHome: value('NODE_HOME'), n8nDir: value('N8N_DIR') };
}

/** `npm pack` of the built package (of this checkout, or another's); returns the tarball path. */
export function packPackage(destination: string, checkout = REPO): string {
	const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], {
		cwd: checkout,
		encoding: 'utf8',
	})
		.trim()
		.split('\n')
		.pop()!;
	return path.join(destination, name);
}

export interface ExecutionResult {
	ok: boolean;
	stdout: string;
	stderr: string;
	/** Parsed run data on success. */
	run?: {
		data: {
			resultData: {
				runData: Record<
					string,
					Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }>> } }>
				>;
			};
		};
	};
}

export interface RunningN8n {
	url: string;
	stop: () => Promise<void>;
	log: () => string;
}

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Hrdc',
	lastName: 'Tester',
	password: 'E2e-Passw0rd!',
};

/** Completes owner setup through n8n's REST API; returns the session cookie. */
export async function setupOwner(url: string): Promise<string> {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (!response.ok)
		throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!cookie) throw new Error('owner setup gave no session cookie');
	return cookie.split(';')[0].slice('n8n-auth='.length);
}

/**
 * The run's JSON in what `n8n execute --rawOutput` printed: it starts on a line of its own ("{")
 * and ends on one ("}"), with n8n's log lines before it and sometimes after it. The first "}"
 * line at which the text parses ends it (a "}" line inside a string value cannot: JSON strings
 * hold no line breaks).
 */
export function runDataIn(stdout: string): ExecutionResult['run'] {
	const start = stdout.search(/^\{$/m);
	if (start < 0) throw new Error(`no run data in n8n's output:\n${stdout.slice(-3000)}`);
	const ends = /^\}$/gm;
	ends.lastIndex = start;
	for (let end = ends.exec(stdout); end; end = ends.exec(stdout)) {
		try {
			return JSON.parse(stdout.slice(start, end.index + 1));
		} catch {
			// an inner object's closing line: the run goes on
		}
	}
	throw new Error(`n8n's run data does not parse:\n${stdout.slice(start, start + 3000)}`);
}

export class RealN8n {
	readonly userFolder: string;

	/** Settings added to every n8n command (database, queue mode, ...). */
	extraEnv: NodeJS.ProcessEnv = {};

	/** Each n8n also starts a task broker; its own port lets several n8n processes run at once. */
	readonly brokerPort = 20000 + Math.floor(Math.random() * 20000);

	readonly encryptionKey = 'e2e-encryption-key-not-secret';

	/** A fresh throwaway user folder, unless one is given (the dev loop keeps its own). */
	constructor(
		readonly install: N8nInstall,
		userFolder?: string,
	) {
		this.userFolder = userFolder ?? mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));
		mkdirSync(this.userFolder, { recursive: true });
	}

	/** The folder n8n's file nodes may read and write. */
	get filesDir(): string {
		return path.join(this.userFolder, 'files');
	}

	get env(): NodeJS.ProcessEnv {
		// Not jest's NODE_ENV=test or JEST_* variables: n8n behaves differently under them.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(
				([name]) => name !== 'NODE_ENV' && !name.startsWith('JEST_'),
			),
		);
		return {
			...inherited,
			PATH: `${path.join(this.install.nodeHome, 'bin')}:${process.env.PATH}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			...this.extraEnv,
			DB_SQLITE_POOL_SIZE: '1',
			NODE_OPTIONS: '',
		};
	}

	/** Installs the tarball where Settings > Community Nodes puts packages, as n8n does it. */
	installPackage(tarball: string): string {
		const nodesDir = path.join(this.userFolder, '.n8n', 'nodes');
		const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
		mkdirSync(packageDir, { recursive: true });
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		// n8n strips these before installing, so only runtime dependencies would be fetched.
		const manifestPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			readFileSync(manifestPath, 'utf8'),
		);
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		execFileSync(
			'npm',
			[
				'install',
				'--omit=dev',
				'--audit=false',
				'--fund=false',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: packageDir, stdio: 'ignore', env: this.env },
		);
		writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify(
				{
					name: 'installed-nodes',
					private: true,
					dependencies: { [PACKAGE_NAME]: manifest.version },
				},
				null,
				2,
			),
		);
		return packageDir;
	}

	/**
	 * Runs an n8n CLI command. Asynchronous on purpose: the emulator it talks to runs in this
	 * process, and a synchronous spawn would block it from answering.
	 */
	async n8n(
		args: string[],
		// Generous: the first command on a new user folder runs n8n's migrations, which take
		// minutes on a loaded 2-core machine.
		timeoutMs = 600_000,
	): Promise<{ status: number | null; stdout: string; stderr: string }> {
		const bin = path.join(this.install.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		const child = spawn(path.join(this.install.nodeHome, 'bin', 'node'), [bin, ...args], {
			env: this.env,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		let killed = false;
		const timer = setTimeout(() => {
			killed = true;
			child.kill('SIGKILL');
		}, timeoutMs);
		const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
		clearTimeout(timer);
		if (killed) stderr += `\n(n8n ${args[0]} was stopped after ${timeoutMs / 1000} s)`;
		return { status, stdout, stderr };
	}

	private async importFile(kind: 'workflow' | 'credentials', data: unknown) {
		const file = path.join(
			this.userFolder,
			`${kind}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`,
		);
		writeFileSync(file, JSON.stringify(data));
		const result = await this.n8n([`import:${kind}`, `--input=${file}`]);
		rmSync(file);
		if (result.status !== 0)
			throw new Error(`n8n import:${kind} failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importCredentials(
		credentials: Array<{ id: string; name: string; type: string; data: Record<string, unknown> }>,
	) {
		await this.importFile('credentials', credentials);
	}

	async importWorkflow(workflow: Record<string, unknown>) {
		await this.importFile('workflow', workflow);
	}

	/** The workflow as n8n keeps it (its static data included), through `n8n export:workflow`. */
	async exportWorkflow(workflowId: string): Promise<Record<string, unknown>> {
		const file = path.join(this.userFolder, `export-${Date.now()}.json`);
		const result = await this.n8n(['export:workflow', `--id=${workflowId}`, `--output=${file}`]);
		if (result.status !== 0)
			throw new Error(`n8n export:workflow failed:\n${result.stdout}\n${result.stderr}`);
		const exported = JSON.parse(readFileSync(file, 'utf8')) as unknown;
		rmSync(file);
		return (Array.isArray(exported) ? exported[0] : exported) as Record<string, unknown>;
	}

	/**
	 * Changes one of the node's baseline settings where its version keeps it: at the top level
	 * in version 1, in 'Baseline (Advanced)' (the `baseline` collection) from version 2.
	 */
	async setBaselineSetting(workflowId: string, nodeName: string, name: string, value: unknown) {
		const workflow = await this.exportWorkflow(workflowId);
		const nodes = workflow.nodes as Array<{
			name: string;
			typeVersion: number;
			parameters: Record<string, unknown>;
		}>;
		const node = nodes.find((candidate) => candidate.name === nodeName);
		if (!node) throw new Error(`workflow ${workflowId} has no node ${nodeName}`);
		node.parameters = withBaselineSettings(node, { [name]: value });
		await this.importWorkflow(workflow);
	}

	async execute(workflowId: string): Promise<ExecutionResult> {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput']);
		const ok = result.status === 0;
		let run: ExecutionResult['run'];
		if (ok) {
			run = runDataIn(result.stdout);
		}
		if (!ok) {
			// What n8n said, for the failing test's report (jest shows it beside the failure).
			console.error(
				`n8n execute --id=${workflowId} exited with ${result.status}:\n${result.stderr.slice(-3000)}\n${result.stdout.slice(-3000)}`,
			);
		}
		return { ok, stdout: result.stdout, stderr: result.stderr, run };
	}

	/** Output items of a node in a successful run. */
	static output(result: ExecutionResult, nodeName: string) {
		const task = result.run?.data.resultData.runData[nodeName]?.[0];
		return task?.data?.main[0] ?? [];
	}

	/**
	 * Starts `n8n start` (the editor and REST API) on loopback and waits until it answers.
	 * `extraEnv` adds settings such as queue mode.
	 */
	async startServer(
		port: number,
		extraEnv: NodeJS.ProcessEnv = {},
		command = 'start',
	): Promise<RunningN8n> {
		const bin = path.join(this.install.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
		const child = spawn(path.join(this.install.nodeHome, 'bin', 'node'), [bin, command], {
			env: {
				...this.env,
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_SECURE_COOKIE: 'false',
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				...extraEnv,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let log = '';
		child.stdout.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200000)));
		child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-200000)));
		const url = `http://127.0.0.1:${port}`;
		const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
		const stop = async () => {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			await exited;
			clearTimeout(timer);
		};
		const deadline = Date.now() + 180_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`n8n ${command} exited:\n${log}`);
			try {
				const response = await fetch(`${url}/healthz/readiness`);
				if (response.ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n ${command} did not answer on ${url}:\n${log}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return { url, stop, log: () => log };
	}

	dispose() {
		rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/**
 * The HRDC node's settings for a test's first sync whose subject is not the ledger: the ledger is
 * handed out (Workflow Data, which also works from the editor) and First Upload is on. The
 * ledger's own rules are tested with Static Data in approval.e2e and installedPackage.e2e.
 */
export const FIRST_SYNC = { baselineStore: 'workflowData', firstUpload: true } as const;

/**
 * A node's parameters with baseline settings where its version keeps them: the top level before
 * version 2, the 'Baseline (Advanced)' collection (`baseline`) from version 2.
 */
function withBaselineSettings(
	node: { typeVersion?: unknown; parameters?: unknown },
	settings: Record<string, unknown>,
): Record<string, unknown> {
	const parameters = (node.parameters ?? {}) as Record<string, unknown>;
	if (Number(node.typeVersion) < 2) return { ...parameters, ...settings };
	const baseline = (parameters.baseline ?? {}) as Record<string, unknown>;
	return { ...parameters, baseline: { ...baseline, ...settings } };
}

/** The workflow with FIRST_SYNC in each ActivTrak HRDC node. */
export function asFirstSync<T extends { nodes: Array<Record<string, unknown>> }>(workflow: T): T {
	const nodes = workflow.nodes.map((node) =>
		String(node.type).startsWith('n8n-nodes-activtrak-hrdc.')
			? { ...node, parameters: withBaselineSettings(node, FIRST_SYNC) }
			: node,
	);
	return { ...workflow, nodes };
}
