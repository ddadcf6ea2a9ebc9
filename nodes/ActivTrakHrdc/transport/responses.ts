/**
 * Reading ActivTrak's answers and turning failures into messages a person can act on.
 * Pure: no n8n imports, no I/O.
 */

/** ActivTrak's documented answer shape for 200, 400 and 401. */
export interface HrdcResponse {
	messages: string[];
	success: boolean;
}

/**
 * How much of a body an excerpt is made from: an excerpt never needs more, and a server (or a
 * proxy) may answer with megabytes. Everything below is one pass over at most this much.
 */
const EXCERPT_SOURCE_CHARS = 64 * 1024;

function bodyText(body: unknown): string {
	if (typeof body === 'string') return body.slice(0, EXCERPT_SOURCE_CHARS);
	if (Buffer.isBuffer(body)) return body.subarray(0, EXCERPT_SOURCE_CHARS).toString('utf8');
	return (JSON.stringify(body) ?? '').slice(0, EXCERPT_SOURCE_CHARS);
}

const SPACE_BEYOND_ASCII = /\s/;
const SCRIPT_END = /<\/script/gi;
const STYLE_END = /<\/style/gi;

/**
 * Text from a response body that is safe and short enough to show in an error: tags and the
 * contents of script and style elements out, control characters and runs of spaces as one
 * space, cut to `limit` characters. One pass, in linear time: regular expressions over
 * unclosed tags (a page of "<") took seconds on a few hundred KB.
 */
export function summariseBody(body: unknown, limit = 300): string {
	const text = bodyText(body);
	let plain = '';
	let space = false;
	// Where the next ">" is at or after the current "<" (-1: none is left, so "<" is text).
	let nextClose = -2;
	for (let i = 0; i < text.length && plain.length <= limit; i++) {
		const code = text.charCodeAt(i);
		if (code === 0x3c && nextClose !== -1) {
			if (nextClose < i) nextClose = text.indexOf('>', i);
			if (nextClose !== -1) {
				const opening = text.slice(i + 1, i + 7).toLowerCase();
				const element =
					opening === 'script' ? SCRIPT_END : opening.startsWith('style') ? STYLE_END : null;
				if (element) {
					// The element's contents go too, up to its closing tag (or the end).
					element.lastIndex = nextClose;
					const closing = element.exec(text)?.index ?? -1;
					const closeEnd = closing === -1 ? -1 : text.indexOf('>', closing);
					if (closeEnd === -1) break;
					i = closeEnd;
				} else {
					i = nextClose;
				}
				space = plain.length > 0;
				continue;
			}
		}
		if (code <= 0x20 || code === 0x7f || (code > 0x7f && SPACE_BEYOND_ASCII.test(text[i]))) {
			space = plain.length > 0;
			continue;
		}
		if (space) {
			plain += ' ';
			space = false;
		}
		plain += text[i];
	}
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
	if (typeof record.success !== 'boolean' && record.messages === undefined) return null;
	const texts: string[] = [];
	messageTexts(record.messages, texts, 0);
	const messages = texts.map((text) => summariseBody(text, 500));
	if (typeof record.success !== 'boolean' && messages.length === 0) return null;
	return { messages, success: record.success !== false };
}

/** At most this many messages are kept from one answer; a list can be anything a server sent. */
const MAX_MESSAGES = 50;

/**
 * `messages` as text, whatever its shape: ActivTrak documents a list of strings, its portal
 * types it as a list of lists, and a gateway may send one string or objects with a `message`.
 * Nested lists are read to a few levels; an object is its `message`, else its JSON.
 */
function messageTexts(value: unknown, into: string[], depth: number): void {
	if (into.length >= MAX_MESSAGES || value === undefined || value === null) return;
	if (typeof value === 'string') {
		if (value.trim() !== '') into.push(value);
		return;
	}
	if (typeof value === 'number' || typeof value === 'boolean') {
		into.push(String(value));
		return;
	}
	if (Array.isArray(value)) {
		if (depth >= 4) return;
		for (const item of value) messageTexts(item, into, depth + 1);
		return;
	}
	if (typeof value === 'object') {
		const message = (value as Record<string, unknown>).message;
		if (typeof message === 'string') into.push(message);
		else into.push(JSON.stringify(value).slice(0, 500));
	}
}

/** The number of lines HRDC says it read ("9 lines read"), or null when it does not say. */
export function linesRead(messages: readonly string[]): number | null {
	for (const message of messages) {
		const found = /\b(\d{1,9}) lines? read\b/i.exec(message);
		if (found) return Number(found[1]);
	}
	return null;
}

/**
 * The number of users HRDC says it could not match ("7 users not matched"), or null when its
 * text does not say. ActivTrak documents no wording for it, so a few plain ones are read: "N
 * users not matched", "N users were not found", "N unmatched users".
 */
export function notMatchedCount(messages: readonly string[]): number | null {
	for (const message of messages) {
		const found =
			/\b(\d{1,9}) (?:users?|lines?|rows?|records?) (?:(?:were|was) )?not (?:matched|found)\b/i.exec(
				message,
			) ?? /\b(\d{1,9}) unmatched (?:users?|lines?|rows?|records?)\b/i.exec(message);
		if (found) return Number(found[1]);
	}
	return null;
}

interface FailureText {
	message: string;
	description: string;
}

interface StatusContext {
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
