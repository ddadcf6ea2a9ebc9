/**
 * The credential test, the node's only other HTTP call (see index.ts for the upload).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { resolveActivTrakBaseUrl } from '../../../credentials/activTrakHrdcEndpoint';
import { HRDC_PING_PATH, type FullResponse } from './endpoints';
import { summariseBody } from './responses';
import { connectionFailureCode } from './retryPolicy';

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
			message: `Could not reach ${baseUrl} (${connectionFailureCode(error) ?? summariseBody(cause.message, 120)}); check the region or base URL`,
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
