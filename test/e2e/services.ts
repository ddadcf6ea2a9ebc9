/**
 * PostgreSQL and Redis from Debian's packages, started on loopback in folders of their own for
 * the queue-mode test (n8n scales on PostgreSQL, with Redis carrying the queue), and stopped
 * after it. Nothing listens beyond 127.0.0.1.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Service {
	port: number;
	stop: () => Promise<void>;
}

const freePort = () => 30000 + Math.floor(Math.random() * 20000);

export function postgresBin(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const version = readdirSync(root).sort().pop();
	const bin = version ? path.join(root, version, 'bin') : '';
	return bin && existsSync(path.join(bin, 'initdb')) ? bin : null;
}

/** A throwaway PostgreSQL cluster with database `n8n` owned by user `n8n` (password `n8n`). */
export async function startPostgres(): Promise<Service> {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (Debian package postgresql)');
	const dir = mkdtempSync(path.join(tmpdir(), 'hrdc-pg-'));
	chmodSync(dir, 0o777);
	const data = path.join(dir, 'data');
	const port = freePort();
	// PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
	const asPostgres = (command: string, args: string[]) =>
		execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], {
			stdio: 'pipe',
		});
	asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres']);
	asPostgres('pg_ctl', [
		'-D',
		data,
		'-l',
		path.join(dir, 'log'),
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
		'-w',
		'start',
	]);
	const psql = (sql: string) =>
		execFileSync(
			'runuser',
			[
				'-u',
				'postgres',
				'--',
				path.join(bin, 'psql'),
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				'postgres',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{ stdio: 'pipe' },
		);
	psql("CREATE USER n8n WITH PASSWORD 'n8n'");
	psql('CREATE DATABASE n8n OWNER n8n');
	return {
		port,
		stop: async () => {
			asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(): Promise<Service> {
	const port = freePort();
	const child: ChildProcess = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: 'ignore' },
	);
	const deadline = Date.now() + 15000;
	for (;;) {
		try {
			if (
				execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' })
					.toString()
					.trim() === 'PONG'
			)
				break;
		} catch {
			// not up yet
		}
		if (Date.now() > deadline) throw new Error('redis-server did not start');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		port,
		stop: async () => {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('close', resolve));
		},
	};
}

/**
 * `describe` when what a check needs is on the machine. When it is not, the check is never
 * skipped silently: it fails, saying what to install, unless E2E_ALLOW_MISSING=1 is set for a
 * local run, and then it shows as skipped in jest's summary (which .ci/run refuses).
 */
export function describeWhenInstalled(missing: string | null): jest.Describe {
	if (!missing) return describe;
	const reportMissing = ((name: string) =>
		describe(name, () => {
			if (process.env.E2E_ALLOW_MISSING === '1') {
				test.skip(`needs ${missing}`, () => undefined);
			} else {
				test(`needs ${missing}`, () => {
					throw new Error(
						`${missing} is missing, so this check cannot run (E2E_ALLOW_MISSING=1 shows it as skipped)`,
					);
				});
			}
		})) as unknown as jest.Describe;
	return reportMissing;
}
