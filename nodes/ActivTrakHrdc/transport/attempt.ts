/**
 * One HTTP attempt to ActivTrak under the credential, bounded the same way for every call the
 * node makes (the upload, the SCIM reads): the answer as a stream read within a byte cap, the
 * whole attempt within a deadline, no redirect followed (it would carry the key, and for an
 * upload the employees' data, wherever it points).
 */
import type { ICredentialsDecrypted, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	MAX_ANSWER_BYTES,
	beforeDeadline,
	clampTimer,
	readAnswerText,
	type FullResponse,
} from './answer';
import { CREDENTIAL_TYPE } from './credentials';
import { header } from './answerErrors';
import { connectionFailureCode, retryAfterFailure, type RetrySettings } from './retryPolicy';

/** An answer (its status, headers and text, and whether the text was cut), or how it failed. */
export type Attempt =
	| { response: FullResponse; text: string; cut: boolean }
	| { failure: Error; code: string | null };

export async function attemptOnce(
	ctx: IExecuteFunctions,
	request: Pick<IHttpRequestOptions, 'method' | 'url' | 'headers' | 'body' | 'qs'>,
	decrypted: ICredentialsDecrypted,
	timeoutMs: number,
	maxBytes = MAX_ANSWER_BYTES,
): Promise<Attempt> {
	// The timeout covers the whole attempt, connect to last byte: axios' own timeout only
	// notices a connection that goes quiet, not one that trickles a byte at a time, and n8n-core
	// 2.x swaps the signal passed in for its own, so the request is raced against it too
	// (beforeDeadline). (AbortSignal.timeout rather than a timer of our own: n8n's rules keep
	// timers out of nodes.)
	const deadline = AbortSignal.timeout(clampTimer(timeoutMs));
	try {
		const response = (await beforeDeadline(
			ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_TYPE,
				{
					...request,
					json: false,
					// The answer as a stream, read here within maxBytes and the deadline: n8n would
					// otherwise read all of it, however large or slow, before the node sees it.
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: clampTimer(timeoutMs),
					disableFollowRedirect: true,
					sendCredentialsOnCrossOriginRedirect: false,
					abortSignal: deadline,
				},
				// The credential already read for this run (see credentials.ts).
				{ credentialsDecrypted: decrypted },
			) as Promise<FullResponse>,
			deadline,
		)) as FullResponse;
		const answer = await readAnswerText(response.body, deadline, maxBytes);
		return { response, text: answer.text, cut: answer.cut };
	} catch (error) {
		if (deadline.aborted) {
			const seconds = Math.round(timeoutMs / 100) / 10;
			return { failure: new Error(`no complete answer within ${seconds} s`), code: 'ETIMEDOUT' };
		}
		return { failure: error as Error, code: connectionFailureCode(error) };
	}
}

/**
 * After the `attempt`-th attempt failed (a status that is not 2xx, or no answer): waits and says
 * to try again, as the retry settings and a Retry-After allow, or says why not ('' for a failure
 * that is never retried).
 */
export async function retryAfter(
	outcome: { response: FullResponse } | { code: string | null },
	attempt: number,
	settings: RetrySettings,
	waitedMs: number,
): Promise<{ retry: true; waitedMs: number } | { retry: false; reason: string }> {
	return await retryAfterFailure(
		'response' in outcome
			? {
					statusCode: outcome.response.statusCode,
					retryAfter: header(outcome.response, 'retry-after'),
				}
			: { connectionCode: outcome.code },
		attempt,
		settings,
		waitedMs,
		async (ms) => await sleep(clampTimer(ms)),
	);
}
