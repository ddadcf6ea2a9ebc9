/**
 * 'Baseline Store' > Static Data: n8n keeps the baseline in the workflow's static data, one
 * entry per ActivTrak account (its storable name, transport's activTrakAccount()), each with
 * the storable name of its base URL. n8n saves static data only for production executions (a
 * trigger of an active workflow, the CLI, queue-mode workers), never for a manual run from the
 * editor.
 *
 * Losing the baseline must never look like a first upload, which would turn four limits off:
 * an entry this version cannot read stops the run, and so does an account with no entry where
 * the workflow keeps one for another key at the same base URL (a rotated key). 'First Upload'
 * sends without one, knowingly; 'Take Over Baseline of Previous API Key' carries it over.
 *
 * Held snapshots are recorded here too: an approval must find its hold open, an accepted upload
 * closes every hold of the account, and a manual upload (which n8n would not record) is refused
 * while one is open, so no approval can later send a snapshot compared with the wrong baseline.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ownValue } from '../ownKeys';
import { readFingerprint, type SnapshotFingerprint } from '../snapshot';
import { activTrakEndpoint } from '../transport';
import { refusal } from '../steps/errors';
import type { Baseline } from './types';

/** Where 0.1.0 kept the fingerprint, in the node's static data. */
export const LEGACY_FINGERPRINT_KEY = 'lastAcceptedSnapshot';
/** Where it is kept now, in the workflow's static data: one entry per ActivTrak account. */
export const BASELINES_KEY = 'activTrakHrdcBaselines';
/** Open holds, per account: CSV SHA-256 -> until when the approval is valid (ms). */
export const HOLDS_KEY = 'activTrakHrdcHolds';

type Entries = Record<string, unknown>;

/** A table of the workflow's static data; made only when `create` says so. */
function table(ctx: IExecuteFunctions, key: string, create: boolean): Entries {
	const global = ctx.getWorkflowStaticData('global');
	const entries = ownValue(global, key);
	if (typeof entries === 'object' && entries !== null) return entries as Entries;
	// Reading must not change the static data (n8n would save it): an empty table is not kept.
	if (!create) return {};
	global[key] = {};
	return global[key] as Entries;
}

function stored(fingerprint: SnapshotFingerprint, endpoint: string): IDataObject {
	return { ...fingerprint, endpoint } as unknown as IDataObject;
}

export async function readStaticBaseline(
	ctx: IExecuteFunctions,
	account: string,
	firstUpload: boolean,
): Promise<Baseline> {
	const store = 'n8n static data';
	const none: Baseline = { account, fingerprint: null, foundIn: 'none', store };
	const entries = table(ctx, BASELINES_KEY, false);
	const entry = ownValue(entries, account);
	if (entry !== undefined) {
		const fingerprint = readFingerprint(entry);
		if (fingerprint) return { account, fingerprint, foundIn: 'account', store };
		if (firstUpload) return none;
		throw refusal(
			ctx,
			'The baseline kept for this ActivTrak account cannot be read, so nothing was sent',
			"Without it the limits cannot see what this upload would delete. It was written by another version of this node (after going back to an older release, go forward again) or changed by hand. If ActivTrak's users and groups are as this snapshot expects, turn on 'First Upload' for one run; the accepted upload becomes the new baseline.",
		);
	}
	const node = ctx.getWorkflowStaticData('node');
	const legacy = readFingerprint(ownValue(node, LEGACY_FINGERPRINT_KEY));
	if (legacy) {
		// 0.1.0 kept it per node: moved to the account now, so a hold made against it is
		// approved (by another node) against the same baseline.
		table(ctx, BASELINES_KEY, true)[account] = stored(legacy, await activTrakEndpoint(ctx));
		delete node[LEGACY_FINGERPRINT_KEY];
		return { account, fingerprint: legacy, foundIn: 'node (0.1.0)', store };
	}
	// Entries of other keys at this base URL (or of an unknown base URL: written before the
	// base URL was kept) mean this workflow has uploaded here with another key. (The base URL's
	// name is a digest: made only here, where no entry of this account was found.)
	const endpoint = await activTrakEndpoint(ctx);
	const others = Object.keys(entries).filter((name) => {
		const other = ownValue(entries, name) as IDataObject | undefined;
		return other?.endpoint === undefined || other.endpoint === endpoint;
	});
	if (others.length === 0 || firstUpload) return none;
	if (ctx.getNodeParameter('takeOverBaseline', 0, false) === true) {
		const previous = others.length === 1 ? readFingerprint(ownValue(entries, others[0])) : null;
		if (previous) {
			return {
				account,
				fingerprint: previous,
				foundIn: 'previous key',
				store,
				replaces: others[0],
			};
		}
		throw refusal(
			ctx,
			`This workflow keeps ${others.length === 1 ? 'an unreadable baseline' : `${others.length} baselines`} for other keys at this base URL, so it cannot tell which to take over, and nothing was sent`,
			"Take over works when exactly one readable baseline of another key is kept. Otherwise turn on 'First Upload' for one run; the accepted upload becomes this key's baseline.",
		);
	}
	throw refusal(
		ctx,
		'This workflow keeps a baseline for another API key at this base URL and none for this key, so nothing was sent: was the key rotated?',
		"Uploading as if for the first time would turn off the limits that compare with the last upload. If the key was rotated, turn on 'Take Over Baseline of Previous API Key' for one run: the run is held to the old key's baseline, which becomes this key's. If this key is another ActivTrak account, turn on 'First Upload' for its first run.",
	);
}

/** Records an accepted snapshot as the account's baseline and closes the account's holds. */
export async function saveStaticBaseline(
	ctx: IExecuteFunctions,
	baseline: Baseline,
	fingerprint: SnapshotFingerprint,
): Promise<void> {
	const entries = table(ctx, BASELINES_KEY, true);
	entries[baseline.account] = stored(fingerprint, await activTrakEndpoint(ctx));
	if (baseline.replaces && baseline.replaces !== baseline.account)
		delete entries[baseline.replaces];
	const holds = table(ctx, HOLDS_KEY, false);
	if (ownValue(holds, baseline.account) !== undefined) delete holds[baseline.account];
}

/** Records a held snapshot, so its approval finds it open. */
export function recordHold(
	ctx: IExecuteFunctions,
	account: string,
	csvSha256: string,
	expiresAt: number,
): void {
	const holds = table(ctx, HOLDS_KEY, true);
	const now = Date.now();
	const open: Entries = {};
	// Expired holds are dropped as new ones come.
	for (const [csv, until] of Object.entries((ownValue(holds, account) ?? {}) as Entries)) {
		if (typeof until === 'number' && until > now) open[csv] = until;
	}
	open[csvSha256] = expiresAt;
	holds[account] = open;
}

/** Whether the hold of that CSV is still open (not approved, no upload accepted since). */
export function holdIsOpen(ctx: IExecuteFunctions, account: string, csvSha256: string): boolean {
	const open = ownValue(table(ctx, HOLDS_KEY, false), account);
	if (typeof open !== 'object' || open === null) return false;
	const until = ownValue(open, csvSha256);
	return typeof until === 'number' && until > Date.now();
}

/** The latest expiry of the account's open holds, or null when none is open. */
export function openHoldsUntil(ctx: IExecuteFunctions, account: string): number | null {
	const open = ownValue(table(ctx, HOLDS_KEY, false), account);
	if (typeof open !== 'object' || open === null) return null;
	const now = Date.now();
	const until = Object.values(open).filter((t): t is number => typeof t === 'number' && t > now);
	return until.length ? Math.max(...until) : null;
}
