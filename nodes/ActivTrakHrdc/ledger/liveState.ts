/**
 * What ActivTrak's live state (read through SCIM with 'Check Against ActivTrak' or by Verify
 * Last Upload) settles in the ledger: the source type of HRDC's groups, learned from the groups
 * of the accepted upload, and which snapshot ActivTrak holds when uploads are in doubt. Asking
 * beats believing: the snapshot the account shows exactly (verifyAgainstAccount) is the one it
 * holds. Pure: no n8n imports, no I/O.
 */
import {
	learnHrdcSourceType,
	verifyAgainstAccount,
	type ActivTrakAccount,
	type SnapshotFingerprint,
} from '../snapshot';
import {
	withHrdcSourceType,
	withLiveStateShown,
	type LedgerEntry,
	type UploadInDoubt,
} from './entry';

/**
 * How long an upload in doubt may still be applied after it was sent: HRDC processes uploads
 * on its own time (not documented), so an account that does not show one yet clears its doubt
 * only once this has passed since it was sent, before the account was read.
 */
export const DOUBT_SETTLES_AFTER_MS = 15 * 60_000;

export interface LiveSettlement {
	entry: LedgerEntry;
	/** The HRDC source type, known before or learned now (null: still not known). */
	hrdcSourceType: number | null;
	learned: boolean;
	/** What the live state showed of the uploads in doubt; null when none were in doubt. */
	doubts: {
		/**
		 * Which one the account shows exactly: an upload in doubt (now the accepted one), the
		 * accepted one, or not one alone (none, or several that look alike there).
		 */
		shows: 'upload in doubt' | 'accepted upload' | 'not clear';
		/** Uploads in doubt the run is still held to. */
		stillInDoubt: number;
	} | null;
}

const groupNames = (fingerprint: SnapshotFingerprint | null) =>
	fingerprint ? Object.keys(fingerprint.groups) : [];

/** The HRDC source type: as the ledger knows it, or as the account shows it now. */
export function hrdcSourceTypeOf(entry: LedgerEntry, account: ActivTrakAccount): number | null {
	return entry.hrdcSourceType ?? learnHrdcSourceType(account, groupNames(entry.accepted));
}

/**
 * The ledger once the account read at `readAt` (ms) has been looked at. The account decides
 * among the accepted snapshot and the uploads in doubt only when it shows exactly one of them.
 */
export function settleWithAccount(
	entry: LedgerEntry,
	account: ActivTrakAccount,
	readAt: number,
): LiveSettlement {
	let settled = entry;
	let hrdcSourceType = hrdcSourceTypeOf(entry, account);
	let doubts: LiveSettlement['doubts'] = null;
	if (entry.inDoubt.length > 0) {
		const shows = (fingerprint: SnapshotFingerprint | null) =>
			fingerprint !== null && verifyAgainstAccount(fingerprint, account, hrdcSourceType).verified;
		// An upload sent after the account was read cannot be what it shows.
		const shown = entry.inDoubt.filter(
			(doubt) => Date.parse(doubt.sentAt) < readAt && shows(doubt.fingerprint),
		);
		const acceptedShown = shows(entry.accepted);
		const decided = shown.length + (acceptedShown ? 1 : 0) === 1;
		const stillInDoubt = (except: UploadInDoubt | null) =>
			entry.inDoubt.filter(
				(doubt) =>
					doubt !== except && !(Date.parse(doubt.sentAt) <= readAt - DOUBT_SETTLES_AFTER_MS),
			);
		if (decided) {
			const doubt = shown[0] ?? null;
			const left = stillInDoubt(doubt);
			if (doubt !== null || left.length < entry.inDoubt.length)
				settled = withLiveStateShown(entry, doubt, left);
		}
		doubts = {
			shows: !decided ? 'not clear' : shown.length === 1 ? 'upload in doubt' : 'accepted upload',
			stillInDoubt: settled.inDoubt.length,
		};
		hrdcSourceType ??= learnHrdcSourceType(account, groupNames(settled.accepted));
	}
	const learned = entry.hrdcSourceType === null && hrdcSourceType !== null;
	if (learned) settled = withHrdcSourceType(settled, hrdcSourceType!);
	return { entry: settled, hrdcSourceType, learned, doubts };
}
