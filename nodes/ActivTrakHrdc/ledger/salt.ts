/**
 * The workflow's random salt for the account's names (transport's slow derivation): each workflow
 * names the account and signs with keys of its own, so what one workflow's store gives out helps
 * no reader with another's. It is kept where the ledger is: in the static data (SALT_KEY), or in
 * the record handed out as `newBaseline` (its `salt`). This process remembers each workflow's, so
 * two executions of a new workflow that overlap agree on one.
 */
import { randomBytes } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import { ownValue } from '../ownKeys';
import { activTrakAccount, credentialSecret } from '../transport';
import { STORE_WORKFLOW_DATA, baselineSetting } from './description';
import { parsedRecord } from './stores';

export const SALT_KEY = 'activTrakHrdcSalt';
const SALT = /^[\w-]{22}$/;
const saltsByWorkflow = new Map<string, string>();

const isSalt = (value: unknown): value is string => typeof value === 'string' && SALT.test(value);

/** The salt in 'Previous Baseline', read without its signature (the names it gives are checked). */
function handedInSalt(ctx: IExecuteFunctions): string | undefined {
	const salt = ownValue(parsedRecord(baselineSetting(ctx, 'previousBaseline')), 'salt');
	return isSalt(salt) ? salt : undefined;
}

function workflowSalt(ctx: IExecuteFunctions): string {
	const workflowId = String(ctx.getWorkflow().id ?? '');
	const handedOut = baselineSetting(ctx, 'baselineStore') === STORE_WORKFLOW_DATA;
	if (handedOut) {
		const given = handedInSalt(ctx);
		if (given) {
			saltsByWorkflow.set(workflowId, given);
			return given;
		}
	} else {
		const global = ctx.getWorkflowStaticData('global');
		const kept = global[SALT_KEY];
		if (isSalt(kept)) {
			saltsByWorkflow.set(workflowId, kept);
			return kept;
		}
	}
	let salt = saltsByWorkflow.get(workflowId);
	if (!salt) {
		salt = randomBytes(16).toString('base64url');
		saltsByWorkflow.set(workflowId, salt);
	}
	if (!handedOut) ctx.getWorkflowStaticData('global')[SALT_KEY] = salt;
	return salt;
}

interface AccountNames {
	account: string;
	secret: string;
	salt: string;
}

/**
 * Per node execution: the lock, the ledger's reading, every commit and the token ask for them,
 * and the salt of a handed-in record is found by parsing the whole record (megabytes at 100,000
 * users), so it is read once, as the credential is (transport's credentialsOf()).
 */
const namesByExecution = new WeakMap<IExecuteFunctions, Promise<AccountNames>>();

/** The account's name and signing secret in this workflow. */
export async function accountNames(ctx: IExecuteFunctions): Promise<AccountNames> {
	let names = namesByExecution.get(ctx);
	if (!names) {
		names = (async () => {
			const salt = workflowSalt(ctx);
			return {
				account: await activTrakAccount(ctx, salt),
				secret: await credentialSecret(ctx, salt),
				salt,
			};
		})();
		namesByExecution.set(ctx, names);
	}
	return await names;
}
