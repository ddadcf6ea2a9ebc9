/**
 * The node's credential test, run with n8n-core's own legacy request helper (what n8n's
 * credential tester gives it) against the emulator and plain servers on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { proxyRequestToAxios } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/legacy-request-adapter';

import {
	CHECK_TIMEOUT_MS,
	testActivTrakCredential,
} from '../../nodes/ActivTrakHrdc/transport/credentialCheck';
import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { builtNode } from '../support/engine';

type CredentialTest = (
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
) => Promise<INodeCredentialTestResult>;

const node = builtNode();
const credentialTest = (node.methods?.credentialTest as Record<string, CredentialTest>)
	.activTrakHrdcApiTest;

const testFunctions = {
	logger: { debug() {}, info() {}, warn() {}, error() {} },
	helpers: {
		request: async (uriOrObject: string | object, options?: object) =>
			await proxyRequestToAxios(
				undefined,
				undefined,
				undefined,
				uriOrObject as never,
				options as never,
			),
	},
} as unknown as ICredentialTestFunctions;

const check = async (data: Record<string, unknown>) =>
	await credentialTest.call(testFunctions, {
		id: '1',
		name: 'c',
		type: 'activTrakHrdcApi',
		data,
	} as ICredentialsDecrypted);

function plainServer(status: number): Promise<{ url: string; server: Server; seen: string[] }> {
	const seen: string[] = [];
	const server = createServer((req, res) => {
		seen.push(`${req.method} ${req.url}`);
		res.writeHead(status, { 'content-type': 'text/plain' });
		res.end('x');
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen }),
		),
	);
}

describe('credential test', () => {
	const emulator = new HrdcEmulator({ apiKey: 'right-key' });
	let url = '';
	beforeAll(async () => (url = await emulator.start()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => emulator.reset({ users: [{ email: 'a@x.com' }] }));

	test('the node declares it for the credential', () => {
		expect(node.description.credentials).toEqual([
			{ name: 'activTrakHrdcApi', required: true, testedBy: 'activTrakHrdcApiTest' },
		]);
	});

	test('a good key passes, with a read-only GET that changes nothing', async () => {
		const before = emulator.state();
		const result = await check({ region: 'custom', baseUrl: url, apiKey: 'right-key' });
		expect(result).toEqual({
			status: 'OK',
			message: `Connected to ActivTrak at ${url}; the API key was accepted`,
		});
		// The second GET carries a made-up key: the host proved it tells keys apart.
		expect(emulator.requests.map((r) => `${r.method} ${r.path} ${r.apiKeyAccepted}`)).toEqual([
			'GET /hrdc/ping true',
			'GET /hrdc/ping false',
		]);
		expect(emulator.uploads).toHaveLength(0);
		expect(emulator.state()).toEqual(before);
	});

	describe('with a SCIM API Key', () => {
		beforeEach(() => (emulator.scimKey = 'scim-key'));
		afterEach(() => (emulator.scimKey = undefined));
		const withScim = (scimApiKey: string) =>
			check({ region: 'custom', baseUrl: url, apiKey: 'right-key', scimApiKey });
		const asked = () => emulator.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

		test('checks both keys, each at its own read-only route, and sends nothing else', async () => {
			const before = emulator.state();
			expect(await withScim('scim-key')).toEqual({
				status: 'OK',
				message: `Connected to ActivTrak at ${url}; the API key and the SCIM API key were accepted`,
			});
			expect(asked()).toEqual([
				'GET /hrdc/ping 200',
				'GET /hrdc/ping 401',
				'GET /scim/v1/ping 200',
				'GET /scim/v1/ping 401',
			]);
			expect(emulator.scimWrites).toEqual([]);
			expect(emulator.state()).toEqual(before);
		});

		test('a rejected SCIM key is named as that key', async () => {
			expect(await withScim('old-scim-key')).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/rejected the SCIM API key \(401\); check it and the region/,
				),
			});
		});

		test('a wrong HRDC key stops the test before the SCIM key is sent anywhere', async () => {
			const result = await check({
				region: 'custom',
				baseUrl: url,
				apiKey: 'wrong-key',
				scimApiKey: 'scim-key',
			});
			expect(result.message).toMatch(/rejected the API key \(401\)/);
			expect(asked().some((line) => line.includes('/scim/'))).toBe(false);
		});

		test('without one, SCIM is not asked at all', async () => {
			expect((await withScim('')).status).toBe('OK');
			expect(asked()).toEqual(['GET /hrdc/ping 200', 'GET /hrdc/ping 401']);
		});
	});

	test('a rejected key is told apart', async () => {
		const result = await check({ region: 'custom', baseUrl: `${url}/`, apiKey: 'wrong-key' });
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/rejected the API key \(401\)/),
		});
		expect(result.message).not.toContain('wrong-key');
	});

	test('an unreachable host is told apart from a bad key', async () => {
		const closed = await plainServer(200);
		await new Promise((resolve) => closed.server.close(resolve));
		const result = await check({ region: 'custom', baseUrl: closed.url, apiKey: 'k' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Could not reach .*ECONNREFUSED/);
	});

	test('a missing check route is never green, and is not called a bad key', async () => {
		const server = await plainServer(404);
		try {
			const result = await check({ region: 'custom', baseUrl: server.url, apiKey: 'k' });
			// n8n shows only an error's text: an OK here would read "Connection tested successfully".
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/reached .*, but the API key could not be checked/i);
			expect(result.message).not.toMatch(/rejected/);
			expect(server.seen).toEqual(['GET /hrdc/ping']);
		} finally {
			server.server.close();
		}
	});

	test.each([
		['https://api.activtrak.com/hrdc/v2/bulk', 'https://api.activtrak.com'],
		['https://api-uk.activtrak.com/hrdc/', 'https://api-uk.activtrak.com'],
		['https://gw.example.com/activtrak/HRDC/v2/bulk', 'https://gw.example.com/activtrak'],
	])('a base URL with the API path in it (%s) is refused, naming the fix', async (baseUrl, fix) => {
		const result = await check({ region: 'custom', baseUrl, apiKey: 'k' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain(`includes an API path`);
		expect(result.message).toContain(`enter only ${fix}, and the node adds /hrdc/v2/bulk itself`);
	});

	test('403 is a rejected key too', async () => {
		const server = await plainServer(403);
		try {
			expect((await check({ region: 'custom', baseUrl: server.url, apiKey: 'k' })).message).toMatch(
				/rejected the API key \(403\)/,
			);
		} finally {
			server.server.close();
		}
	});

	test('a host that answers 200 to any key is not called connected', async () => {
		const server = await plainServer(200);
		try {
			const result = await check({ region: 'custom', baseUrl: server.url, apiKey: 'k' });
			expect(result).toEqual({
				status: 'Error',
				message: `${server.url} answered 200 but also answered 200 to a made-up key, so it did not prove the API key is valid; check that the base URL is ActivTrak's`,
			});
		} finally {
			server.server.close();
		}
	});

	test('a custom base URL outside ActivTrak is flagged, and the key is not sent there', async () => {
		const helpers = { request: jest.fn() };
		const result = await credentialTest.call(
			{ ...testFunctions, helpers } as unknown as ICredentialTestFunctions,
			{
				id: '1',
				name: 'c',
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: 'https://hrdc.example.com', apiKey: 'k' },
			} as ICredentialsDecrypted,
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^https:\/\/hrdc\.example\.com is not an ActivTrak address \(activtrak\.com\), so the test did not send the key there/,
		);
		expect(helpers.request).not.toHaveBeenCalled();
	});

	test('an insecure custom URL fails without any request', async () => {
		const result = await check({ region: 'custom', baseUrl: 'http://example.com', apiKey: 'k' });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/must use https/) });
	});

	describe('hostile hosts: the check is bounded in time and memory', () => {
		const servers: Server[] = [];
		afterEach(() => {
			for (const server of servers.splice(0)) {
				server.closeAllConnections();
				server.close();
			}
		});
		const listen = (handler: Parameters<typeof createServer>[1]) =>
			new Promise<string>((resolve) => {
				const server = createServer(handler);
				servers.push(server);
				server.listen(0, '127.0.0.1', () =>
					resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
				);
			});
		const loopback = (baseUrl: string) => ({ region: 'custom', baseUrl, apiKey: 'k-123456' });

		test('a 200 whose body trickles for ever is answered at once (the body is not read)', async () => {
			const timers: NodeJS.Timeout[] = [];
			const bodies: Array<{ writableEnded: boolean }> = [];
			const url = await listen((req, res) => {
				res.writeHead(req.headers['x-api-key'] === 'k-123456' ? 200 : 401);
				bodies.push(res);
				timers.push(setInterval(() => res.write('x'), 100));
			});
			const result = await check(loopback(url));
			// Answered while both bodies were still being sent: their end was never waited for.
			expect(bodies.map((body) => body.writableEnded)).toEqual([false, false]);
			timers.forEach(clearInterval);
			expect(result.status).toBe('OK');
		});

		test('a 64 MB answer is not read: the connection closes before it is sent', async () => {
			let finished = false;
			const url = await listen((req, res) => {
				res.writeHead(req.headers['x-api-key'] === 'k-123456' ? 200 : 401);
				res.on('finish', () => (finished = true));
				const chunk = Buffer.alloc(1024 * 1024, 'a');
				let sent = 0;
				const pump = (): void => {
					while (sent < 64 && !res.destroyed) {
						sent++;
						if (!res.write(chunk)) {
							res.once('drain', pump);
							return;
						}
					}
					if (!res.destroyed) res.end();
				};
				pump();
			});
			const result = await check(loopback(url));
			expect(result.status).toBe('OK');
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(finished).toBe(false);
		});

		test('headers that trickle in end the check at its deadline (15 s; 1 s here)', async () => {
			const timers: NodeJS.Timeout[] = [];
			const url = await listen((_req, res) => {
				const head = 'HTTP/1.1 200 OK\r\n' + 'X-Slow: ' + 'y'.repeat(400);
				let at = 0;
				timers.push(
					setInterval(() => {
						if (at < head.length) res.socket?.write(head[at++]);
					}, 50),
				);
			});
			expect(CHECK_TIMEOUT_MS).toBe(15_000);
			const started = Date.now();
			// The deadline is the check's own argument: a loaded machine can only make it later.
			const result = await testActivTrakCredential(testFunctions, loopback(url), 1_000);
			timers.forEach(clearInterval);
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(/^Could not reach .* \(ETIMEDOUT\)/),
			});
			// Not before the deadline: the headers (20 s of them) never finished.
			expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		});
	});
});
