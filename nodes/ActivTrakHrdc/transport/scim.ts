/**
 * Reading the account through ActivTrak's SCIM 2.0 API (Beta at ActivTrak): its users and groups, GET
 * only, with the credential's SCIM API key. Nothing here can write: every request is built by
 * scimGet() with the method fixed, and the credential refuses any other method to
 * SCIM as well, whoever asks (its writes put users on Do Not Track and delete their agents).
 * Bounded like the upload: a deadline per request, a cap on each answer's size, and retries on
 * 429, gateway errors and dropped connections that honour Retry-After.
 */
import type { IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { SCIM_PATH } from '../../../credentials/activTrakHrdcEndpoint';
import { refusedBecause } from '../messages';
import { withoutSecret } from './answer';
import { attemptOnce, retryAfter } from './attempt';
import { credentialsOf } from './credentials';
import { summariseBody } from './responses';
import type { RetrySettings } from './retryPolicy';
import { ScimListError, readAllScimPages } from './scimPaging';

/** The most one page's answer may hold: 100 users are tens of KiB; a proxy's page is cut here. */
export const MAX_SCIM_PAGE_BYTES = 8 * 1024 * 1024;

export interface ScimReadSettings {
	retry: RetrySettings;
	/** Each request, connect to last byte. */
	timeoutMs: number;
}

/** The lists the node reads; nothing else under /scim/ is ever asked for. */
type ScimList = 'users' | 'groups';

/** The account's users and groups, each record as ActivTrak sent it. */
export interface ScimAccount {
	users: unknown[];
	groups: unknown[];
}

/**
 * Every user and group of the account, as SCIM lists them, each list read once, page by page.
 * Fails, rather than give part of the account, on any answer that is not a whole list.
 * `purpose` names the setting or operation that reads, for the refusal without a SCIM key.
 */
export async function readScimAccount(
	ctx: IExecuteFunctions,
	settings: ScimReadSettings,
	purpose: string,
): Promise<ScimAccount> {
	const credentials = await credentialsOf(ctx);
	if (!credentials.scimApiKey) {
		throw new NodeOperationError(
			ctx.getNode(),
			refusedBecause(`${purpose} needs the credential's SCIM API Key`),
			{
				description:
					"Make a SCIM API key in ActivTrak under APIs & Integrations > Integrations (the Entra ID or Okta via SCIM card) and enter it in the credential's 'SCIM API Key'. The node only reads with it.",
			},
		);
	}
	const users = await readScimList(ctx, credentials, 'users', settings);
	const groups = await readScimList(ctx, credentials, 'groups', settings);
	return { users, groups };
}

async function readScimList(
	ctx: IExecuteFunctions,
	credentials: Awaited<ReturnType<typeof credentialsOf>>,
	list: ScimList,
	settings: ScimReadSettings,
): Promise<unknown[]> {
	try {
		return await readAllScimPages(
			async (startIndex, count) =>
				await scimGet(ctx, credentials, list, { startIndex, count }, settings),
		);
	} catch (error) {
		throw whyNotWhole(ctx, list, error);
	}
}

/** A list that could not be read whole, said as such; the errors of a request as they are. */
function whyNotWhole(ctx: IExecuteFunctions, list: ScimList, error: unknown): Error {
	if (!(error instanceof ScimListError)) return error as Error;
	return new NodeOperationError(
		ctx.getNode(),
		`ActivTrak's SCIM ${list} could not be read whole: ${error.message}`,
		{
			description: `Comparing with ActivTrak needs all its ${list}, so nothing was sent or recorded. ActivTrak's SCIM API is Beta: if this persists, ask ActivTrak, or turn 'Check Against ActivTrak' off where it is on.`,
		},
	);
}

/** One list page: GET {baseUrl}/scim/v1/{list}, retried as the settings allow, read as JSON. */
async function scimGet(
	ctx: IExecuteFunctions,
	{ baseUrl, apiKey, scimApiKey, decrypted }: Awaited<ReturnType<typeof credentialsOf>>,
	list: ScimList,
	query: { startIndex: number; count: number },
	settings: ScimReadSettings,
): Promise<unknown> {
	const url = `${baseUrl}${SCIM_PATH}/${list}`;
	// Both keys are taken out of anything a server sends back.
	const clean = (text: string) => withoutSecret(withoutSecret(text, scimApiKey), apiKey);
	// GET, and only GET: nothing else is ever built for SCIM (and the credential refuses it).
	const request = {
		method: 'GET' as const,
		url,
		qs: query,
		headers: { accept: 'application/scim+json, application/json' },
	};
	const askOnce = async () =>
		await attemptOnce(ctx, request, decrypted, settings.timeoutMs, MAX_SCIM_PAGE_BYTES);
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await askOnce();
		const status = 'response' in outcome ? outcome.response.statusCode : null;
		if ('response' in outcome && status! >= 200 && status! < 300) {
			if (outcome.cut) {
				throw new NodeOperationError(
					ctx.getNode(),
					refusedBecause(
						`A page of ActivTrak's SCIM ${list} was over ${MAX_SCIM_PAGE_BYTES / 1024 / 1024} MiB and was not read`,
					),
					{
						description: `Check that ${baseUrl} is ActivTrak's API (a proxy or a wrong base URL answers so).`,
					},
				);
			}
			try {
				return JSON.parse(outcome.text) as unknown;
			} catch {
				throw new NodeOperationError(
					ctx.getNode(),
					refusedBecause(`ActivTrak's SCIM ${list} answer is not JSON`),
					{
						description: `Status ${status}, body: ${clean(summariseBody(outcome.text)) || '(empty)'}`,
					},
				);
			}
		}
		const next = await retryAfter(outcome, attempt, settings.retry, waitedMs);
		if (next.retry) {
			waitedMs = next.waitedMs;
			continue;
		}
		const gaveUp = next.reason ? ` The node gave up: ${next.reason}.` : '';
		if ('response' in outcome)
			throw scimStatusError(ctx, list, url, status!, clean(summariseBody(outcome.text)), gaveUp);
		throw new NodeApiError(
			ctx.getNode(),
			{ message: clean(outcome.failure.message), connectionError: outcome.code } as JsonObject,
			{
				message: refusedBecause(
					`ActivTrak's SCIM API could not be reached (${outcome.code ?? 'no answer'})`,
				),
				description: `${url}: ${clean(outcome.failure.message)}.${gaveUp} Check the credential's region or base URL and the network.`,
			},
		);
	}
}

/** What a refusal of a SCIM read means, and what to change. */
function scimStatusError(
	ctx: IExecuteFunctions,
	list: ScimList,
	url: string,
	status: number,
	excerpt: string,
	gaveUp: string,
): NodeApiError {
	const why =
		status === 401 || status === 403
			? `ActivTrak refused the SCIM API key (${status})`
			: status === 404
				? `ActivTrak has no SCIM ${list} at ${url} (404)`
				: `ActivTrak's SCIM ${list} answered ${status}`;
	const fix =
		status === 401 || status === 403
			? "Check the credential's 'SCIM API Key' (made under APIs & Integrations > Integrations, not the HRDC API key) and its region."
			: status === 404
				? "ActivTrak's SCIM API is Beta and may not be on for this account, or the base URL is not ActivTrak's."
				: `Body: ${excerpt || '(empty)'}.`;
	return new NodeApiError(ctx.getNode(), { status, body: excerpt } as JsonObject, {
		message: refusedBecause(why),
		description: `${fix}${gaveUp}`,
		httpCode: String(status),
	});
}
