/**
 * The credential as the rest of the node needs it: base URL and key (decrypted once per
 * execution), the account and base URL as names that can be stored, and the signing secret.
 */
import type { ICredentialsDecrypted, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveActivTrakBaseUrl } from '../../../credentials/activTrakHrdcEndpoint';
import { createHmac, scrypt } from 'node:crypto';

import { sha256 } from '../signing';

/** The credential's type name, as n8n knows it. */
export const CREDENTIAL_TYPE = 'activTrakHrdcApi';

/** The credential as read once per execution. */
interface ActivTrakCredential {
	baseUrl: string;
	apiKey: string;
	/** The SCIM API key, for reading ActivTrak's SCIM API only; '' when none is set. */
	scimApiKey: string;
	/**
	 * The decrypted credential as n8n gives it, handed back to n8n for the upload's
	 * authentication: without it httpRequestWithAuthentication() reads and decrypts the
	 * credential again, a visible part of a small run (bench/results.md).
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
			scimApiKey: typeof data.scimApiKey === 'string' ? data.scimApiKey : '',
			decrypted: { id: id ?? '', name: name ?? '', type: CREDENTIAL_TYPE, data },
		};
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error as Error, {
			description: 'Fix the region or Base URL in the ActivTrak HRDC credential',
		});
	}
}

/**
 * scrypt's cost: about 16 MiB and tens of milliseconds per derivation, so that a reader of what
 * the node stores (static data, tokens, `newBaseline` in a Data table) pays that for every key
 * it guesses, where one SHA-256 cost microseconds (370,000 guesses a second per core).
 */
const KDF = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KDF_SALT = 'activtrak-hrdc-credential-v3';
/** Derived keys kept per process (by a digest of the credential): a handful of credentials. */
const MAX_DERIVED = 64;
const derivedKeys = new Map<string, Promise<Buffer>>();

/**
 * The credential's slow derived key under a workflow's random salt (ledger/salt.ts), made once
 * per credential and salt per n8n process. The salt makes each workflow's names its own, so no
 * table of guesses made once serves for every store.
 */
async function derivedKey(ctx: IExecuteFunctions, salt: string): Promise<Buffer> {
	const { baseUrl, apiKey } = await credentialsOf(ctx);
	const text = `${baseUrl}\u0000${apiKey}`;
	const cacheKey = sha256(`${text}\u0000${salt}`);
	let key = derivedKeys.get(cacheKey);
	if (!key) {
		key = new Promise<Buffer>((resolve, reject) =>
			scrypt(text, `${KDF_SALT}\u0000${salt}`, 32, KDF, (error, derived) =>
				error ? reject(error) : resolve(derived),
			),
		);
		if (derivedKeys.size >= MAX_DERIVED) derivedKeys.delete(derivedKeys.keys().next().value!);
		derivedKeys.set(cacheKey, key);
		key.catch(() => derivedKeys.delete(cacheKey));
	}
	return await key;
}

const derivedName = (key: Buffer, purpose: string) =>
	createHmac('sha256', key).update(purpose).digest('base64url');

/**
 * Which ActivTrak account the credential points at, as a name that can be stored: an API key
 * belongs to one account, so the account is its base URL and key. The name is 96 bits of an
 * HMAC under the credential's slow derived key (derivedKey above), so no key is ever stored and
 * none can be confirmed offline faster than scrypt allows; the same key at the same address is
 * the same account, whatever the credential or the node is called.
 */
export async function activTrakAccount(ctx: IExecuteFunctions, salt: string): Promise<string> {
	return derivedName(await derivedKey(ctx, salt), 'activtrak-hrdc-account').slice(0, 16);
}

/**
 * The account's name and signing secret as 0.2 and this version before the slow derivation made
 * them (one SHA-256; the secret was the base URL and key): read only to move a ledger or a 0.2
 * baseline kept under them (ledger/stores.ts), never to write one.
 */
export async function legacyCredentialNames(
	ctx: IExecuteFunctions,
): Promise<{ account: string; secret: string }> {
	const { baseUrl, apiKey } = await credentialsOf(ctx);
	return {
		account: storableName(`activtrak-hrdc-account\u0000${baseUrl}\u0000${apiKey}`),
		secret: `${baseUrl}\u0000${apiKey}`,
	};
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
 * The secret tokens and ledger records are signed with, from the credential's slow derived key:
 * only someone who holds the credential can sign one that verifies (approval/token.ts,
 * ledger/record.ts), and a signature confirms a guessed key no faster than scrypt.
 */
export async function credentialSecret(ctx: IExecuteFunctions, salt: string): Promise<string> {
	return derivedName(await derivedKey(ctx, salt), 'activtrak-hrdc-signing');
}
