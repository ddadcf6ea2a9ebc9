/**
 * A server that answers badly on purpose (a proxy, a wrong custom base URL, an attacker): huge
 * bodies, bodies that never end, connections closed mid-answer, answers that are not HTTP, and
 * answers that echo the key. In the real engine, on loopback. Each must end the way the README
 * promises, within the node's bounds, and nothing the server says may carry the key into the run.
 * (How fast and in how much memory: `npm run bench -- hostile`, never a timed test.)
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import type { Fault } from '../emulator/HrdcEmulator';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcWorkflow, runWorkflow } from '../support/engine';

const API_KEY = 'Hostile-Suite-Key-7f3a9c';
const ITEMS = [{ user_lookup_id: 'a@x.com', group: 'Sales' }];
const FAST = { maxRetries: 2, retryDelaySeconds: 0.05, maxRetryWaitSeconds: 5, timeoutSeconds: 1 };

describe('hostile answers', () => {
	const { emulator, credentials } = useEmulator(API_KEY, { users: [{ email: 'a@x.com' }] });

	async function upload(faults: Fault[], options: IDataObject = FAST) {
		emulator.injectFaults(...faults);
		const result = await runWorkflow(hrdcWorkflow(ITEMS, { options }), {
			credentials,
			mode: 'trigger',
		});
		// Every spelling the server used: as sent, upper case, URL-encoded, base64.
		const everything = JSON.stringify({
			run: result.run,
			error: result.error,
			stack: (result.error as { stack?: string })?.stack,
		}).toLowerCase();
		for (const spelling of [API_KEY, Buffer.from(API_KEY).toString('base64').replace(/=+$/, '')])
			expect(everything).not.toContain(spelling.toLowerCase());
		return result;
	}

	test('a 50 MB answer is cut: the error quotes an excerpt, and the connection is closed', async () => {
		const result = await upload([{ status: 502, bodyBytes: 50 * 1024 * 1024 }], {
			...FAST,
			maxRetries: 0,
		});
		expect(result.error?.message).toBe('ActivTrak answered 502 (retries are switched off)');
		const description = String(result.error?.description);
		expect(description).toMatch(
			/Body: x{100,}\.\.\. Now the outcome of the upload at \S+ is not known: ActivTrak may have applied it\./,
		);
		expect(description.length).toBeLessThan(1000);
	});

	test('a 50 MB 200 that is not JSON is an unknown outcome, not a success', async () => {
		const result = await upload([{ status: 200, bodyBytes: 50 * 1024 * 1024 }]);
		expect(result.error?.message).toBe('ActivTrak answered with a body that is not its usual JSON');
		expect(result.error?.description).toMatch(/safe to run again/);
		expect(emulator.uploads).toHaveLength(1);
	});

	test('1 MB of "<" on a 502 gives a short excerpt', async () => {
		const result = await upload([{ status: 502, bodyBytes: 1024 * 1024, fill: '<' }], {
			...FAST,
			maxRetries: 0,
		});
		expect(result.error?.description).toMatch(
			/Body: <{100,}\.\.\. Now the outcome of the upload at \S+ is not known: ActivTrak may have applied it\./,
		);
	});

	test('a server that trickles one byte at a time hits the deadline, and is retried', async () => {
		const started = Date.now();
		const result = await upload([{ status: 200, trickleEveryMs: 100 }]);
		// The retry was accepted: the trickle ended at the 1 s deadline, not after 1 MB.
		expect(result.error).toBeUndefined();
		expect(emulator.uploads.map((r) => r.status)).toEqual([200, 200]);
		expect(result.output('ActivTrak HRDC')[0].json).toMatchObject({ attempts: 2 });
		expect(Date.now() - started).toBeLessThan(30_000);
	});

	test('a server that always trickles ends in "unknown whether ActivTrak received it"', async () => {
		const result = await upload([
			{ status: 200, trickleEveryMs: 100 },
			{ status: 200, trickleEveryMs: 100 },
			{ status: 200, trickleEveryMs: 100 },
		]);
		expect(result.error?.message).toMatch(/^Could not reach ActivTrak at .* \(ETIMEDOUT\)$/);
		expect(result.error?.description).toMatch(/no complete answer within 1 s/);
		expect(result.error?.description).toMatch(/tried 3 times/);
		expect(result.error?.description).toMatch(/Whether ActivTrak received the file is unknown/);
		expect(result.error?.description).toMatch(/running again is safe/);
	});

	test.each<[string, Fault]>([
		['a connection closed mid-answer', { status: 200, dropAfterBodyBytes: 20 }],
		['a connection closed before any answer', { reset: true }],
		[
			'a garbled chunked answer',
			{ raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk\r\n' },
		],
		['an answer that is not HTTP', { raw: 'SSH-2.0-OpenSSH_9.6\r\n' }],
		['a broken status line', { raw: 'HTTP/1.1 2OO OK\r\n\r\n' }],
	])('%s is retried, then the same snapshot is accepted', async (_name, fault) => {
		const result = await upload([fault]);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads).toHaveLength(2);
		expect(new Set(emulator.uploads.map((r) => r.bodySha256)).size).toBe(1);
		expect(emulator.state().groups.map((g) => g.name)).toEqual(['Sales']);
	});

	test.each<[string, Fault]>([
		[
			'a garbled chunked answer',
			{ raw: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' },
		],
		['a connection closed mid-answer', { status: 200, dropAfterBodyBytes: 20 }],
	])('%s on every attempt says the outcome is unknown', async (_name, fault) => {
		const result = await upload([fault, fault, fault]);
		expect(result.error?.message).toMatch(/^Could not reach ActivTrak at /);
		expect(result.error?.description).toMatch(/tried 3 times/);
		expect(result.error?.description).toMatch(
			/unknown when a connection fails; running again is safe/,
		);
	});

	test.each([400, 401, 502, 200])(
		"a %i that echoes the key shows ActivTrak's words without it",
		async (status) => {
			const result = await upload([{ status, echoKey: true }], { ...FAST, maxRetries: 0 });
			const text = `${result.error?.message} ${result.error?.description}`;
			expect(text).toContain('Invalid key [redacted]');
			expect(text).toContain('key=[redacted]');
			expect(text).toContain('auth [redacted]');
			// Inside longer base64 at either alignment, in hex, and split by markup.
			expect(text).not.toContain(Buffer.from(API_KEY).toString('hex'));
			expect(text).toContain('hex [redacted]');
			expect(text).toContain('[an excerpt that held the API key was left out]');
			for (const echoed of text.match(/echo \S+/g) ?? []) {
				expect(echoed).toContain('[redacted]');
				for (const piece of echoed.slice(5).split('[redacted]')) {
					expect(Buffer.from(piece, 'base64').toString('latin1')).not.toContain(
						API_KEY.slice(2, -2),
					);
				}
			}
			expect((text.match(/echo \S+/g) ?? []).length).toBeGreaterThanOrEqual(2);
		},
	);

	test('a key echoed in a redirect Location is not shown', async () => {
		const result = await upload([{ redirectTo: `https://elsewhere.example/?k=${API_KEY}` }]);
		expect(result.error?.description).toContain('https://elsewhere.example/?k=[redacted]');
	});

	test.each<[string, number | string, RegExp]>([
		[
			'a timeout of 30 days',
			30 * 86_400,
			/'Request Timeout \(Seconds\)' is 2592000, not a number from 1 to 86400/,
		],
		['a retry wait that is text', 'abc', /'Max Total Retry Wait \(Seconds\)' is "abc"/],
	])('%s is refused before anything is sent', async (name, value, message) => {
		const option = name.includes('timeout') ? 'timeoutSeconds' : 'maxRetryWaitSeconds';
		const result = await upload([], { [option]: value });
		expect(result.error?.message).toMatch(message);
		expect(emulator.uploads).toHaveLength(0);
	});

	test('fuzz: whatever the server answers, the run ends accepted or named, never half-sent, never with the key', async () => {
		const status = fc.constantFrom(
			200,
			201,
			204,
			301,
			302,
			400,
			401,
			403,
			404,
			413,
			429,
			500,
			502,
			503,
			504,
		);
		const fault: fc.Arbitrary<Fault> = fc.oneof(
			fc.record({
				raw: fc.oneof(
					fc.string({ maxLength: 200 }),
					fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
					fc.string({ maxLength: 80 }).map((rest) => `HTTP/1.1 200 OK\r\n${rest}`),
				),
			}),
			fc.record({
				status,
				body: fc.oneof(fc.string({ maxLength: 300 }), fc.json({ maxDepth: 2 })),
				echoKey: fc.boolean(),
			}),
			fc.record({ status, dropAfterBodyBytes: fc.nat(200) }),
			fc.record({
				status,
				bodyBytes: fc.integer({ min: 0, max: 400_000 }),
				fill: fc.constantFrom('<', 'x', '{'),
			}),
			fc.constant<Fault>({ reset: true }),
		);
		await fc.assert(
			fc.asyncProperty(fc.array(fault, { minLength: 1, maxLength: 3 }), async (faults) => {
				emulator.reset({ users: [{ email: 'a@x.com' }] });
				const result = await upload(faults, {
					maxRetries: 1,
					retryDelaySeconds: 0.01,
					maxRetryWaitSeconds: 1,
					timeoutSeconds: 1,
				});
				const whole = emulator.uploads.filter((r) => !r.cut);
				// Every attempt sent the same bytes.
				expect(new Set(whole.map((r) => r.bodySha256)).size).toBeLessThanOrEqual(1);
				if (result.error) {
					// A fault is never applied by the emulator: nothing may look accepted.
					expect(String(result.error.message).length).toBeGreaterThan(10);
					expect(emulator.state().groups).toEqual([]);
				} else {
					// Success only when a server said so, for these very bytes.
					expect(result.output('ActivTrak HRDC')[0].json).toMatchObject({
						uploaded: true,
						success: true,
					});
					expect(whole.length).toBeGreaterThan(0);
				}
			}),
			{
				// 40 in CI; `FC_RUNS=20000 npx jest test/property test/engine/hostileServer.test.ts` (FC_RUNS=20000) runs 500.
				numRuns: process.env.FC_RUNS ? Math.min(500, Number(process.env.FC_RUNS) / 40) : 40,
				seed: 20261128,
				endOnFailure: true,
			},
		);
	});
});
