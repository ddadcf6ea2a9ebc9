/**
 * The one place that talks HTTP to ActivTrak: the bulk upload and the credential check. Base
 * URL, authentication, redirects and error translation are decided here and nowhere else.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeCredentialTestResult,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resolveActivTrakBaseUrl } from '../../../credentials/activTrakHrdcEndpoint';
import { buildSnapshotMultipart } from './multipart';

export const CREDENTIAL_TYPE = 'activTrakHrdcApi';
export const HRDC_BULK_PATH = '/hrdc/v2/bulk';
/**
 * Inferred, not in ActivTrak's public reference: an admin API definition lists it as "Test end
 * point up status" answering 401 to a bad key. Used only by the credential test, which does not
 * call a key bad when this route is missing.
 */
export const HRDC_PING_PATH = '/hrdc/ping';

/** ActivTrak's documented answer shape for 200, 400 and 401. */
export interface HrdcResponse {
	messages: string[];
	success: boolean;
}

export interface HrdcUploadResult {
	statusCode: number;
	response: HrdcResponse;
	url: string;
}

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Text from a response body that is safe and short enough to show in an error. */
function summariseBody(body: unknown): string {
	const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
	// Tags and control characters out, so an HTML error page reads as one plain line.
	let plain = '';
	for (const char of (text ?? '').replace(/<[^>]*>/g, ' ')) {
		const code = char.charCodeAt(0);
		plain += code < 0x20 || code === 0x7f ? ' ' : char;
	}
	plain = plain.replace(/\s+/g, ' ').trim();
	return plain.length > 300 ? `${plain.slice(0, 297)}...` : plain;
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
	const messages = Array.isArray(record.messages) ? record.messages.map((m) => String(m)) : [];
	if (typeof record.success !== 'boolean' && !Array.isArray(record.messages)) return null;
	return { messages, success: record.success !== false };
}

function explainStatus(statusCode: number, url: string, messages: string[], bytes: number): {
	message: string;
	description: string;
} {
	const said = messages.length ? `ActivTrak said: ${messages.join('; ')}` : '';
	switch (statusCode) {
		case 401:
		case 403:
			return {
				message: 'ActivTrak rejected the API key',
				description: `Check the credential's API key and region (the key belongs to one account and one region). ${said}`.trim(),
			};
		case 400:
			return {
				message: `ActivTrak refused the snapshot${messages.length ? `: ${messages.join('; ')}` : ''}`,
				description: said || 'ActivTrak answered 400 Bad Request without a message',
			};
		case 404:
			return {
				message: 'ActivTrak has no HRDC endpoint at this address',
				description: `Tried ${url}. This usually means the wrong region or base URL in the credential. ${said}`.trim(),
			};
		case 413:
			return {
				message: 'ActivTrak refused the snapshot as too large',
				description: `The upload was ${bytes} bytes. ${said}`.trim(),
			};
		default:
			return {
				message: `ActivTrak answered ${statusCode}`,
				description: said || `The upload to ${url} was not accepted`,
			};
	}
}

async function credentialsOf(ctx: IExecuteFunctions): Promise<{ baseUrl: string }> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	try {
		return { baseUrl: resolveActivTrakBaseUrl(credentials) };
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			description: 'Fix the region or Base URL in the ActivTrak HRDC credential',
		});
	}
}

/**
 * Uploads one CSV snapshot to `POST {baseUrl}/hrdc/v2/bulk` as the multipart file part `File`.
 * Resolves only when ActivTrak accepted it; every other end is a NodeApiError that carries
 * ActivTrak's `messages`.
 */
export async function uploadSnapshotCsv(
	ctx: IExecuteFunctions,
	csv: string | Buffer,
	fileName: string,
): Promise<HrdcUploadResult> {
	const { baseUrl } = await credentialsOf(ctx);
	const url = `${baseUrl}${HRDC_BULK_PATH}`;
	const multipart = buildSnapshotMultipart(csv, fileName);
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		body: multipart.body,
		headers: {
			'content-type': multipart.contentType,
			'content-length': String(multipart.body.length),
			accept: 'application/json',
		},
		json: false,
		encoding: 'text',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the key and the employees' data to wherever it points.
		disableFollowRedirect: true,
	};
	let response: FullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			request,
		)) as FullResponse;
	} catch (error) {
		const cause = error as Error & { code?: string };
		throw new NodeApiError(
			ctx.getNode(),
			{ message: cause.message, code: cause.code ?? null } as JsonObject,
			{
				message: `Could not reach ActivTrak at ${baseUrl}`,
				description: `${cause.code ? `${cause.code}: ` : ''}${cause.message}. Nothing was uploaded. Check the credential's region or base URL and the network.`,
			},
		);
	}

	const parsed = parseHrdcResponse(response.body);
	const statusCode = response.statusCode;
	if (statusCode >= 200 && statusCode < 300 && parsed?.success) {
		return { statusCode, response: parsed, url };
	}
	if (statusCode >= 200 && statusCode < 300) {
		throw new NodeApiError(
			ctx.getNode(),
			{ messages: parsed?.messages ?? [], success: false, body: summariseBody(response.body) } as JsonObject,
			{
				message: parsed
					? `ActivTrak did not accept the snapshot${parsed.messages.length ? `: ${parsed.messages.join('; ')}` : ''}`
					: 'ActivTrak answered with a body that is not its usual JSON',
				description: parsed
					? 'ActivTrak answered success: false'
					: `Status ${statusCode}, body: ${summariseBody(response.body) || '(empty)'}`,
				httpCode: String(statusCode),
			},
		);
	}
	const messages = parsed?.messages ?? [];
	const explained = explainStatus(statusCode, url, messages, multipart.body.length);
	if (!parsed) {
		const bodyText = summariseBody(response.body);
		explained.description = `${explained.description}. Body: ${bodyText || '(empty)'}`;
	}
	throw new NodeApiError(
		ctx.getNode(),
		{ messages, success: false, statusCode } as JsonObject,
		{ ...explained, httpCode: String(statusCode) },
	);
}

/**
 * The credential test: a read-only GET that changes nothing. 401/403 mean the key is wrong; no
 * answer at all means the host is wrong or unreachable; a missing check route (404/405) is not
 * taken as a bad key, since that route is not in ActivTrak's public reference.
 */
export async function testActivTrakCredential(
	ctx: ICredentialTestFunctions,
	credentials: ICredentialDataDecryptedObject,
): Promise<INodeCredentialTestResult> {
	let baseUrl: string;
	try {
		baseUrl = resolveActivTrakBaseUrl(credentials);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
	if (!credentials.apiKey) {
		return { status: 'Error', message: 'The API key is empty' };
	}
	let response: FullResponse;
	try {
		response = (await ctx.helpers.request({
			method: 'GET',
			uri: `${baseUrl}${HRDC_PING_PATH}`,
			headers: { 'x-api-key': String(credentials.apiKey), accept: 'application/json' },
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			timeout: 15000,
		})) as FullResponse;
	} catch (error) {
		const cause = error as Error & { code?: string };
		return {
			status: 'Error',
			message: `Could not reach ${baseUrl} (${cause.code ?? cause.message}); check the region or base URL`,
		};
	}
	const status = response.statusCode;
	if (status === 401 || status === 403) {
		return {
			status: 'Error',
			message: `ActivTrak at ${baseUrl} rejected the API key (${status}); check the key and the region`,
		};
	}
	if (status >= 200 && status < 300) {
		return { status: 'OK', message: `Connected to ActivTrak at ${baseUrl}; the key was accepted` };
	}
	if (status === 404 || status === 405) {
		return {
			status: 'OK',
			message: `Reached ${baseUrl}, which has no check route, so the key could not be verified before the first upload`,
		};
	}
	return { status: 'Error', message: `${baseUrl} answered ${status} to the check` };
}
