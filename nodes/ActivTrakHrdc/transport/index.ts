/**
 * transport/ is the one place that talks HTTP to ActivTrak: this file the bulk upload,
 * credentialCheck.ts the credential test. Base URL, authentication, redirects, retries and error
 * translation are decided in this folder and nowhere else; responses.ts explains each status.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { readAccepted, statusError } from './answerErrors';

import type { MultipartFrame } from './multipart';
import { summariseBody, type HrdcResponse } from './responses';
import { DEFAULT_RETRY_SETTINGS, attemptProvedNotApplied, type RetrySettings } from './retryPolicy';
import { withoutSecret, type FullResponse } from './answer';

export type { HrdcResponse } from './responses';
export { snapshotMultipartFrame, type MultipartFrame } from './multipart';
export { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './retryPolicy';

export { CREDENTIAL_TYPE } from './credentials';
export { HRDC_PING_PATH } from './credentialCheck';

/** Where an upload goes, under the credential's base URL. */
export const HRDC_BULK_PATH = '/hrdc/v2/bulk';
export { testActivTrakCredential } from './credentialCheck';
export { readScimAccount, type ScimAccount, type ScimReadSettings } from './scim';
export {
	activTrakAccount,
	activTrakEndpoint,
	credentialSecret,
	credentialsOf,
	legacyCredentialNames,
} from './credentials';
import { credentialsOf } from './credentials';
import { attemptOnce, retryAfter } from './attempt';

export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Failed uploads of which every attempt proved that ActivTrak applied nothing (retryPolicy.ts,
 * attemptProvedNotApplied). Any other failure leaves the upload in doubt (see ledger/).
 */
const notApplied = new WeakSet<object>();

export const failureProvedNotApplied = (error: unknown): boolean =>
	typeof error === 'object' && error !== null && notApplied.has(error);
export { MAX_TIMER_MS } from './answer';

export interface UploadSettings {
	retry: RetrySettings;
	timeoutMs: number;
}

export interface HrdcUploadResult {
	statusCode: number;
	response: HrdcResponse;
	url: string;
	attempts: number;
}

type SendOutcome = { response: FullResponse } | { failure: Error; code: string | null };

/** A whole multipart body: the CSV written inside a frame from snapshotMultipartFrame(). */
interface SnapshotUploadBody {
	frame: MultipartFrame;
	bytes: Buffer;
}

/**
 * Uploads one CSV snapshot to `POST {baseUrl}/hrdc/v2/bulk` as the multipart file part `File`.
 * Resolves only when ActivTrak accepted it; every other end is a NodeApiError that carries
 * ActivTrak's `messages`. Rate limits, gateway errors and dropped connections are retried with
 * the very same bytes.
 */
export async function uploadSnapshotCsv(
	ctx: IExecuteFunctions,
	body: SnapshotUploadBody,
	settings: UploadSettings = { retry: DEFAULT_RETRY_SETTINGS, timeoutMs: DEFAULT_TIMEOUT_MS },
): Promise<HrdcUploadResult> {
	const { baseUrl, apiKey, decrypted } = await credentialsOf(ctx);
	const url = `${baseUrl}${HRDC_BULK_PATH}`;
	const request = {
		method: 'POST' as const,
		url,
		headers: {
			'content-type': body.frame.contentType,
			'content-length': String(body.bytes.length),
			accept: 'application/json',
		},
		// The same Buffer on every attempt: a retry sends exactly the bytes of the first.
		body: body.bytes,
	};
	const sendOnce = async (): Promise<SendOutcome> => {
		const attempt = await attemptOnce(ctx, request, decrypted, settings.timeoutMs);
		// Nothing a server says reaches the run with the key in it.
		return 'response' in attempt
			? { response: { ...attempt.response, body: withoutSecret(attempt.text, apiKey) } }
			: attempt;
	};
	const safe = (text: string) => withoutSecret(summariseBody(text), apiKey);

	const started = Date.now();
	let waitedMs = 0;
	// Whether ActivTrak may have applied one of the attempts: a retry sends the same bytes, so
	// one attempt in doubt leaves the whole upload in doubt, whatever the last one answered.
	let everyAttemptRefused = true;
	const failed = (error: Error, proved: boolean) => {
		if (proved && everyAttemptRefused) notApplied.add(error);
		return error;
	};
	for (let attempt = 1; ; attempt++) {
		const outcome = await sendOnce();
		const statusCode = 'response' in outcome ? outcome.response.statusCode : null;
		if ('response' in outcome && statusCode! >= 200 && statusCode! < 300) {
			const read = readAccepted(ctx, outcome.response, url, apiKey);
			if ('accepted' in read) return { ...read.accepted, attempts: attempt };
			throw failed(
				read.error,
				attemptProvedNotApplied({ statusCode: statusCode!, refused: read.refused }),
			);
		}
		if (
			!attemptProvedNotApplied(
				'response' in outcome
					? { statusCode: statusCode!, refused: false }
					: { connectionCode: outcome.code },
			)
		) {
			everyAttemptRefused = false;
		}
		const next = await retryAfter(outcome, attempt, settings.retry, waitedMs);
		if (next.retry) {
			waitedMs = next.waitedMs;
			continue;
		}
		const giveUpReason = next.reason;
		const seconds = Math.round((Date.now() - started) / 100) / 10;
		const tries = [attempt > 1 ? `tried ${attempt} times over ${seconds} s` : '', giveUpReason]
			.filter(Boolean)
			.join('; ');
		if ('response' in outcome)
			throw failed(statusError(ctx, outcome.response, url, body.bytes.length, tries, apiKey), true);
		const failure = new NodeApiError(
			ctx.getNode(),
			{
				message: safe(outcome.failure.message),
				connectionError: outcome.code,
			} as JsonObject,
			{
				description: `${safe(outcome.failure.message)}${tries ? ` The node ${tries}.` : ''} Whether ActivTrak received the file is unknown when a connection fails; running again is safe, since the same snapshot twice gives the same result. Check the credential's region or base URL and the network.`,
			},
		);
		// Set after construction: NodeApiError swaps any message naming an error code such as
		// ECONNREFUSED for a generic sentence that does not say which host failed.
		failure.message = `Could not reach ActivTrak at ${baseUrl}${outcome.code ? ` (${outcome.code})` : ''}`;
		throw failed(failure, true);
	}
}
