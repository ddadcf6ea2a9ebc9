/**
 * The credential as the rest of the node needs it: base URL and key (decrypted once per
 * execution), the account and base URL as names that can be stored, and the signing secret.
 */
import type { ICredentialsDecrypted, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveActivTrakBaseUrl } from '../../../credentials/activTrakHrdcEndpoint';
import { sha256 } from '../signing';
import { CREDENTIAL_TYPE } from './endpoints';

/** The credential as read once per execution. */
export interface ActivTrakCredential {
	baseUrl: string;
	apiKey: string;
	/**
	 * The decrypted credential as n8n gives it, handed back to n8n for the upload's
	 * authentication: without it httpRequestWithAuthentication() reads and decrypts the
	 * credential again, ~8-10 ms of a 10-user run in a real n8n 2.41.1 (issue #22).
	 */
	decrypted: ICredentialsDecrypted;
}

/**
 * The credential, decrypted once per node execution: the baseline's account name, an
 * approval's signature and the upload each need it, and n8n decrypts on every getCredentials()
 * call.
 */
const credentialsByExecution = new WeakMap<IExecuteFunctions, Promise<ActivTrakCredential>>();

export async function credentialsOf(ctx: IExecuteFunctions): Promise<ActivTrakCredential> {
	let credentials = credentialsByExecution.get(ctx);
	if (!credentials) {
		credentials = readCredentials(ctx);
		credentialsByExecution.set(ctx, credentials);
	}
	return await credentials;
}

async function readCredentials(ctx: IExecuteFunctions): Promise<ActivTrakCredential> {
	const data = await ctx.getCredentials(CREDENTIAL_TYPE);
	const { id, name } = ctx.getNode().credentials?.[CREDENTIAL_TYPE] ?? {};
	try {
		return {
			baseUrl: resolveActivTrakBaseUrl(data),
			apiKey: String(data.apiKey ?? ''),
			decrypted: { id: id ?? '', name: name ?? '', type: CREDENTIAL_TYPE, data },
		};
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			description: 'Fix the region or Base URL in the ActivTrak HRDC credential',
		});
	}
}

/**
 * Which ActivTrak account the credential points at, as a name that can be stored: an API key
 * belongs to one account, so the account is its base URL and key. The name is 96 bits of
 * SHA-256 over both (keys are long random strings: the name cannot be turned back into one),
 * so no key is ever stored; the same key at the same address is the same account, whatever
 * the credential or the node is called.
 */
export async function activTrakAccount(ctx: IExecuteFunctions): Promise<string> {
	const { baseUrl, apiKey } = await credentialsOf(ctx);
	return storableName(`activtrak-hrdc-account\u0000${baseUrl}\u0000${apiKey}`);
}

/**
 * The base URL alone, as a name that can be stored beside an account's baseline: a baseline
 * kept for another key at the same base URL is how a rotated key shows (see baseline/).
 */
export async function activTrakEndpoint(ctx: IExecuteFunctions): Promise<string> {
	const { baseUrl } = await credentialsOf(ctx);
	return storableName(`activtrak-hrdc-endpoint\u0000${baseUrl}`);
}

/** The first 12 bytes (16 base64url characters) of the text's SHA-256. */
function storableName(text: string): string {
	return sha256(text).slice(0, 16);
}

/**
 * The secret an approval token is signed with: the credential's base URL and key. Only someone
 * who holds the credential can sign a token that verifies (see approval/token.ts).
 */
export async function credentialSecret(ctx: IExecuteFunctions): Promise<string> {
	const { baseUrl, apiKey } = await credentialsOf(ctx);
	return `${baseUrl}\u0000${apiKey}`;
}
