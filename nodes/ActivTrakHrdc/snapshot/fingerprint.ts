/**
 * The stored format of an accepted snapshot: the baseline the next run's change report and
 * safety limits compare with. It holds group names (needed to report a removed group by name)
 * and, unless the builder chose hashes only, the users' lookup ids (to name who a run removes);
 * users are matched by salted 48-bit hashes (userHashes.ts), and the rest are indexes into that
 * list. Employee ids, e-mails and display names are kept only as those hashes.
 */
import type { Snapshot } from './model';
import { USER_CELL } from './model';
import { HashIndex } from './hashTables';
import { HASH_BYTES, SaltedHasher } from './saltedHasher';
import { DETAILS_BY_NAME_SINCE, type UserHashes } from './userHashes';

/**
 * 3: details hashed by column name (userHashes.ts), so a new column does not change them.
 * 2: users and details are each one base64url text, 8 characters (48 bits) per user, details
 * hashed by column position. Version 1 kept the same hashes as a list, one string per user.
 * Both are still read (as 2) and compared as they were hashed; the next accepted upload stores 3.
 */
const FINGERPRINT_VERSION = DETAILS_BY_NAME_SINCE;

/** The versions read: 1 is read as 2, whose details are compared by position. */
type ReadVersion = 2 | typeof FINGERPRINT_VERSION;

export interface SnapshotFingerprint {
	version: ReadVersion;
	/** When ActivTrak accepted the snapshot (ISO 8601). */
	acceptedAt: string;
	salt: string;
	/** One hash per user (of their lookup id), in snapshot order, as base64url. */
	users: string;
	/** One hash per user of their details (the columns flagged `details`), as base64url. */
	details: string;
	/** Indexes into users. */
	doNotTrack: number[];
	deleted: number[];
	/** Group name -> indexes into users. */
	groups: Record<string, number[]>;
	/**
	 * Each user's lookup id, in snapshot order, so that the next run can say who it removes; no
	 * other column. Left out when the baseline keeps hashes only ('Keep Lookup IDs in Baseline').
	 */
	lookupIds?: string[];
}

const HASHES_TEXT = /^(?:[A-Za-z0-9_-]{8})*$/;

/** A stored list of hashes as one base64url text; version 1 stored the same text per user. */
function hashesText(value: unknown): string | null {
	const text =
		Array.isArray(value) && value.every((hash) => typeof hash === 'string')
			? value.join('')
			: value;
	return typeof text === 'string' && HASHES_TEXT.test(text) ? text : null;
}

/**
 * A stored group table: an object whose own entries are lists of user numbers (indexes into
 * the users list). Group names are
 * HR text, so only own keys count (Object.entries), whatever they are called.
 */
function isGroupTable(value: unknown, users: number): value is Record<string, number[]> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const isUser = (member: unknown) =>
		typeof member === 'number' && Number.isInteger(member) && member >= 0 && member < users;
	return Object.entries(value).every(
		([, members]) => Array.isArray(members) && members.every(isUser),
	);
}

/**
 * Reads a stored fingerprint (versions 1 to 3; 1 as 2); anything else (an unknown format, a
 * hand edit) counts as none.
 */
export function readFingerprint(value: unknown): SnapshotFingerprint | null {
	if (typeof value !== 'object' || value === null) return null;
	const candidate = value as Record<string, unknown>;
	const users = hashesText(candidate.users);
	const details = hashesText(candidate.details);
	if (
		(candidate.version !== 1 &&
			candidate.version !== 2 &&
			candidate.version !== FINGERPRINT_VERSION) ||
		typeof candidate.salt !== 'string' ||
		typeof candidate.acceptedAt !== 'string' ||
		users === null ||
		details === null ||
		users.length !== details.length ||
		!Array.isArray(candidate.doNotTrack) ||
		!Array.isArray(candidate.deleted) ||
		!isGroupTable(candidate.groups, users.length / 8)
	) {
		return null;
	}
	const read: SnapshotFingerprint = {
		version: candidate.version === FINGERPRINT_VERSION ? FINGERPRINT_VERSION : 2,
		acceptedAt: candidate.acceptedAt,
		salt: candidate.salt,
		users,
		details,
		doNotTrack: candidate.doNotTrack as number[],
		deleted: candidate.deleted as number[],
		groups: candidate.groups as Record<string, number[]>,
	};
	// Names are a help, not the baseline: a list that does not fit the users is left out.
	const ids = candidate.lookupIds;
	if (
		Array.isArray(ids) &&
		ids.length === users.length / 8 &&
		ids.every((id) => typeof id === 'string')
	)
		read.lookupIds = ids as string[];
	return read;
}

export function fingerprintSnapshot(
	snapshot: Snapshot,
	hashes: UserHashes,
	acceptedAt: Date,
	keepLookupIds = true,
): SnapshotFingerprint {
	const doNotTrack: number[] = [];
	const deleted: number[] = [];
	const track = snapshot.users.cells[USER_CELL.track];
	const remove = snapshot.users.cells[USER_CELL.delete_user];
	for (let user = 0; user < snapshot.users.count; user++) {
		if (track[user] === 'n') doNotTrack.push(user);
		if (remove[user] === 'y') deleted.push(user);
	}
	const groups: Record<string, number[]> = Object.fromEntries(hashes.members);
	const fingerprint: SnapshotFingerprint = {
		version: FINGERPRINT_VERSION,
		acceptedAt: acceptedAt.toISOString(),
		salt: hashes.salt,
		users: hashes.keys.toString('base64url'),
		details: hashes.details.toString('base64url'),
		doNotTrack,
		deleted,
		groups,
	};
	if (keepLookupIds)
		fingerprint.lookupIds = snapshot.users.cells[USER_CELL.user_lookup_id].slice(
			0,
			snapshot.users.count,
		);
	return fingerprint;
}

/**
 * The users of a stored fingerprint, found by an identifier hashed as a lookup id is (with the
 * fingerprint's salt; userKey() first): what Verify and the protected-people check match live
 * users and snapshot rows with. The HashIndex the change report uses, over the stored hashes.
 */
export class FingerprintUsers {
	readonly count: number;

	private readonly index: HashIndex;

	private readonly hasher: SaltedHasher;

	private readonly hash = Buffer.alloc(HASH_BYTES);

	constructor(fingerprint: SnapshotFingerprint) {
		const hashes = Buffer.from(fingerprint.users, 'base64url');
		this.count = hashes.length / HASH_BYTES;
		this.index = new HashIndex(hashes);
		this.hasher = new SaltedHasher(fingerprint.salt);
	}

	/** Where the user with this key (a userKey()) is in the fingerprint, or -1. */
	find(key: string): number {
		this.hasher.hashInto(this.hash, 0, key);
		return this.index.find(this.hash, 0);
	}
}
