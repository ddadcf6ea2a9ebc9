/**
 * Reading ActivTrak's answers and turning failures into messages a person can act on.
 * Pure: no n8n imports, no I/O.
 */

/** ActivTrak's documented answer shape for 200, 400 and 401. */
export interface HrdcResponse {
	messages: string[];
	success: boolean;
}

/** Text from a response body that is safe and short enough to show in an error. */
export function summariseBody(body: unknown, limit = 300): string {
	const text =
		typeof body === 'string'
			? body
			: Buffer.isBuffer(body)
				? body.toString('utf8')
				: JSON.stringify(body);
	// Tags and control characters out, so an HTML error page reads as one plain line.
	let plain = '';
	for (const char of (text ?? '')
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')) {
		const code = char.charCodeAt(0);
		plain += code < 0x20 || code === 0x7f ? ' ' : char;
	}
	plain = plain.replace(/\s+/g, ' ').trim();
	return plain.length > limit ? `${plain.slice(0, limit - 3)}...` : plain;
}

/** Reads `{messages, success}` from a body; null when the body is not that shape. */
export function parseHrdcResponse(body: unknown): HrdcResponse | null {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return null;
		}
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
	const record = value as Record<string, unknown>;
	if (typeof record.success !== 'boolean' && !Array.isArray(record.messages)) return null;
	const messages = Array.isArray(record.messages)
		? record.messages.map((m) => summariseBody(String(m), 500))
		: [];
	return { messages, success: record.success !== false };
}

export interface FailureText {
	message: string;
	description: string;
}

export interface StatusContext {
	url: string;
	messages: string[];
	bytes: number;
	tries: string;
	location?: string;
}

const said = ({ messages }: StatusContext) =>
	messages.length ? ` ActivTrak said: ${messages.join('; ')}` : '';

const keyRejected = (statusCode: number, context: StatusContext): FailureText => ({
	message: 'ActivTrak rejected the API key',
	description: `Check the credential's API key and region (a key belongs to one account and one region; ActivTrak answered ${statusCode}).${said(context)}`,
});

/**
 * The statuses that mean ActivTrak refused the upload itself: each explained in words, and never
 * retried (sending the same snapshot again gets the same answer). To explain a new status, add
 * it here; 'Max Retries' names these in its help text (a unit test holds it to this table).
 */
export const REFUSALS: Readonly<
	Record<number, (statusCode: number, context: StatusContext) => FailureText>
> = {
	400: (_, context) => ({
		message: `ActivTrak refused the snapshot${context.messages.length ? `: ${context.messages.join('; ')}` : ''}`,
		description: context.messages.length
			? `ActivTrak said: ${context.messages.join('; ')}`
			: 'ActivTrak answered 400 Bad Request without a message',
	}),
	401: keyRejected,
	403: keyRejected,
	404: (_, context) => ({
		message: 'ActivTrak has no HRDC endpoint at this address',
		description: `Tried ${context.url}. This usually means the wrong region or base URL in the credential.${said(context)}`,
	}),
	413: (_, context) => ({
		message: 'ActivTrak refused the snapshot as too large',
		description: `The upload was ${context.bytes} bytes (${(context.bytes / 1_048_576).toFixed(1)} MiB).${said(context)}`,
	}),
};

/** Why an HTTP status ended an upload, in words; `tries` tells how hard the node tried. */
export function explainStatus(statusCode: number, context: StatusContext): FailureText {
	const refusal = REFUSALS[statusCode];
	if (refusal) return refusal(statusCode, context);
	if (statusCode >= 300 && statusCode < 400) {
		return {
			message: `ActivTrak answered with a redirect (${statusCode}), which the node does not follow`,
			description: `The API key and the employees' data go only to the credential's base URL, never to another address${context.location ? ` (the redirect pointed to ${summariseBody(context.location, 200)})` : ''}. Check the base URL: ${context.url}`,
		};
	}
	const { tries, url } = context;
	return {
		message: `ActivTrak answered ${statusCode}${tries ? ` (${tries})` : ''}`,
		description: `${said(context).trim() || `The upload to ${url} was not accepted.`}${tries ? ` The node ${tries}.` : ''}`,
	};
}
