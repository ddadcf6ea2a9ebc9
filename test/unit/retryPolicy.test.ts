import {
	connectionFailureCode,
	decideRetry,
	DEFAULT_RETRY_SETTINGS,
	parseRetryAfter,
	retryAfterFailure,
} from '../../nodes/ActivTrakHrdc/transport/retryPolicy';
import {
	explainStatus,
	parseHrdcResponse,
	summariseBody,
} from '../../nodes/ActivTrakHrdc/transport/responses';

describe('retry policy', () => {
	const now = Date.parse('2026-11-28T10:00:00Z');

	test.each<[string | undefined, number | null]>([
		['5', 5000],
		[' 0 ', 0],
		['Sat, 28 Nov 2026 10:00:30 GMT', 30_000],
		['Sat, 28 Nov 2026 09:59:00 GMT', 0],
		['soon', null],
		['-3', null],
		[undefined, null],
	])('Retry-After %p is %p ms', (value, expected) => {
		expect(parseRetryAfter(value, now)).toBe(expected);
	});

	test('backoff doubles from the first delay, jittered between half and all of it', () => {
		const delays = [1, 2, 3].map((attempt) =>
			[0, 0.999].map((r) => decideRetry(attempt, DEFAULT_RETRY_SETTINGS, null, 0, r)),
		);
		expect(delays).toEqual([
			[
				{ retry: true, delayMs: 1000 },
				{ retry: true, delayMs: 1999 },
			],
			[
				{ retry: true, delayMs: 2000 },
				{ retry: true, delayMs: 3998 },
			],
			[
				{ retry: true, delayMs: 4000 },
				{ retry: true, delayMs: 7996 },
			],
		]);
	});

	test('defaults: a few attempts within about a minute', () => {
		expect(DEFAULT_RETRY_SETTINGS).toEqual({
			maxRetries: 3,
			firstDelayMs: 2000,
			maxTotalWaitMs: 60_000,
		});
		expect(decideRetry(4, DEFAULT_RETRY_SETTINGS, null, 0, 0.5)).toEqual({
			retry: false,
			reason: 'no retries left',
		});
	});

	test('Retry-After wins over the backoff, within the budget', () => {
		expect(decideRetry(1, DEFAULT_RETRY_SETTINGS, 10_000, 0, 0.5)).toEqual({
			retry: true,
			delayMs: 10_000,
		});
		expect(decideRetry(2, DEFAULT_RETRY_SETTINGS, 50_000, 20_000, 0.5)).toEqual({
			retry: false,
			reason: 'ActivTrak asked to wait 50 s, more than the 40 s of retry time left',
		});
	});

	test('the total wait budget stops the backoff', () => {
		const settings = { maxRetries: 10, firstDelayMs: 10_000, maxTotalWaitMs: 30_000 };
		expect(decideRetry(2, settings, null, 15_000, 0.999)).toEqual({
			retry: false,
			reason: 'the next wait would pass the retry time limit',
		});
	});

	test('retries can be switched off', () => {
		expect(decideRetry(1, { ...DEFAULT_RETRY_SETTINGS, maxRetries: 0 }, null, 0, 0)).toEqual({
			retry: false,
			reason: 'retries are switched off',
		});
	});

	test('connection failure codes are found where n8n puts them', () => {
		expect(connectionFailureCode({ httpCode: 'ECONNRESET' })).toBe('ECONNRESET');
		expect(connectionFailureCode({ message: 'x', cause: { code: 'ECONNREFUSED' } })).toBe(
			'ECONNREFUSED',
		);
		expect(connectionFailureCode({ httpCode: '500' })).toBeNull();
		expect(connectionFailureCode(new Error('plain'))).toBeNull();
	});
});

describe('responses', () => {
	test('hostile bodies give the same short excerpt: megabytes, unclosed tags, unclosed scripts', () => {
		expect(summariseBody('<'.repeat(1_000_000))).toBe(`${'<'.repeat(297)}...`);
		expect(summariseBody(Buffer.from('a'.repeat(50 * 1024 * 1024)))).toBe(`${'a'.repeat(297)}...`);
		expect(summariseBody(`<p>Error</p><script>${'x'.repeat(100_000)}`)).toBe('Error');
		expect(summariseBody('<b>Bad</b><SCRIPT>steal()</Script >\u00a0Gateway<i')).toBe(
			'Bad Gateway<i',
		);
		expect(summariseBody(`${'<a'.repeat(20_000)}>tail`)).toBe('tail');
		expect(summariseBody({ messages: ['x'] })).toBe('{"messages":["x"]}');
		expect(summariseBody(undefined)).toBe('');
	});

	test('an HTML page becomes one short plain line', () => {
		const page = `<html><head><style>body{}</style><script>alert(1)</script></head><body><h1>Bad\tGateway</h1>\r\n${'x'.repeat(400)}</body></html>`;
		const text = summariseBody(page);
		expect(text.startsWith('Bad Gateway xxx')).toBe(true);
		expect(text).toHaveLength(300);
		expect(text).not.toMatch(/[<>\t\r\n]|alert/);
	});

	test.each<[unknown, unknown]>([
		['{"messages":["3 lines read"],"success":true}', { messages: ['3 lines read'], success: true }],
		[Buffer.from('{"success":false}'), { messages: [], success: false }],
		['{"messages":["x"]}', { messages: ['x'], success: true }],
		['{"ok":true}', null],
		['[1]', null],
		['not json', null],
		['', null],
	])('parseHrdcResponse(%p)', (body, expected) => {
		expect(parseHrdcResponse(body)).toEqual(expected);
	});

	test('a redirect names where it pointed', () => {
		const text = explainStatus(301, {
			url: 'https://a/hrdc/v2/bulk',
			messages: [],
			bytes: 1,
			tries: '',
			location: 'https://evil.example/x',
		});
		expect(text.description).toContain('https://evil.example/x');
	});
});

describe('retryAfterFailure', () => {
	const settings = { maxRetries: 2, firstDelayMs: 10, maxTotalWaitMs: 1000 };
	const paused: number[] = [];
	const pause = async (ms: number) => {
		paused.push(ms);
	};
	beforeEach(() => (paused.length = 0));

	test('a refusal is not retried, and no reason is given: it is not a retry that failed', async () => {
		const next = await retryAfterFailure(
			{ statusCode: 401, retryAfter: undefined },
			1,
			settings,
			0,
			pause,
		);
		expect(next).toEqual({ retry: false, reason: '' });
		expect(paused).toEqual([]);
	});

	test('a rate limit waits as Retry-After says, and counts the wait', async () => {
		const next = await retryAfterFailure(
			{ statusCode: 429, retryAfter: '0' },
			1,
			settings,
			5,
			pause,
		);
		expect(next).toEqual({ retry: true, waitedMs: 5 });
		expect(paused).toEqual([0]);
	});

	test('a dropped connection waits the backoff; with no retries left it says so', async () => {
		const next = await retryAfterFailure({ connectionCode: 'ECONNRESET' }, 1, settings, 0, pause);
		expect(next.retry).toBe(true);
		expect(paused[0]).toBeGreaterThanOrEqual(5);
		expect(paused[0]).toBeLessThanOrEqual(10);
		expect(
			await retryAfterFailure({ connectionCode: 'ECONNRESET' }, 3, settings, 0, pause),
		).toEqual({
			retry: false,
			reason: 'no retries left',
		});
	});
});
