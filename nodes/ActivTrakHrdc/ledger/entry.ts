/**
 * The account ledger's record and every change it can go through (the state machine of
 * index.ts), as pure functions: no n8n imports, no I/O. A change never edits an entry in place:
 * it gives a new one with the next revision, so an entry handed to another execution's copy of
 * the static data (registry.ts) is never changed under it.
 */
import { readFingerprint, type SnapshotFingerprint } from '../snapshot';
import { ownValue } from '../ownKeys';
import { sha256 } from '../signing';

/** An upload sent whose answer never proved what ActivTrak did with it. */
export interface UploadInDoubt {
	/** Random, names this upload in the ledger (and in a token's state tag). */
	id: string;
	/** When it was sent (ISO 8601). */
	sentAt: string;
	fingerprint: SnapshotFingerprint;
}

/** A held snapshot waiting for a person: its approval must find it here (Static Data). */
export interface OpenHold {
	csvSha256: string;
	/** Milliseconds since 1970: the hold and its token end then. */
	until: number;
}

/** A token whose bytes were sent: it never sends again, while it could still verify. */
interface UsedApproval {
	csvSha256: string;
	until: number;
	usedAt: string;
}

export interface LedgerEntry {
	version: 1;
	/** The storable name of the base URL (transport's activTrakEndpoint()). */
	endpoint: string;
	/** Goes up by one with every change: the newer of two copies is the one with more. */
	revision: number;
	/** Goes up by one with every snapshot recorded as accepted (an upload or Set Baseline). */
	generation: number;
	accepted: SnapshotFingerprint | null;
	/** Oldest first; ActivTrak holds the accepted snapshot or one of these. */
	inDoubt: UploadInDoubt[];
	holds: OpenHold[];
	used: UsedApproval[];
	/**
	 * The `sourceType` ActivTrak's SCIM API gives the groups HRDC made (not published by
	 * ActivTrak), learned from the groups of an accepted upload (liveState.ts); null until then.
	 */
	hrdcSourceType: number | null;
}

/** With this many unknown outcomes nothing more is sent until a person sets the baseline. */
export const MAX_UPLOADS_IN_DOUBT = 3;
/** Used tokens kept (each only until it would expire anyway). */
const MAX_USED_KEPT = 500;

export function emptyEntry(endpoint: string): LedgerEntry {
	return {
		version: 1,
		endpoint,
		revision: 0,
		generation: 0,
		accepted: null,
		inDoubt: [],
		holds: [],
		used: [],
		hrdcSourceType: null,
	};
}

const next = (entry: LedgerEntry, change: Partial<LedgerEntry>): LedgerEntry => ({
	...entry,
	...change,
	revision: entry.revision + 1,
});

/** Whether nothing was ever recorded for the account: no snapshot, nothing sent, no hold. */
export const isBlank = (entry: LedgerEntry): boolean =>
	entry.accepted === null && entry.inDoubt.length === 0 && entry.generation === 0;

/** The snapshots ActivTrak may hold now: the accepted one and each upload in doubt. */
export function possibleStates(
	entry: LedgerEntry,
): Array<{ fingerprint: SnapshotFingerprint | null; inDoubt: UploadInDoubt | null }> {
	return [
		{ fingerprint: entry.accepted, inDoubt: null },
		...entry.inDoubt.map((doubt) => ({ fingerprint: doubt.fingerprint, inDoubt: doubt })),
	];
}

/**
 * What an approval must still find: the same accepted snapshot and the same uploads in doubt.
 * A newer accepted upload, a new baseline or an upload whose outcome became unknown changes it.
 */
export function stateTag(entry: LedgerEntry): string {
	const accepted = entry.accepted
		? [entry.accepted.acceptedAt, entry.accepted.salt, entry.accepted.users.length]
		: null;
	const text = JSON.stringify([entry.generation, accepted, entry.inDoubt.map((d) => d.id)]);
	return `g${entry.generation}.${sha256(text).slice(0, 22)}`;
}

const live = <T extends { until: number }>(list: T[], now: number) =>
	list.filter((item) => item.until > now);

export function withHold(entry: LedgerEntry, hold: OpenHold, now: number): LedgerEntry {
	const others = live(entry.holds, now).filter((h) => h.csvSha256 !== hold.csvSha256);
	return next(entry, { holds: [...others, hold] });
}

/** Recorded before the request goes out: from then on ActivTrak may hold it. */
export function withUploadInDoubt(entry: LedgerEntry, doubt: UploadInDoubt): LedgerEntry {
	return next(entry, { inDoubt: [...entry.inDoubt, doubt] });
}

/** ActivTrak accepted a snapshot (an upload, or the CSV last uploaded by hand): it holds it now. */
export function withAccepted(entry: LedgerEntry, fingerprint: SnapshotFingerprint): LedgerEntry {
	return next(entry, {
		generation: entry.generation + 1,
		accepted: fingerprint,
		inDoubt: [],
		holds: [],
	});
}

/** The source type of HRDC's groups, once learned: it is ActivTrak's and does not change. */
export function withHrdcSourceType(entry: LedgerEntry, sourceType: number): LedgerEntry {
	return next(entry, { hrdcSourceType: sourceType });
}

/**
 * ActivTrak's live state showed which snapshot it holds: `shown` (an upload in doubt) becomes
 * the accepted one, or (null) the accepted one stays; the uploads in doubt become `stillInDoubt`.
 */
export function withLiveStateShown(
	entry: LedgerEntry,
	shown: UploadInDoubt | null,
	stillInDoubt: UploadInDoubt[],
): LedgerEntry {
	if (shown === null) return next(entry, { inDoubt: stillInDoubt });
	const accepted = { ...shown.fingerprint, acceptedAt: shown.sentAt };
	return next(entry, {
		generation: entry.generation + 1,
		accepted,
		inDoubt: stillInDoubt,
		holds: [],
	});
}

/** ActivTrak's answer proved that upload was not applied: its doubt goes, no other. */
export function withNotApplied(entry: LedgerEntry, id: string): LedgerEntry {
	return next(entry, { inDoubt: entry.inDoubt.filter((doubt) => doubt.id !== id) });
}

/** A token's bytes are about to be sent: its hold closes and it can never send again. */
export function withApprovalUsed(
	entry: LedgerEntry,
	csvSha256: string,
	until: number,
	now: number,
): LedgerEntry {
	const used = [
		...live(entry.used, now),
		{ csvSha256, until, usedAt: new Date(now).toISOString() },
	];
	return next(entry, {
		holds: entry.holds.filter((hold) => hold.csvSha256 !== csvSha256),
		used: used.slice(-MAX_USED_KEPT),
	});
}

export const usedApproval = (entry: LedgerEntry, csvSha256: string): UsedApproval | undefined =>
	entry.used.find((used) => used.csvSha256 === csvSha256);

export const openHold = (entry: LedgerEntry, csvSha256: string, now: number) =>
	entry.holds.find((hold) => hold.csvSha256 === csvSha256 && hold.until > now);

const isCount = (value: unknown): value is number =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string';

function readList<T>(value: unknown, read: (item: unknown) => T | null): T[] | null {
	if (!Array.isArray(value)) return null;
	const list: T[] = [];
	for (const item of value) {
		const read_ = read(item);
		if (read_ === null) return null;
		list.push(read_);
	}
	return list;
}

/** A stored entry as this version reads it; anything malformed (a hand edit) is null. */
export function readEntry(value: unknown): LedgerEntry | null {
	const field = (name: string) => ownValue(value, name);
	if (field('version') !== 1 || !isText(field('endpoint'))) return null;
	const revision = field('revision');
	const generation = field('generation');
	if (!isCount(revision) || !isCount(generation)) return null;
	const acceptedValue = field('accepted');
	const accepted = acceptedValue === null ? null : readFingerprint(acceptedValue);
	if (acceptedValue !== null && accepted === null) return null;
	const inDoubt = readList(field('inDoubt'), (item) => {
		const fingerprint = readFingerprint(ownValue(item, 'fingerprint'));
		const id = ownValue(item, 'id');
		const sentAt = ownValue(item, 'sentAt');
		return fingerprint && isText(id) && isText(sentAt) ? { id, sentAt, fingerprint } : null;
	});
	const timed = (item: unknown) => {
		const csvSha256 = ownValue(item, 'csvSha256');
		const until = ownValue(item, 'until');
		return isText(csvSha256) && typeof until === 'number' && Number.isFinite(until)
			? { csvSha256, until }
			: null;
	};
	const holds = readList(field('holds'), timed);
	const used = readList(field('used'), (item) => {
		const base = timed(item);
		const usedAt = ownValue(item, 'usedAt');
		return base && isText(usedAt) ? { ...base, usedAt } : null;
	});
	if (!inDoubt || !holds || !used) return null;
	// Written by an earlier version without it, or not a number: not known, to be learned again.
	const sourceType = field('hrdcSourceType');
	return {
		version: 1,
		endpoint: field('endpoint') as string,
		revision,
		generation,
		accepted,
		inDoubt,
		holds,
		used,
		hrdcSourceType:
			typeof sourceType === 'number' && Number.isSafeInteger(sourceType) ? sourceType : null,
	};
}
