/**
 * ActivTrak's answers made into what the upload returns or throws: its acceptance, its refusal,
 * a status explained (responses.ts), always with the key taken out of what a server sent.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withoutSecret, type FullResponse } from './answer';
import { explainStatus, parseHrdcResponse, summariseBody, type HrdcResponse } from './responses';

export function header(response: FullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * ActivTrak's `{messages, success}`, with the key out of every message: the body was cleaned as
 * it arrived, but JSON escapes (\u0041...) spell text that only parsing reveals.
 */
function parseAnswer(response: FullResponse, apiKey: string): HrdcResponse | null {
	const parsed = parseHrdcResponse(response.body);
	if (!parsed) return null;
	return { ...parsed, messages: parsed.messages.map((message) => withoutSecret(message, apiKey)) };
}

/**
 * A 2xx answer: ActivTrak's acceptance, or the error it is, and whether it was a refusal in
 * HRDC's own words (success: false: nothing applied) rather than a body that proves nothing.
 */
export function readAccepted(
	ctx: IExecuteFunctions,
	response: FullResponse,
	url: string,
	apiKey: string,
):
	| { accepted: { statusCode: number; response: HrdcResponse; url: string } }
	| { error: NodeApiError; refused: boolean } {
	const parsed = parseAnswer(response, apiKey);
	if (parsed?.success)
		return { accepted: { statusCode: response.statusCode, response: parsed, url } };
	const excerpt = withoutSecret(summariseBody(response.body), apiKey);
	const error = new NodeApiError(
		ctx.getNode(),
		{
			messages: parsed?.messages ?? [],
			success: false,
			body: excerpt,
		} as JsonObject,
		{
			message: parsed
				? `ActivTrak did not accept the snapshot${parsed.messages.length ? `: ${parsed.messages.join('; ')}` : ''}`
				: 'ActivTrak answered with a body that is not its usual JSON',
			description: parsed
				? `ActivTrak answered ${response.statusCode} with success: false`
				: `Status ${response.statusCode}, body: ${excerpt || '(empty)'}. Whether ActivTrak applied the snapshot is unknown; it is safe to run again (an upload is idempotent).`,
			httpCode: String(response.statusCode),
		},
	);
	return { error, refused: parsed !== null };
}

export function statusError(
	ctx: IExecuteFunctions,
	response: FullResponse,
	url: string,
	bytes: number,
	tries: string,
	apiKey: string,
): NodeApiError {
	const parsed = parseAnswer(response, apiKey);
	const messages = parsed?.messages ?? [];
	const explained = explainStatus(response.statusCode, {
		url,
		messages,
		bytes,
		tries,
		location: withoutSecret(header(response, 'location') ?? '', apiKey) || undefined,
	});
	if (!parsed && response.statusCode >= 400) {
		explained.description = `${explained.description} Body: ${withoutSecret(summariseBody(response.body), apiKey) || '(empty)'}`;
	}
	return new NodeApiError(
		ctx.getNode(),
		{ messages, success: false, statusCode: response.statusCode } as JsonObject,
		{ ...explained, httpCode: String(response.statusCode) },
	);
}
