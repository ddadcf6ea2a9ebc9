/**
 * Fault injection on loopback: every way an upload can go wrong, with the end the node must
 * reach (retried then accepted, or failed with the right words) and, in every case, proof that
 * only whole, byte-identical copies of the one snapshot were ever sent, and no key leaked.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import { parseStrictCsv } from '../support/strictCsv';
import { useEmulator } from '../support/emulatorSetup';
import { CSV_HEADER, rowCells } from '../support/snapshots';

const API_KEY = 'fault-suite-key-5d1e';
const ITEMS = [
	{ user_lookup_id: 'a@x.com', group: ['Sales', 'EMEA'] },
	{ user_lookup_id: 'b@x.com', group: 'Sales' },
];
const EXPECTED_ROWS = [
	CSV_HEADER.trimEnd().split(','),
	rowCells({ user_lookup_id: 'a@x.com', group: 'Sales' }),
	rowCells({ user_lookup_id: 'a@x.com', group: 'EMEA' }),
	rowCells({ user_lookup_id: 'b@x.com', group: 'Sales' }),
];
// Short waits so the suite stays fast; the policy itself is the node's.
const FAST_RETRIES = {
	maxRetries: 3,
	retryDelaySeconds: 0.05,
	maxRetryWaitSeconds: 5,
	timeoutSeconds: 1,
};

describe('faults', () => {
	const { emulator, credentials } = useEmulator(API_KEY, {
		users: [{ email: 'a@x.com' }, { email: 'b@x.com' }],
	});

	async function upload(faults: Fault[], options: IDataObject = FAST_RETRIES, creds = credentials) {
		emulator.injectFaults(...faults);
		const result = await runWorkflow(hrdcWorkflow(ITEMS, { options }), {
			credentials: creds,
			mode: 'trigger',
		});
		const everything = JSON.stringify({
			run: result.run,
			error: result.error,
			stack: (result.error as { stack?: string })?.stack,
		});
		expect(everything).not.toContain(API_KEY);
		return result;
	}

	/** Every request that arrived whole carried the same bytes, and its CSV is exactly the snapshot. */
	function expectOnlyWholeIdenticalSnapshots() {
		const whole = emulator.uploads.filter((request) => !request.cut);
		expect(whole.length).toBeGreaterThan(0);
		expect(new Set(whole.map((request) => request.bodySha256)).size).toBe(1);
		for (const request of whole) expect(parseStrictCsv(request.csv!)).toEqual(EXPECTED_ROWS);
		for (const cut of emulator.uploads.filter((request) => request.cut)) {
			expect(cut.bodyBytes).toBeLessThan(whole[0].bodyBytes);
		}
	}

	const accepted = () =>
		expect(emulator.state().groups.map((g) => g.name)).toEqual(['EMEA', 'Sales']);
	const untouched = () => expect(emulator.state().groups).toEqual([]);

	test.each([429, 502, 503, 504])(
		'%i is retried, then the same snapshot is accepted',
		async (status) => {
			const result = await upload([{ status }, { status }]);
			expect(result.error).toBeUndefined();
			expect(emulator.uploads.map((r) => r.status)).toEqual([status, status, 200]);
			expect(result.output('ActivTrak HRDC')[0].json).toMatchObject({
				uploaded: true,
				attempts: 3,
			});
			expectOnlyWholeIdenticalSnapshots();
			accepted();
		},
	);

	test('Retry-After in seconds is honoured', async () => {
		const result = await upload([{ status: 429, headers: { 'retry-after': '1' } }]);
		expect(result.error).toBeUndefined();
		const [first, second] = emulator.uploads;
		expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
		expectOnlyWholeIdenticalSnapshots();
	});

	test('Retry-After as an HTTP date is honoured', async () => {
		const at = new Date(Date.now() + 2000);
		const result = await upload([{ status: 503, headers: { 'retry-after': at.toUTCString() } }]);
		expect(result.error).toBeUndefined();
		const [, second] = emulator.uploads;
		// HTTP dates have whole seconds: the retry comes no earlier than that second.
		expect(second.receivedAt).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000 - 50);
		expectOnlyWholeIdenticalSnapshots();
	});

	test('a Retry-After longer than the retry budget fails at once, saying so', async () => {
		const result = await upload([{ status: 429, headers: { 'retry-after': '120' } }]);
		expect(result.error?.message).toBe(
			'ActivTrak answered 429 (ActivTrak asked to wait 120 s, more than the 5 s of retry time left)',
		);
		expect(emulator.uploads).toHaveLength(1);
		untouched();
	});

	test('a lasting 503 gives up after the retries, saying how often over how long', async () => {
		const result = await upload([
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
			{ status: 503 },
		]);
		expect(result.error?.message).toMatch(
			/^ActivTrak answered 503 \(tried 4 times over [\d.]+ s; no retries left\)$/,
		);
		expect(emulator.uploads).toHaveLength(4);
		expectOnlyWholeIdenticalSnapshots();
		untouched();
	});

	test('retries switched off: one attempt', async () => {
		const result = await upload([{ status: 503 }], { ...FAST_RETRIES, maxRetries: 0 });
		expect(result.error?.message).toBe('ActivTrak answered 503 (retries are switched off)');
		expect(emulator.uploads).toHaveLength(1);
	});

	test.each<[number, string, RegExp]>([
		[400, 'ActivTrak refused the snapshot: bad file', /ActivTrak said: bad file/],
		[
			401,
			'ActivTrak rejected the API key',
			/Check the credential's API key and region .*answered 401/,
		],
		[403, 'ActivTrak rejected the API key', /answered 403/],
		[
			404,
			'ActivTrak has no HRDC endpoint at this address',
			/Tried http:\/\/127\.0\.0\.1:\d+\/hrdc\/v2\/bulk\. This usually means the wrong region or base URL/,
		],
		[413, 'ActivTrak refused the snapshot as too large', /The upload was \d+ bytes \(0\.0 MiB\)/],
	])('%i is not retried', async (status, message, description) => {
		const result = await upload([
			{ status, body: JSON.stringify({ messages: ['bad file'], success: false }) },
		]);
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toMatch(description);
		expect(result.error).toMatchObject({ httpCode: String(status) });
		expect(emulator.uploads).toHaveLength(1);
		untouched();
	});

	test('a response slower than the timeout counts as a dropped connection and is retried', async () => {
		const result = await upload([{ status: 200, delayMs: 1500 }]);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads).toHaveLength(2);
		expectOnlyWholeIdenticalSnapshots();
		accepted();
	});

	test('a connection reset mid-upload is retried with the whole snapshot', async () => {
		const result = await upload([{ resetAfterBytes: 120 }]);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads.map((r) => r.status)).toEqual([-1, 200]);
		expectOnlyWholeIdenticalSnapshots();
		accepted();
	});

	test('a reset on every attempt ends in a clear failure', async () => {
		const result = await upload([
			{ reset: true },
			{ reset: true },
			{ reset: true },
			{ reset: true },
		]);
		expect(result.error?.message).toMatch(
			/^Could not reach ActivTrak at http:\/\/127\.0\.0\.1:\d+ \(ECONNRESET\)$/,
		);
		expect(result.error?.description).toMatch(
			/The node tried 4 times over [\d.]+ s; no retries left\./,
		);
		expectOnlyWholeIdenticalSnapshots();
	});

	test('a refused connection is retried, then reported', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise((resolve) => closed.close(resolve));
		const result = await upload([], FAST_RETRIES, {
			activTrakHrdcApi: { region: 'custom', baseUrl: `http://127.0.0.1:${port}`, apiKey: API_KEY },
		});
		expect(result.error?.message).toBe(
			`Could not reach ActivTrak at http://127.0.0.1:${port} (ECONNREFUSED)`,
		);
		expect(result.error?.description).toMatch(/tried 4 times/);
	});

	test.each<[string, Fault, RegExp]>([
		['an empty body', { status: 200, body: '' }, /Status 200, body: \(empty\)/],
		[
			'a body that is not JSON',
			{ status: 200, body: '<html><h1>OK</h1></html>', headers: { 'content-type': 'text/html' } },
			/Status 200, body: OK\./,
		],
	])(
		'a 200 with %s is a failure that says the outcome is unknown',
		async (_name, fault, description) => {
			const result = await upload([fault]);
			expect(result.error?.message).toBe(
				'ActivTrak answered with a body that is not its usual JSON',
			);
			expect(result.error?.description).toMatch(description);
			expect(result.error?.description).toMatch(/safe to run again/);
			expect(emulator.uploads).toHaveLength(1);
		},
	);

	test('a 200 with success: false is a failure', async () => {
		const result = await upload([
			{ status: 200, body: JSON.stringify({ success: false, messages: ['Import paused'] }) },
		]);
		expect(result.error?.message).toBe('ActivTrak did not accept the snapshot: Import paused');
		expect(emulator.uploads).toHaveLength(1);
	});

	describe('redirects', () => {
		let other: Server;
		let otherUrl = '';
		const seenElsewhere: string[] = [];
		beforeAll(async () => {
			other = createServer((req, res) => {
				seenElsewhere.push(`${req.method} ${req.url} key=${req.headers['x-api-key'] ?? ''}`);
				res.end('{"success":true,"messages":[]}');
			});
			await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
			otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
		});
		afterAll(() => other.close());

		test('are not followed: neither the key nor the data go to the other address', async () => {
			const result = await upload([{ redirectTo: `${otherUrl}/steal` }]);
			expect(result.error?.message).toBe(
				'ActivTrak answered with a redirect (302), which the node does not follow',
			);
			expect(result.error?.description).toContain(`${otherUrl}/steal`);
			expect(seenElsewhere).toEqual([]);
			expect(emulator.uploads).toHaveLength(1);
		});
	});
});
