/**
 * The baseline: the fingerprint of the last snapshot ActivTrak accepted, which the change report
 * and the safety limits compare with. Where it is kept is decided here and nowhere else.
 *
 * It belongs to the ActivTrak account the credential points at, within the workflow: it is kept
 * in the workflow's static data under the account's name (transport's activTrakAccount()), so it
 * survives renaming or moving the node, and two nodes of one workflow that upload to one account
 * share it. Versions up to 0.1.0 kept it in the node's own static data (`node:<node name>`): that
 * is still read when the account has none, and moved on the next accepted upload.
 *
 * n8n saves static data only for production executions (a trigger of an active workflow, the
 * CLI, queue-mode workers), never for manual runs from the editor, so a manual run never becomes
 * the baseline of scheduled runs.
 *
 * With 'Baseline Store' set to Workflow Data (for queue mode on n8n 2.x, where new queued
 * executions start without static data), the workflow keeps it: it comes in through 'Previous
 * Baseline' and goes out as `newBaseline` after an accepted upload. A missing one stops the run
 * unless 'First Upload' says it is the first: losing the store must never look like a first run.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	GUARD_OPTION_NAMES,
	GUARDS_AGAINST_LAST_UPLOAD,
	readFingerprint,
	type SnapshotFingerprint,
} from '../snapshot';
import { activTrakAccount } from '../transport';
import { STORE_STATIC_DATA, STORE_WORKFLOW_DATA } from './baseline.description';
import { refusal } from './nodeErrors';

/** Where 0.1.0 kept the fingerprint, in the node's static data. */
export const LEGACY_FINGERPRINT_KEY = 'lastAcceptedSnapshot';
/** Where it is kept now, in the workflow's static data: one entry per ActivTrak account. */
export const BASELINES_KEY = 'activTrakHrdcBaselines';

export interface Baseline {
	account: string;
	fingerprint: SnapshotFingerprint | null;
	/** Where it was found: the account's entry, the node's (0.1.0), the workflow's, or nowhere. */
	foundIn: 'account' | 'node (0.1.0)' | 'workflow data' | 'none';
	/** Kept by n8n (static data) or handed to and from the workflow. */
	store: 'n8n static data' | 'workflow data';
}

/** What 'newBaseline' holds: the fingerprint, and the account it belongs to. */
const WORKFLOW_BASELINE_FORMAT = 'activtrak-hrdc-baseline';

function storeOf(ctx: IExecuteFunctions): Baseline['store'] {
	return ctx.getNodeParameter('baselineStore', 0, STORE_STATIC_DATA) === STORE_WORKFLOW_DATA
		? 'workflow data'
		: 'n8n static data';
}

/** 'Previous Baseline' as the workflow handed it in: a 'newBaseline' text or object, or empty. */
function readWorkflowBaseline(ctx: IExecuteFunctions, account: string): Baseline {
	const given = ctx.getNodeParameter('previousBaseline', 0, '') as unknown;
	const text = typeof given === 'string' ? given.trim() : given;
	if (text === '' || text === undefined || text === null) {
		if (ctx.getNodeParameter('firstUpload', 0, false) === true) {
			return { account, fingerprint: null, foundIn: 'none', store: 'workflow data' };
		}
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
	const fingerprint =
		record.format === WORKFLOW_BASELINE_FORMAT ? readFingerprint(record.fingerprint) : null;
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
	return { account, fingerprint, foundIn: 'workflow data', store: 'workflow data' };
}

/** The workflow's baselines by account; made (in the static data) only when `create` says so. */
function accountEntries(ctx: IExecuteFunctions, create: boolean): IDataObject {
	const global = ctx.getWorkflowStaticData('global');
	const entries = global[BASELINES_KEY];
	if (typeof entries === 'object' && entries !== null) return entries as IDataObject;
	// Reading must not change the static data (n8n would save it): an empty list is not kept.
	if (!create) return {};
	global[BASELINES_KEY] = {};
	return global[BASELINES_KEY] as IDataObject;
}

export async function readBaseline(ctx: IExecuteFunctions): Promise<Baseline> {
	const account = await activTrakAccount(ctx);
	if (storeOf(ctx) === 'workflow data') return readWorkflowBaseline(ctx, account);
	const store = 'n8n static data';
	const stored = readFingerprint(accountEntries(ctx, false)[account]);
	if (stored) return { account, fingerprint: stored, foundIn: 'account', store };
	const legacy = readFingerprint(ctx.getWorkflowStaticData('node')[LEGACY_FINGERPRINT_KEY]);
	if (legacy) return { account, fingerprint: legacy, foundIn: 'node (0.1.0)', store };
	return { account, fingerprint: null, foundIn: 'none', store };
}

/**
 * Records an accepted snapshot. In static data n8n keeps it, except for a manual run; as
 * workflow data it is given out as `newBaseline` (the upload was accepted, whatever the mode).
 */
export function saveBaseline(
	ctx: IExecuteFunctions,
	baseline: Baseline,
	fingerprint: () => SnapshotFingerprint,
): IDataObject {
	if (baseline.store === 'workflow data') {
		const newBaseline = JSON.stringify({
			format: WORKFLOW_BASELINE_FORMAT,
			account: baseline.account,
			fingerprint: fingerprint(),
		});
		return { baselineUpdated: true, newBaseline };
	}
	if (ctx.getMode() === 'manual') return { baselineUpdated: false };
	accountEntries(ctx, true)[baseline.account] = fingerprint() as unknown as IDataObject;
	const node = ctx.getWorkflowStaticData('node');
	if (baseline.foundIn === 'node (0.1.0)') delete node[LEGACY_FINGERPRINT_KEY];
	return { baselineUpdated: true };
}

/** What the output says about the baseline, loudly when there is none. */
export function describeBaseline(baseline: Baseline): IDataObject {
	if (baseline.fingerprint) {
		return { found: true, acceptedAt: baseline.fingerprint.acceptedAt, keptIn: baseline.store };
	}
	return {
		found: false,
		keptIn: baseline.store,
		why:
			baseline.store === 'workflow data'
				? "'First Upload' is on and 'Previous Baseline' is empty"
				: 'No upload from this workflow to this ActivTrak account has been accepted yet (a first upload), or the stored baseline is gone',
		limitsNotChecked: GUARDS_AGAINST_LAST_UPLOAD.map((limit) => GUARD_OPTION_NAMES[limit]),
	};
}

/** The warning every run without a baseline carries. */
export function noBaselineWarning(baseline: Baseline): string | null {
	if (baseline.fingerprint) return null;
	return `No baseline: nothing from this workflow to this ActivTrak account was accepted before, so every Do Not Track and deletion counts as new and these limits could not be checked: ${GUARDS_AGAINST_LAST_UPLOAD.map((limit) => `'${GUARD_OPTION_NAMES[limit]}'`).join(', ')}. If this account has had uploads before (from another workflow, by hand, or from this one before its static data was lost), preview first.`;
}
