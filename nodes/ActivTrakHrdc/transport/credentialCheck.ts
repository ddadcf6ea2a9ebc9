/**
 * The credential test, the node's only other HTTP call (see index.ts for the upload).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import {
	SCIM_PATH,
	isActivTrakHost,
	isLoopbackHost,
	resolveActivTrakBaseUrl,
} from '../../../credentials/activTrakHrdcEndpoint';
import { summariseBody } from './responses';
import { beforeDeadline, discardBody, type FullResponse } from './answer';
import { connectionFailureCode } from './retryPolicy';

/**
 * Inferred, not in ActivTrak's public reference: an admin API definition lists it as "Test end
 * point up status" answering 401 to a bad key. Used only by this check, which does not call a
 * key bad when the route is missing.
 */
export const HRDC_PING_PATH = '/hrdc/ping';

/** The whole of each check call, connect to status line. */
export const CHECK_TIMEOUT_MS = 15_000;

/**
 * The credential test: read-only GETs that change nothing. 401/403 mean the key is wrong; no
 * answer at all means the host is wrong or unreachable; a missing check route (404/405) is said
 * to be one (an error, since n8n shows only an error's text), not a bad key: that route is not
 * in ActivTrak's public reference. A host is called
 * "connected" only when it proved it checks keys: it accepted this key and refused a made-up one
 * (a proxy or a catch-all server answers 200 to anything).
 */
export async function testActivTrakCredential(
	ctx: ICredentialTestFunctions,
	credentials: ICredentialDataDecryptedObject,
	timeoutMs = CHECK_TIMEOUT_MS,
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
	const { hostname } = new URL(baseUrl);
	if (!isActivTrakHost(hostname) && !isLoopbackHost(hostname)) {
		return {
			status: 'Error',
			message: `${baseUrl} is not an ActivTrak address (activtrak.com), so the test did not send the key there. Uploads would: use a custom base URL only for an ActivTrak region or a gateway your company runs.`,
		};
	}
	const apiKey = String(credentials.apiKey);
	const scimKey = typeof credentials.scimApiKey === 'string' ? credentials.scimApiKey : '';
	const hrdc = await checkKey(baseUrl, HRDC_PING_PATH, apiKey, 'the API key', timeoutMs, ctx);
	if (hrdc.status !== 'OK' || scimKey === '') return hrdc;
	// Read-only too: SCIM's ping, with the SCIM key (its writes are never sent: see the credential).
	const scim = await checkKey(
		baseUrl,
		`${SCIM_PATH}/ping`,
		scimKey,
		'the SCIM API key',
		timeoutMs,
		ctx,
	);
	if (scim.status !== 'OK') return scim;
	return {
		status: 'OK',
		message: `Connected to ActivTrak at ${baseUrl}; the API key and the SCIM API key were accepted`,
	};
}

/**
 * One key checked at one read-only route: accepted, and a made-up key refused, or why not.
 */
async function checkKey(
	baseUrl: string,
	path: string,
	apiKey: string,
	what: string,
	timeoutMs: number,
	ctx: ICredentialTestFunctions,
): Promise<INodeCredentialTestResult> {
	// Only the status matters: the body is never read (a 64 MB answer costs nothing) and each
	// call ends at its deadline, however slowly the host sends its headers.
	const ask = async (key: string): Promise<FullResponse | { failure: string }> => {
		const deadline = AbortSignal.timeout(timeoutMs);
		try {
			const response = (await beforeDeadline(
				ctx.helpers.request({
					method: 'GET',
					uri: `${baseUrl}${path}`,
					headers: { 'x-api-key': key, accept: 'application/json' },
					resolveWithFullResponse: true,
					simple: false,
					followRedirect: false,
					timeout: timeoutMs,
					useStream: true,
				}) as Promise<FullResponse>,
				deadline,
			)) as FullResponse;
			discardBody(response.body);
			return response;
		} catch (error) {
			if (deadline.aborted) return { failure: 'ETIMEDOUT' };
			const cause = error as Error;
			return { failure: connectionFailureCode(error) ?? summariseBody(cause.message, 120) };
		}
	};
	const response = await ask(apiKey);
	if ('failure' in response) {
		return {
			status: 'Error',
			message: `Could not reach ${baseUrl} (${response.failure}); check the region or base URL`,
		};
	}
	const status = response.statusCode;
	if (status === 401 || status === 403) {
		return {
			status: 'Error',
			message: `ActivTrak at ${baseUrl} rejected ${what} (${status}); check it and the region`,
		};
	}
	if (status >= 200 && status < 300) {
		const madeUp = `not-a-key-${Date.now().toString(36)}`;
		const answer = await ask(madeUp);
		const control = 'failure' in answer ? null : answer;
		if (control && (control.statusCode === 401 || control.statusCode === 403)) {
			return {
				status: 'OK',
				message: `Connected to ActivTrak at ${baseUrl}; ${what} was accepted`,
			};
		}
		return {
			status: 'Error',
			message: `${baseUrl} answered ${status} but ${control ? `also answered ${control.statusCode} to a made-up key` : 'did not answer a made-up key'}, so it did not prove ${what} is valid; check that the base URL is ActivTrak's`,
		};
	}
	if (status === 404 || status === 405) {
		// An error, though the key may be good: n8n shows the text of an error only, and a green
		// "Connection tested successfully" must mean the key was checked.
		return {
			status: 'Error',
			message: `Reached ${baseUrl}, but ${what} could not be checked: it has no check route there (${status}). The credential can still be saved; the first upload shows whether ActivTrak accepts it`,
		};
	}
	return { status: 'Error', message: `${baseUrl} answered ${status} to the check of ${what}` };
}
