/**
 * The users of a snapshot as salted 48-bit hashes (of their lookup id, and of their details),
 * and its groups as member lists: what the change report and the fingerprint both need,
 * computed once per run.
 */
import { randomBytes } from 'node:crypto';

import { DETAIL_COLUMN_IDS } from './columns';
import { groupAt, groupCount } from './groups';
import { HASH_BYTES, SaltedHasher } from './saltedHasher';
import { USER_CELL, userKey, type Snapshot, type SnapshotUsers, type UserColumnId } from './model';

/** What the report and the fingerprint both need, computed once. */
export interface UserHashes {
	salt: string;
	/** HASH_BYTES per user, in snapshot order. */
	keys: Buffer;
	/** Each user's details as the next fingerprint stores them (by column name). */
	details: Buffer;
	/**
	 * Each user's details as `previous` stored them, to compare with it: `details` itself,
	 * unless the baseline is from before fingerprint 3 (then by column position, once).
	 */
	detailsAsBaseline: Buffer;
	/** Group name -> its members' user numbers, groups in first-seen order. */
	members: Map<string, number[]>;
}

function membersByGroup({ count, groups }: SnapshotUsers): Map<string, number[]> {
	const members = new Map<string, number[]>();
	const join = (group: string, user: number) => {
		const list = members.get(group);
		if (list) list.push(user);
		else members.set(group, [user]);
	};
	for (let user = 0; user < count; user++) {
		const userGroups = groups[user];
		for (let g = 0, n = groupCount(userGroups); g < n; g++) join(groupAt(userGroups, g), user);
	}
	return members;
}

/** 12 random bytes as base64url (node:crypto: see signing.ts). */
function newSalt(): string {
	return randomBytes(12).toString('base64url');
}

/**
 * The fingerprint version from which details are hashed as `column=value` over the non-empty
 * cells, so a new details column leaves them as they were; before it, by position.
 */
export const DETAILS_BY_NAME_SINCE = 3;

/**
 * The detail columns fingerprints 1 and 2 hashed, by position, in this order. Frozen: those
 * baselines were stored so, and a column added to the list since must not change how they are
 * read (every user would be reported as changed).
 */
const POSITIONAL_DETAIL_COLUMNS = ['employee_id', 'email_address', 'display_name'] as const;

/** How `previous` hashed the details: by name (fingerprint 3) or by position (1 and 2). */
interface HashedBaseline {
	salt: string;
	version: number;
}

/** `previous`: the baseline (its salt is kept), or null for a first upload. */
export function hashUsers(snapshot: Snapshot, previous: HashedBaseline | null): UserHashes {
	// The previous salt is kept so the same user hashes the same way from run to run.
	const salt = previous?.salt ?? newSalt();
	const hasher = new SaltedHasher(salt);
	const { count, cells } = snapshot.users;
	const keys = Buffer.alloc(count * HASH_BYTES);
	const details = Buffer.alloc(count * HASH_BYTES);
	const lookupIds = cells[USER_CELL.user_lookup_id];
	const detailCells = DETAIL_COLUMN_IDS.map((column) => cells[USER_CELL[column as UserColumnId]]);
	for (let i = 0; i < count; i++) {
		hasher.hashInto(keys, i * HASH_BYTES, userKey(lookupIds[i]));
		hasher.hashNamedCellsInto(details, i * HASH_BYTES, DETAIL_COLUMN_IDS, detailCells, i);
	}
	let detailsAsBaseline = details;
	if (previous && previous.version < DETAILS_BY_NAME_SINCE) {
		const positional = POSITIONAL_DETAIL_COLUMNS.map((column) => cells[USER_CELL[column]]);
		detailsAsBaseline = Buffer.alloc(count * HASH_BYTES);
		for (let i = 0; i < count; i++)
			hasher.hashCellsInto(detailsAsBaseline, i * HASH_BYTES, positional, i);
	}
	return { salt, keys, details, detailsAsBaseline, members: membersByGroup(snapshot.users) };
}
