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
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	GUARD_OPTION_NAMES,
	readFingerprint,
	type GuardLimits,
	type SnapshotFingerprint,
} from '../snapshot';
import { activTrakAccount } from '../transport';

/** Where 0.1.0 kept the fingerprint, in the node's static data. */
export const LEGACY_FINGERPRINT_KEY = 'lastAcceptedSnapshot';
/** Where it is kept now, in the workflow's static data: one entry per ActivTrak account. */
export const BASELINES_KEY = 'activTrakHrdcBaselines';

/** The limits that compare with the last upload, and so cannot be checked without one. */
const LIMITS_NEEDING_A_BASELINE: ReadonlyArray<keyof GuardLimits> = [
	'maxGroupsRemovedPercent',
	'maxMembershipsRemovedPercent',
	'maxUsersShrinkPercent',
	'maxGroupsShrinkPercent',
];

export interface Baseline {
	account: string;
	fingerprint: SnapshotFingerprint | null;
	/** Where it was found: the account's entry, the node's (0.1.0), or nowhere. */
	foundIn: 'account' | 'node (0.1.0)' | 'none';
}

function accountEntries(ctx: IExecuteFunctions): IDataObject {
	const global = ctx.getWorkflowStaticData('global');
	if (typeof global[BASELINES_KEY] !== 'object' || global[BASELINES_KEY] === null)
		global[BASELINES_KEY] = {};
	return global[BASELINES_KEY] as IDataObject;
}

export async function readBaseline(ctx: IExecuteFunctions): Promise<Baseline> {
	const account = await activTrakAccount(ctx);
	const stored = readFingerprint(accountEntries(ctx)[account]);
	if (stored) return { account, fingerprint: stored, foundIn: 'account' };
	const legacy = readFingerprint(ctx.getWorkflowStaticData('node')[LEGACY_FINGERPRINT_KEY]);
	if (legacy) return { account, fingerprint: legacy, foundIn: 'node (0.1.0)' };
	return { account, fingerprint: null, foundIn: 'none' };
}

/** Records an accepted snapshot; says whether n8n will keep it (not for a manual run). */
export function saveBaseline(
	ctx: IExecuteFunctions,
	baseline: Baseline,
	fingerprint: () => SnapshotFingerprint,
): boolean {
	if (ctx.getMode() === 'manual') return false;
	accountEntries(ctx)[baseline.account] = fingerprint() as unknown as IDataObject;
	const node = ctx.getWorkflowStaticData('node');
	if (baseline.foundIn === 'node (0.1.0)') delete node[LEGACY_FINGERPRINT_KEY];
	return true;
}

/** What the output says about the baseline, loudly when there is none. */
export function describeBaseline(baseline: Baseline): IDataObject {
	if (baseline.fingerprint) {
		return { found: true, acceptedAt: baseline.fingerprint.acceptedAt, keptIn: 'n8n static data' };
	}
	return {
		found: false,
		why: 'No upload from this workflow to this ActivTrak account has been accepted yet (a first upload), or the stored baseline is gone',
		limitsNotChecked: LIMITS_NEEDING_A_BASELINE.map((limit) => GUARD_OPTION_NAMES[limit]),
	};
}

/** The warning every run without a baseline carries. */
export function noBaselineWarning(baseline: Baseline): string | null {
	if (baseline.fingerprint) return null;
	return `No baseline: nothing from this workflow to this ActivTrak account was accepted before, so every Do Not Track and deletion counts as new and these limits could not be checked: ${LIMITS_NEEDING_A_BASELINE.map((limit) => `'${GUARD_OPTION_NAMES[limit]}'`).join(', ')}. If this account has had uploads before (from another workflow, by hand, or from this one before its static data was lost), preview first.`;
}
