/**
 * When to send the same snapshot again. An HRDC upload is idempotent (the same file twice gives
 * the same end state), so a rate limit, a gateway error or a dropped connection is worth another
 * try with the same bytes; a refusal of the key or the file is not: it would fail the same way.
 * Pure: no n8n imports, no I/O.
 */

export interface RetrySettings {
	/** Retries after the first attempt; 0 switches retrying off. */
	maxRetries: number;
	/** The first backoff; each next one doubles, with jitter. */
	firstDelayMs: number;
	/** All waits of one upload together may not exceed this. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
	maxRetries: 3,
	firstDelayMs: 2_000,
	maxTotalWaitMs: 60_000,
};

/** Rate limiting and gateway trouble: the next attempt may well succeed. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Connection failures: reset, refused, timed out (ECONNABORTED is axios' request timeout, and
 * ETIMEDOUT also the node's own deadline for a whole attempt), closed in the middle of an answer
 * (ERR_BAD_RESPONSE is axios' "stream has been aborted", ERR_STREAM_PREMATURE_CLOSE Node's), and
 * an answer that is not HTTP at all (HPE_*, see isRetryableConnectionCode). A host that does not
 * resolve (ENOTFOUND) is a wrong base URL, not a passing fault.
 */
const RETRYABLE_CONNECTION_CODES: ReadonlySet<string> = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_BAD_RESPONSE',
	'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Whether a connection failure code is a passing fault worth another attempt. */
export function isRetryableConnectionCode(code: string | null): boolean {
	if (code === null) return false;
	// Node's HTTP parser (llhttp) names what it could not read: a garbled chunk, a broken header.
	return RETRYABLE_CONNECTION_CODES.has(code) || code.startsWith('HPE_');
}

/** Retry-After as milliseconds to wait: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
	if (value === undefined) return null;
	const text = value.trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	// An HTTP date names its day and month ("Sat, 28 Nov 2026 10:00:30 GMT"); Date.parse alone
	// would also take "-3" as a year.
	if (!/[a-z]{3}/i.test(text)) return null;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return null;
	return Math.max(0, date - nowMs);
}

type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Whether to try again after the `attempt`-th attempt failed retryably, and how long to wait.
 * `random` is in [0, 1): the jitter keeps many workflows from retrying in lockstep.
 */
export function decideRetry(
	attempt: number,
	settings: RetrySettings,
	retryAfterMs: number | null,
	waitedMs: number,
	random: number,
): RetryDecision {
	if (attempt > settings.maxRetries) {
		return {
			retry: false,
			reason: settings.maxRetries === 0 ? 'retries are switched off' : 'no retries left',
		};
	}
	const backoff = settings.firstDelayMs * 2 ** (attempt - 1);
	const delayMs = retryAfterMs ?? Math.round(backoff / 2 + (backoff / 2) * random);
	const left = settings.maxTotalWaitMs - waitedMs;
	if (delayMs > left) {
		return {
			retry: false,
			reason:
				retryAfterMs !== null
					? `ActivTrak asked to wait ${Math.ceil(retryAfterMs / 1000)} s, more than the ${Math.max(0, Math.floor(left / 1000))} s of retry time left`
					: 'the next wait would pass the retry time limit',
		};
	}
	return { retry: true, delayMs };
}

/** How an attempt failed, as far as retrying cares: a status (and its Retry-After), or a drop. */
export type FailedAttempt =
	| { statusCode: number; retryAfter: string | undefined }
	| { connectionCode: string | null };

/**
 * After a failed attempt: waits and says to try again, or says why not ('' when the failure is
 * not one to retry). The pause is handed in (n8n's sleep), so this stays pure.
 */
export async function retryAfterFailure(
	failure: FailedAttempt,
	attempt: number,
	settings: RetrySettings,
	waitedMs: number,
	pause: (ms: number) => Promise<void>,
): Promise<{ retry: true; waitedMs: number } | { retry: false; reason: string }> {
	const retryable =
		'statusCode' in failure
			? RETRYABLE_STATUSES.has(failure.statusCode)
			: isRetryableConnectionCode(failure.connectionCode);
	if (!retryable) return { retry: false, reason: '' };
	const retryAfterMs =
		'statusCode' in failure ? parseRetryAfter(failure.retryAfter, Date.now()) : null;
	const decision = decideRetry(attempt, settings, retryAfterMs, waitedMs, Math.random());
	if (!decision.retry) return decision;
	await pause(decision.delayMs);
	return { retry: true, waitedMs: waitedMs + decision.delayMs };
}

/**
 * The connection failure code of an error thrown by n8n's HTTP helpers or by reading an answer,
 * if it is one. Some failures carry no code, only words: Node's "Parse Error" (an answer that is
 * not HTTP) and "aborted" / "socket hang up" (a connection closed mid-answer) are named here.
 */
export function connectionFailureCode(error: unknown): string | null {
	const candidates: unknown[] = [];
	const messages: string[] = [];
	let current: unknown = error;
	for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
		const record = current as {
			code?: unknown;
			httpCode?: unknown;
			cause?: unknown;
			message?: unknown;
		};
		candidates.push(record.code, record.httpCode);
		if (typeof record.message === 'string') messages.push(record.message);
		current = record.cause;
	}
	for (const candidate of candidates) {
		if (typeof candidate === 'string' && /^(E[A-Z_]+|HPE_[A-Z_]+)$/.test(candidate))
			return candidate;
	}
	for (const message of messages) {
		if (/^parse error/i.test(message)) return 'HPE_PARSE_ERROR';
		if (/^(aborted|socket hang up)$|stream has been aborted/i.test(message)) return 'ECONNRESET';
	}
	return null;
}

/**
 * Connection failures that prove the request never reached a server: nothing can have been
 * applied. Any other (a reset, a timeout, a cut answer) may come after ActivTrak applied it.
 */
const NEVER_CONNECTED_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'CERT_HAS_EXPIRED',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Whether one attempt's end proves ActivTrak did not apply the upload: a 4xx refusal, an answer
 * of success: false, or a connection never made. A 5xx (a gateway 504 may follow a finished
 * upload), an answer that is not HRDC's JSON, a redirect and a lost connection prove nothing.
 */
export function attemptProvedNotApplied(
	end: { statusCode: number; refused: boolean } | { connectionCode: string | null },
): boolean {
	if ('connectionCode' in end) {
		return end.connectionCode !== null && NEVER_CONNECTED_CODES.has(end.connectionCode);
	}
	return (end.statusCode >= 400 && end.statusCode < 500) || end.refused;
}
