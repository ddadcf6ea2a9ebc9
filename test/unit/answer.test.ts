import { Readable } from 'node:stream';

import {
	MAX_ANSWER_BYTES,
	beforeDeadline,
	clampTimer,
	readAnswerText,
	withoutSecret,
	EXCERPT_LEFT_OUT,
} from '../../nodes/ActivTrakHrdc/transport/answer';
import { summariseBody } from '../../nodes/ActivTrakHrdc/transport/responses';
import {
	connectionFailureCode,
	isRetryableConnectionCode,
} from '../../nodes/ActivTrakHrdc/transport/retryPolicy';

describe('reading an answer within bounds', () => {
	const never = new AbortController().signal;

	test('a stream longer than the bound is cut there and closed', async () => {
		let produced = 0;
		const endless = new Readable({
			read() {
				produced += 65_536;
				this.push(Buffer.alloc(65_536, 'x'));
			},
		});
		const answer = await readAnswerText(endless, never);
		expect(answer).toEqual({ text: 'x'.repeat(MAX_ANSWER_BYTES), cut: true });
		expect(endless.destroyed).toBe(true);
		expect(produced).toBeLessThan(MAX_ANSWER_BYTES * 2);
	});

	test('a short stream is read whole', async () => {
		const answer = await readAnswerText(
			Readable.from([Buffer.from('{"success":'), Buffer.from('true}')]),
			never,
		);
		expect(answer).toEqual({ text: '{"success":true}', cut: false });
	});

	test('an abort ends a stream that never finishes, with the abort as the error', async () => {
		const silent = new Readable({ read() {} });
		const deadline = new AbortController();
		const reading = readAnswerText(silent, deadline.signal);
		deadline.abort(new Error('deadline'));
		await expect(reading).rejects.toThrow('deadline');
		expect(silent.destroyed).toBe(true);
	});

	test('strings and buffers are cut too', async () => {
		expect((await readAnswerText('y'.repeat(MAX_ANSWER_BYTES + 5), never)).cut).toBe(true);
		expect(await readAnswerText(Buffer.from('ok'), never)).toEqual({ text: 'ok', cut: false });
	});

	test('timers are clamped to what Node.js can wait', () => {
		expect(clampTimer(30 * 86_400_000)).toBe(2_147_483_647);
		expect(clampTimer(-5)).toBe(0);
		expect(clampTimer(1500)).toBe(1500);
	});
});

describe('the key out of server text', () => {
	const key = 'AbC-123_secret+/=';

	test.each([
		['as sent', `bad key ${key}!`],
		['in another case', `bad key ${key.toUpperCase()}!`],
		['URL-encoded', `bad key ${encodeURIComponent(key)}!`],
		['JSON-escaped', `bad key ${JSON.stringify(key).slice(1, -1)}!`],
		['base64', `bad key ${Buffer.from(key).toString('base64')}!`],
	])('%s', (_name, text) => {
		expect(withoutSecret(text, key)).toMatch(/^bad key \[redacted\]=*!$/);
	});

	test('a cut excerpt ending in the start of the key', () => {
		expect(withoutSecret(`said ${key.slice(0, 8)}...`, key)).toBe('said [redacted]...');
		expect(withoutSecret(`said ${key.slice(0, 6)}`, key)).toBe('said [redacted]');
	});

	test('text without the key is unchanged', () => {
		expect(withoutSecret('Import accepted: 3 users', key)).toBe('Import accepted: 3 users');
	});

	test.each([0, 1, 2, 3, 4, 5])(
		'base64 of a longer text with the key at offset %i leaves no decodable key',
		(offset) => {
			const echoed = Buffer.from(`${'x'.repeat(offset)}x-api-key: ${key}; ok`).toString('base64');
			const safe = withoutSecret(`echo ${echoed}`, key);
			expect(safe).toContain('[redacted]');
			for (const piece of safe.split(/\[redacted\]|\s/)) {
				expect(Buffer.from(piece, 'base64').toString('latin1')).not.toContain(key.slice(2, -2));
			}
		},
	);

	test('hex, in either case', () => {
		const hex = Buffer.from(key).toString('hex');
		expect(withoutSecret(`dump ${hex} end`, key)).toBe('dump [redacted] end');
		expect(withoutSecret(`dump ${hex.toUpperCase()} end`, key)).toBe('dump [redacted] end');
	});

	test('the key split by markup or spaces: the excerpt is left out whole', () => {
		const long = 'k3yT0pS3cr3tV4lu3xyz';
		const split = `your key <b>${long.slice(0, 7)}</b>${long.slice(7, 13)}<i>${long.slice(13)}</i>`;
		// Redacted again once the excerpt is made: its tags are gone, the key's pieces remain.
		expect(withoutSecret(summariseBody(split), long)).toBe(EXCERPT_LEFT_OUT);
		expect(withoutSecret(`your key ${long.slice(0, 10)} ${long.slice(10)}`, long)).toBe(
			EXCERPT_LEFT_OUT,
		);
	});
});

describe('dropped and garbled connections', () => {
	test.each<[string, unknown, string | null]>([
		['a parse error with a code', { code: 'HPE_INVALID_CHUNK_SIZE' }, 'HPE_INVALID_CHUNK_SIZE'],
		['a parse error without one', { message: 'Parse Error: Expected HTTP/' }, 'HPE_PARSE_ERROR'],
		['an aborted stream', { message: 'stream has been aborted' }, 'ECONNRESET'],
		['aborted', { message: 'aborted' }, 'ECONNRESET'],
		[
			'axios ERR_BAD_RESPONSE in a cause',
			{ cause: { code: 'ERR_BAD_RESPONSE' } },
			'ERR_BAD_RESPONSE',
		],
		['an unrelated error', { message: 'x' }, null],
	])('%s', (_name, error, code) => {
		expect(connectionFailureCode(error)).toBe(code);
	});

	test('each is retryable, a wrong host is not', () => {
		for (const code of ['HPE_INVALID_CHUNK_SIZE', 'ERR_BAD_RESPONSE', 'ECONNRESET', 'ETIMEDOUT'])
			expect(isRetryableConnectionCode(code)).toBe(true);
		expect(isRetryableConnectionCode('ENOTFOUND')).toBe(false);
		expect(isRetryableConnectionCode(null)).toBe(false);
	});
});

describe('beforeDeadline', () => {
	test('a request that never answers ends at the deadline', async () => {
		// The deadline's own signal, not a clock: it ends when the signal fires, however late.
		const deadline = AbortSignal.timeout(100);
		await expect(beforeDeadline(new Promise(() => undefined), deadline)).rejects.toMatchObject({
			name: 'TimeoutError',
		});
		expect(deadline.aborted).toBe(true);
	});

	test('an answer in time passes; one after the deadline has its body closed unread', async () => {
		await expect(beforeDeadline(Promise.resolve(7), AbortSignal.timeout(1_000))).resolves.toBe(7);
		const late = Readable.from(['never read']);
		const controller = new AbortController();
		let answer: (value: { body: Readable }) => void = () => undefined;
		const racing = beforeDeadline(
			new Promise<{ body: Readable }>((r) => (answer = r)),
			controller.signal,
		);
		controller.abort(new Error('deadline'));
		await expect(racing).rejects.toThrow('deadline');
		answer({ body: late });
		await new Promise((resolve) => setImmediate(resolve));
		expect(late.destroyed).toBe(true);
	});

	test("a request's own error passes through", async () => {
		await expect(
			beforeDeadline(Promise.reject(new Error('ECONNRESET')), AbortSignal.timeout(1_000)),
		).rejects.toThrow('ECONNRESET');
	});
});
