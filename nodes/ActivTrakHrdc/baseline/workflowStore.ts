/**
 * 'Baseline Store' > Workflow Data: the baseline goes out as `newBaseline` after an accepted
 * upload and comes back through 'Previous Baseline', kept by the workflow (e.g. an n8n Data
 * table) for queue mode on n8n 2.x. It is signed with the credential (HMAC, like an approval
 * token): the workflow can keep it but not make or change one, and a baseline of another key
 * does not pass. What it cannot know is whether the store handed in the newest one: that is the
 * store's part (docs/approval.md, "What replay protection needs from the store").
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readFingerprint, type SnapshotFingerprint } from '../snapshot';
import { sign, verify } from '../signing';
import { credentialSecret } from '../transport';
import { refusal } from '../steps/errors';
import type { Baseline } from './types';

/** What 'newBaseline' holds: the fingerprint, the account it belongs to, and the signature. */
const FORMAT = 'activtrak-hrdc-baseline';
const PURPOSE = 'activtrak-hrdc-baseline';

/** The signed text: account and fingerprint exactly as given out. */
const signedText = (account: unknown, fingerprint: unknown) =>
	JSON.stringify([account, fingerprint]);

export async function newWorkflowBaseline(
	ctx: IExecuteFunctions,
	account: string,
	fingerprint: SnapshotFingerprint,
): Promise<string> {
	const signature = sign(PURPOSE, await credentialSecret(ctx), signedText(account, fingerprint));
	return JSON.stringify({ format: FORMAT, account, fingerprint, signature });
}

/** 'Previous Baseline' as the workflow handed it in: a 'newBaseline' text or object, or empty. */
export async function readWorkflowBaseline(
	ctx: IExecuteFunctions,
	account: string,
	firstUpload: boolean,
): Promise<Baseline> {
	const given = ctx.getNodeParameter('previousBaseline', 0, '') as unknown;
	const text = typeof given === 'string' ? given.trim() : given;
	if (text === '' || text === undefined || text === null) {
		if (firstUpload) return { account, fingerprint: null, foundIn: 'none', store: 'workflow data' };
		throw refusal(
			ctx,
			"'Previous Baseline' is empty, so nothing was sent",
			"With 'Baseline Store' set to Workflow Data the last accepted upload's 'newBaseline' must come in here. If it was lost, the limits cannot see what this upload would delete. Check the step that reads it (e.g. the Data table row); only for the very first upload to this account, turn on 'First Upload'.",
		);
	}
	let envelope: unknown = text;
	if (typeof text === 'string') {
		try {
			envelope = JSON.parse(text);
		} catch {
			envelope = null;
		}
	}
	const record = (typeof envelope === 'object' && envelope !== null ? envelope : {}) as IDataObject;
	const fingerprint = record.format === FORMAT ? readFingerprint(record.fingerprint) : null;
	if (!fingerprint) {
		throw refusal(
			ctx,
			"'Previous Baseline' is not a baseline this node gave out, so nothing was sent",
			"It must be the 'newBaseline' text of an accepted upload, unchanged.",
		);
	}
	if (record.account !== account) {
		throw refusal(
			ctx,
			"'Previous Baseline' belongs to another ActivTrak account, so nothing was sent",
			'It was given out by an upload with another credential (another key or region). Read the baseline kept for this account.',
		);
	}
	const signed = verify(
		PURPOSE,
		await credentialSecret(ctx),
		signedText(record.account, record.fingerprint),
		record.signature,
	);
	if (!signed) {
		throw refusal(
			ctx,
			"'Previous Baseline' is not signed by this credential, so nothing was sent",
			"It was changed after this node gave it out, or made by an older version (unsigned), or by a credential with another key. Pass the 'newBaseline' of the last accepted upload unchanged; if none is left that this credential signed, turn on 'First Upload' once.",
		);
	}
	return { account, fingerprint, foundIn: 'workflow data', store: 'workflow data' };
}
