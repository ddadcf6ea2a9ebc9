/**
 * Reading an answer's body within bounds, and keeping the API key out of whatever a server says.
 * ActivTrak answers with a few hundred bytes of JSON; a proxy or a wrong base URL may answer with
 * megabytes, trickle bytes for ever, or echo the request back. Nothing here imports n8n.
 */
/** An answer as n8n hands it over with the full response asked for. */
export interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, string | string[] | undefined>;
}

/** What n8n hands over for `encoding: 'stream'`: a Node.js readable (the response itself). */
interface Readable extends AsyncIterable<unknown> {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	destroy(error?: Error): unknown;
	readonly destroyed: boolean;
}

/**
 * The most of a body the node reads: ActivTrak's `{messages, success}` is far smaller, and an
 * excerpt needs less. Past it the connection is closed; a 50 MB answer costs no more than this.
 */
export const MAX_ANSWER_BYTES = 256 * 1024;

/**
 * The longest a Node.js timer can wait (2^31 - 1 ms, about 24.8 days). A longer one fires at
 * once, so every wait and deadline is clamped to it.
 */
export const MAX_TIMER_MS = 2_147_483_647;

export const clampTimer = (ms: number) => Math.min(Math.max(0, ms), MAX_TIMER_MS);

interface AnswerText {
	text: string;
	/** Whether the body was longer than MAX_ANSWER_BYTES and cut there. */
	cut: boolean;
}

function isReadable(body: unknown): body is Readable {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as Readable).on === 'function' &&
		typeof (body as Readable).destroy === 'function' &&
		Symbol.asyncIterator in body
	);
}

/**
 * The body as text, at most `maxBytes` of it (MAX_ANSWER_BYTES unless said). A stream is read until that much has come
 * (then closed) or the attempt's deadline aborts it; an error of the stream (a connection closed
 * mid-answer, a garbled chunk) is thrown for the caller to treat as a dropped connection.
 */
export async function readAnswerText(
	body: unknown,
	signal: AbortSignal,
	maxBytes = MAX_ANSWER_BYTES,
): Promise<AnswerText> {
	if (body === undefined || body === null) return { text: '', cut: false };
	if (typeof body === 'string') {
		return { text: body.slice(0, maxBytes), cut: body.length > maxBytes };
	}
	if (Buffer.isBuffer(body)) {
		return {
			text: body.subarray(0, maxBytes).toString('utf8'),
			cut: body.length > maxBytes,
		};
	}
	if (!isReadable(body)) return { text: JSON.stringify(body) ?? '', cut: false };

	const chunks: Buffer[] = [];
	let bytes = 0;
	let cut = false;
	const stopAtDeadline = () => body.destroy(signal.reason as Error);
	if (signal.aborted) stopAtDeadline();
	signal.addEventListener('abort', stopAtDeadline, { once: true });
	try {
		for await (const chunk of body) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			const room = maxBytes - bytes;
			if (buffer.length > room) {
				chunks.push(buffer.subarray(0, room));
				cut = true;
				break;
			}
			chunks.push(buffer);
			bytes += buffer.length;
		}
	} finally {
		signal.removeEventListener('abort', stopAtDeadline);
		// Leaving the loop early (cut) destroys the stream; this also frees a socket on errors.
		if (!body.destroyed) body.destroy();
	}
	return { text: Buffer.concat(chunks).toString('utf8'), cut };
}

/**
 * `work`, or the deadline's abort if that comes first. n8n-core 2.x replaces the abort signal a
 * node passes with the execution's own, and older axios versions have no timer while headers
 * trickle in: the deadline is held here, whatever the layers below do. A request that loses the
 * race is left to end on its own; a body it brings later is closed unread.
 */
export async function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
	const closeLateBody = (late: T) => {
		const body = (late as { body?: unknown } | null)?.body;
		if (isReadable(body) && !body.destroyed) body.destroy();
	};
	return await new Promise<T>((resolve, reject) => {
		const onAbort = () => {
			work.then(closeLateBody, () => undefined);
			reject(signal.reason);
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		work.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				if (signal.aborted) closeLateBody(value);
				else resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

/** Closes a body the caller does not read (a stream left open holds its connection). */
export function discardBody(body: unknown): void {
	if (isReadable(body) && !body.destroyed) body.destroy();
}

const REDACTED = '[redacted]';

/** `text` as a RegExp source that matches exactly it. */
export function escapeForPattern(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The key as base64 (and base64url) inside a longer text: the key's bytes may start at any of the
 * three positions of a base64 group, and the characters shared with the bytes around it differ
 * with them, so each alignment has its own run of characters that only the key decides.
 */
function base64Cores(secret: Buffer): string[] {
	const cores: string[] = [];
	for (let offset = 0; offset < 3; offset++) {
		const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64');
		const core = encoded.slice(
			Math.ceil((4 * offset) / 3),
			Math.floor((4 * (offset + secret.length)) / 3),
		);
		if (core.length >= 4) cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
	}
	return cores;
}

/** Said instead of an excerpt that spells the key in a way no pattern catches. */
export const EXCERPT_LEFT_OUT = '[an excerpt that held the API key was left out]';

const lettersAndDigits = (text: string) => text.replace(/[^a-z0-9]/gi, '').toLowerCase();

/**
 * `text` with every spelling of `secret` a server could echo (as sent, URL-encoded, JSON-escaped,
 * base64 at each alignment, base64url, hex, in any case) replaced by "[redacted]", and a cut-off
 * start of it at the very end too (an excerpt may end inside the key). A text whose letters and
 * digits still hold the key's (the key split by markup or spaces) is replaced whole. Used on
 * everything a server sends before it is shown or stored, and again on every excerpt made of it:
 * a proxy that echoes the request would otherwise put the key into the execution.
 */
export function withoutSecret(text: string, secret: string): string {
	if (!text || secret.length < 4) return text;
	const bytes = Buffer.from(secret, 'utf8');
	const spellings = new Set([
		secret,
		encodeURIComponent(secret),
		JSON.stringify(secret).slice(1, -1),
		bytes.toString('hex'),
		bytes.toString('base64').replace(/=+$/, ''),
		...base64Cores(bytes),
	]);
	const pattern = new RegExp(
		[...spellings]
			.sort((a, b) => b.length - a.length)
			.map(escapeForPattern)
			.join('|'),
		'gi',
	);
	let safe = text.replace(pattern, REDACTED);
	const secretCore = lettersAndDigits(secret);
	if (secretCore.length >= 8 && lettersAndDigits(safe).includes(secretCore))
		return EXCERPT_LEFT_OUT;
	// The end of an excerpt ("...") may hold the key's first characters.
	const ending = /\.\.\.$/.test(safe) ? '...' : '';
	const body = ending ? safe.slice(0, -3) : safe;
	const lowerBody = body.toLowerCase();
	const lowerSecret = secret.toLowerCase();
	for (let n = Math.min(secret.length - 1, body.length); n >= 4; n--) {
		if (lowerBody.endsWith(lowerSecret.slice(0, n))) {
			safe = `${body.slice(0, body.length - n)}${REDACTED}${ending}`;
			break;
		}
	}
	return safe;
}
