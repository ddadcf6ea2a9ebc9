/**
 * What an upload changes against the last snapshot ActivTrak accepted (its fingerprint): users
 * and groups added and removed, memberships, newly untracked or deleted users, changed details.
 */
import { HashIndex, sameHash } from './hashTables';
import { HASH_BYTES } from './saltedHasher';
import type { SnapshotFingerprint } from './fingerprint';
import { USER_CELL, type Snapshot } from './model';
import { hashUsers, type UserHashes } from './userHashes';

interface GroupMemberChange {
	group: string;
	added: number;
	removed: number;
}

export interface ChangeReport {
	firstUpload: boolean;
	previousAcceptedAt: string | null;
	users: { before: number; after: number; added: number; removed: number };
	groups: { before: number; after: number };
	memberships: { before: number; after: number; added: number; removed: number };
	groupsCreated: string[];
	groupsRemoved: string[];
	/** Groups whose members change, by name. */
	groupMemberChanges: GroupMemberChange[];
	/** Lookup ids; counts are the lists' lengths before `listLimit` cut them. */
	usersNewlyDoNotTrack: string[];
	usersNewlyDeleted: string[];
	usersWithChangedDetails: string[];
	/**
	 * Lookup ids of the baseline's users missing from this snapshot (their HRDC groups lose them);
	 * null when the baseline keeps hashes only, so who they are is not known here.
	 */
	usersRemoved: string[] | null;
	counts: {
		newlyDoNotTrack: number;
		newlyDeleted: number;
		changedDetails: number;
		removed: number;
	};
	/** Lists above hold at most this many names. */
	listLimit: number;
}

export function reportChanges(
	snapshot: Snapshot,
	previous: SnapshotFingerprint | null,
	hashes: UserHashes = hashUsers(snapshot, previous),
	listLimit = 100,
): ChangeReport {
	const previousKeys = previous ? Buffer.from(previous.users, 'base64url') : null;
	const previousDetails = previous ? Buffer.from(previous.details, 'base64url') : null;
	const previousIndex = previousKeys ? new HashIndex(previousKeys) : null;
	const previousUsers = previousKeys ? previousKeys.length / HASH_BYTES : 0;
	const previousDoNotTrack = new Set(previous?.doNotTrack ?? []);
	const previousDeleted = new Set(previous?.deleted ?? []);

	const newlyDoNotTrack: string[] = [];
	const newlyDeleted: string[] = [];
	const changedDetails: string[] = [];
	const counts = { newlyDoNotTrack: 0, newlyDeleted: 0, changedDetails: 0, removed: 0 };
	const keep = (list: string[], name: string) => {
		if (list.length < listLimit) list.push(name);
	};
	// For each current user, its index in the previous snapshot (-1: new).
	const { count, cells } = snapshot.users;
	const lookupIds = cells[USER_CELL.user_lookup_id];
	const track = cells[USER_CELL.track];
	const remove = cells[USER_CELL.delete_user];
	const before = new Int32Array(count);
	let matched = 0;
	for (let index = 0; index < count; index++) {
		const previousAt = previousIndex ? previousIndex.find(hashes.keys, index) : -1;
		before[index] = previousAt;
		if (previousAt >= 0) matched++;
		if (track[index] === 'n' && !(previousAt >= 0 && previousDoNotTrack.has(previousAt))) {
			counts.newlyDoNotTrack++;
			keep(newlyDoNotTrack, lookupIds[index]);
		}
		if (remove[index] === 'y' && !(previousAt >= 0 && previousDeleted.has(previousAt))) {
			counts.newlyDeleted++;
			keep(newlyDeleted, lookupIds[index]);
		}
		if (
			previousAt >= 0 &&
			!sameHash(hashes.detailsAsBaseline, index, previousDetails!, previousAt)
		) {
			counts.changedDetails++;
			keep(changedDetails, lookupIds[index]);
		}
	}

	// Memberships, as sets of previous-snapshot user indexes per group name.
	const currentGroups = hashes.members;
	// Group names are HR text: looked up in a Map of the stored object's own entries, never on
	// the object itself, where "__proto__" or "constructor" would find Object.prototype's.
	const previousGroups = new Map<string, number[]>(previous ? Object.entries(previous.groups) : []);
	const groupsCreated: string[] = [];
	const groupsRemoved: string[] = [];
	const groupMemberChanges: GroupMemberChange[] = [];
	const memberships = { before: 0, after: 0, added: 0, removed: 0 };
	// inGroup[previous user] = the number of the last group (from 1) that user was a member of
	// before: one list for all groups, where a Set per group cost 100,000s of entries.
	const inGroup = new Int32Array(previousUsers);
	let groupNumber = 0;
	for (const [group, members] of currentGroups) {
		memberships.after += members.length;
		const old = previousGroups.get(group);
		if (!old) {
			groupsCreated.push(group);
			memberships.added += members.length;
			continue;
		}
		groupNumber++;
		for (let m = 0; m < old.length; m++) {
			const member = old[m];
			// (A hand-edited baseline may hold anything: only user numbers count.)
			if (typeof member === 'number' && member >= 0 && member < inGroup.length)
				inGroup[member] = groupNumber;
		}
		let kept = 0;
		let added = 0;
		for (let m = 0; m < members.length; m++) {
			const previousAt = before[members[m]];
			if (previousAt >= 0 && inGroup[previousAt] === groupNumber) kept++;
			else added++;
		}
		const removed = old.length - kept;
		memberships.added += added;
		memberships.removed += removed;
		if (added || removed) groupMemberChanges.push({ group, added, removed });
	}
	for (const [group, members] of previousGroups) {
		memberships.before += members.length;
		if (!currentGroups.has(group)) {
			groupsRemoved.push(group);
			memberships.removed += members.length;
		}
	}
	counts.removed = previousUsers - matched;
	const usersRemoved = removedUsers(previous, before, previousUsers, listLimit);
	const byName = (a: string, b: string) => a.localeCompare(b);
	groupsCreated.sort(byName);
	groupsRemoved.sort(byName);
	groupMemberChanges.sort((a, b) => byName(a.group, b.group));

	return {
		firstUpload: previous === null,
		previousAcceptedAt: previous?.acceptedAt ?? null,
		users: {
			before: previousUsers,
			after: count,
			added: count - matched,
			removed: previousUsers - matched,
		},
		groups: { before: previousGroups.size, after: currentGroups.size },
		memberships,
		groupsCreated,
		groupsRemoved,
		groupMemberChanges,
		usersNewlyDoNotTrack: newlyDoNotTrack,
		usersNewlyDeleted: newlyDeleted,
		usersWithChangedDetails: changedDetails,
		usersRemoved,
		counts,
		listLimit,
	};
}

/**
 * The lookup ids of the previous snapshot's users no current user matched (the first
 * `listLimit`), or null when the previous snapshot kept no ids. One pass over each list.
 */
function removedUsers(
	previous: SnapshotFingerprint | null,
	before: Int32Array,
	previousUsers: number,
	listLimit: number,
): string[] | null {
	const ids = previous?.lookupIds;
	if (!previous) return [];
	if (!ids || ids.length !== previousUsers) return null;
	const stillThere = new Uint8Array(previousUsers);
	for (let index = 0; index < before.length; index++) {
		if (before[index] >= 0) stillThere[before[index]] = 1;
	}
	const removed: string[] = [];
	for (let at = 0; at < previousUsers && removed.length < listLimit; at++) {
		if (stillThere[at] === 0) removed.push(ids[at]);
	}
	return removed;
}
