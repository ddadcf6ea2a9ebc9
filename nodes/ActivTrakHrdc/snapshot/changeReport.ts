/**
 * What an upload changes against the last snapshot ActivTrak accepted from this node, and the
 * compact fingerprint kept of each accepted snapshot to tell it. The fingerprint holds group
 * names (needed to report a removed group by name) but no user's id in clear: users are salted
 * 48-bit hashes, and the rest are indexes into that list.
 */
import { USER_CELL, userKey, type Snapshot, type SnapshotUsers } from './buildSnapshot';

/**
 * 2: users and details are each one base64url text, 8 characters (48 bits) per user. Version 1
 * kept the same 8-character hashes as a list, one string per user; it is still read.
 */
export const FINGERPRINT_VERSION = 2;

/** 6 bytes per user, a 48-bit hash each: the bytes base64url writes as 8 characters. */
export const HASH_BYTES = 6;

export interface SnapshotFingerprint {
	version: typeof FINGERPRINT_VERSION;
	/** When ActivTrak accepted the snapshot (ISO 8601). */
	acceptedAt: string;
	salt: string;
	/** One hash per user (of their lookup id), in snapshot order, as base64url. */
	users: string;
	/** One hash per user of employee_id, email_address and display_name, as base64url. */
	details: string;
	/** Indexes into users. */
	doNotTrack: number[];
	deleted: number[];
	/** Group name -> indexes into users. */
	groups: Record<string, number[]>;
}

export interface GroupMemberChange {
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
	counts: { newlyDoNotTrack: number; newlyDeleted: number; changedDetails: number };
	/** Lists above hold at most this many names. */
	listLimit: number;
}

/**
 * 48 bits of a salted, non-cryptographic hash: enough to tell 100,000s of users apart (the
 * chance of any two of 200,000 users colliding is about 7 in 100,000), and no easier to reverse
 * than a cryptographic hash of an e-mail address, which a guess list breaks either way. It is
 * about twenty times faster than SHA in this loop. Two FNV-1a lanes with different seeds, each
 * finished with a 32-bit avalanche mix. The input is the salt, then each text after a 0, fed
 * piece by piece so no joined text is made per user.
 */
class SaltedHasher {
	private a = 0;

	private b = 0;

	/** The lanes after the salt and its separator, the same for every user: hashed once. */
	private readonly saltedA: number;

	private readonly saltedB: number;

	constructor(salt: string) {
		this.a = 0x811c9dc5;
		this.b = 0x01000193 ^ 0x5bd1e995;
		this.feed(salt);
		this.separator();
		this.saltedA = this.a;
		this.saltedB = this.b;
	}

	private feed(text: string): void {
		let { a, b } = this;
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			a = Math.imul(a ^ code, 0x01000193);
			b = Math.imul(b ^ code, 0x5bd1e995);
		}
		this.a = a;
		this.b = b;
	}

	private separator(): void {
		this.a = Math.imul(this.a, 0x01000193);
		this.b = Math.imul(this.b, 0x5bd1e995);
	}

	/** Writes the hash of the salt and these texts at `offset` (HASH_BYTES bytes, big-endian). */
	hashInto(out: Buffer, offset: number, first: string, second?: string, third?: string): void {
		this.a = this.saltedA;
		this.b = this.saltedB;
		this.feed(first);
		if (second !== undefined) {
			this.separator();
			this.feed(second);
		}
		if (third !== undefined) {
			this.separator();
			this.feed(third);
		}
		let { a, b } = this;
		a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
		a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
		a = (a ^ (a >>> 16)) >>> 0;
		b ^= a;
		b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
		b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
		b = (b ^ (b >>> 16)) & 0xffff;
		// 48 bits: a's 32, then b's low 16.
		out[offset] = a >>> 24;
		out[offset + 1] = a >>> 16;
		out[offset + 2] = a >>> 8;
		out[offset + 3] = a;
		out[offset + 4] = b >>> 8;
		out[offset + 5] = b;
	}
}

/** Whether hash number `i` of `a` equals hash number `j` of `b`. */
function sameHash(a: Buffer, i: number, b: Buffer, j: number): boolean {
	const at = i * HASH_BYTES;
	const bt = j * HASH_BYTES;
	for (let k = 0; k < HASH_BYTES; k++) if (a[at + k] !== b[bt + k]) return false;
	return true;
}

/**
 * Finds a hash in a list of them (HASH_BYTES each): open addressing over their low 32 bits,
 * which are well mixed, without a string or a number object per user.
 */
class HashIndex {
	private readonly slots: Int32Array;

	constructor(private readonly list: Buffer) {
		const count = list.length / HASH_BYTES;
		let capacity = 16;
		while (capacity < count * 2) capacity *= 2;
		this.slots = new Int32Array(capacity).fill(-1);
		for (let entry = 0; entry < count; entry++) {
			let slot = this.start(list, entry);
			while (this.slots[slot] !== -1) slot = (slot + 1) & (capacity - 1);
			this.slots[slot] = entry;
		}
	}

	private start(bytes: Buffer, entry: number): number {
		return bytes.readInt32BE(entry * HASH_BYTES + 2) & (this.slots.length - 1);
	}

	/** Where hash number `entry` of `bytes` is in the list, or -1. */
	find(bytes: Buffer, entry: number): number {
		const mask = this.slots.length - 1;
		for (let slot = this.start(bytes, entry); ; slot = (slot + 1) & mask) {
			const candidate = this.slots[slot];
			if (candidate === -1 || sameHash(bytes, entry, this.list, candidate)) return candidate;
		}
	}
}

/** What the report and the fingerprint both need, computed once. */
export interface UserHashes {
	salt: string;
	/** HASH_BYTES per user, in snapshot order. */
	keys: Buffer;
	details: Buffer;
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
		if (typeof userGroups !== 'string')
			for (let g = 0; g < userGroups.length; g++) join(userGroups[g], user);
		else if (userGroups !== '') join(userGroups, user);
	}
	return members;
}

/** 12 random bytes as base64url; Web Crypto, so the published bundle requires no built-in. */
function newSalt(): string {
	return Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString('base64url');
}

export function hashUsers(snapshot: Snapshot, previous: SnapshotFingerprint | null): UserHashes {
	// The previous salt is kept so the same user hashes the same way from run to run.
	const salt = previous?.salt ?? newSalt();
	const hasher = new SaltedHasher(salt);
	const { count, cells } = snapshot.users;
	const keys = Buffer.alloc(count * HASH_BYTES);
	const details = Buffer.alloc(count * HASH_BYTES);
	const lookupIds = cells[USER_CELL.user_lookup_id];
	const employeeIds = cells[USER_CELL.employee_id];
	const emails = cells[USER_CELL.email_address];
	const displayNames = cells[USER_CELL.display_name];
	for (let i = 0; i < count; i++) {
		hasher.hashInto(keys, i * HASH_BYTES, userKey(lookupIds[i]));
		hasher.hashInto(details, i * HASH_BYTES, employeeIds[i], emails[i], displayNames[i]);
	}
	return { salt, keys, details, members: membersByGroup(snapshot.users) };
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
 * Reads a stored fingerprint (this version or version 1) as this version; anything else (an
 * unknown format, a hand edit) counts as none.
 */
export function readFingerprint(value: unknown): SnapshotFingerprint | null {
	if (typeof value !== 'object' || value === null) return null;
	const candidate = value as Record<string, unknown>;
	const users = hashesText(candidate.users);
	const details = hashesText(candidate.details);
	if (
		(candidate.version !== 1 && candidate.version !== FINGERPRINT_VERSION) ||
		typeof candidate.salt !== 'string' ||
		typeof candidate.acceptedAt !== 'string' ||
		users === null ||
		details === null ||
		users.length !== details.length ||
		!Array.isArray(candidate.doNotTrack) ||
		!Array.isArray(candidate.deleted) ||
		typeof candidate.groups !== 'object' ||
		candidate.groups === null
	) {
		return null;
	}
	return {
		version: FINGERPRINT_VERSION,
		acceptedAt: candidate.acceptedAt,
		salt: candidate.salt,
		users,
		details,
		doNotTrack: candidate.doNotTrack as number[],
		deleted: candidate.deleted as number[],
		groups: candidate.groups as Record<string, number[]>,
	};
}

export function fingerprintSnapshot(
	snapshot: Snapshot,
	hashes: UserHashes,
	acceptedAt: Date,
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
	return {
		version: FINGERPRINT_VERSION,
		acceptedAt: acceptedAt.toISOString(),
		salt: hashes.salt,
		users: hashes.keys.toString('base64url'),
		details: hashes.details.toString('base64url'),
		doNotTrack,
		deleted,
		groups,
	};
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
	const counts = { newlyDoNotTrack: 0, newlyDeleted: 0, changedDetails: 0 };
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
		if (previousAt >= 0 && !sameHash(hashes.details, index, previousDetails!, previousAt)) {
			counts.changedDetails++;
			keep(changedDetails, lookupIds[index]);
		}
	}

	// Memberships, as sets of previous-snapshot user indexes per group name.
	const currentGroups = hashes.members;
	const previousGroups = previous?.groups ?? {};
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
		const old = previousGroups[group];
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
	for (const [group, members] of Object.entries(previousGroups)) {
		memberships.before += members.length;
		if (!currentGroups.has(group)) {
			groupsRemoved.push(group);
			memberships.removed += members.length;
		}
	}
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
		groups: { before: Object.keys(previousGroups).length, after: currentGroups.size },
		memberships,
		groupsCreated,
		groupsRemoved,
		groupMemberChanges,
		usersNewlyDoNotTrack: newlyDoNotTrack,
		usersNewlyDeleted: newlyDeleted,
		usersWithChangedDetails: changedDetails,
		counts,
		listLimit,
	};
}
