/**
 * Protected people ('Protected Lookup IDs'): service accounts, executives, the ActivTrak admins
 * themselves, whom no run may newly delete or newly put on Do Not Track, against the accepted
 * snapshot or any upload in doubt. Identity-sync tools have this (Google Cloud Directory Sync
 * never deletes admin accounts); no option allows it, the person must come off the list first.
 * Pure: no n8n imports.
 */
import { FingerprintUsers, type SnapshotFingerprint } from './fingerprint';
import { USER_CELL, userKey, type Snapshot } from './model';

/**
 * The lookup ids of the setting, case-blind: one per line, or separated by commas or
 * semicolons; a list from an expression too. Null when the value is neither text nor a list of
 * texts (the run must stop: a protection that cannot be read is none).
 */
export function readProtectedIds(value: unknown): Set<string> | null {
	if (value === undefined || value === null || value === '') return new Set();
	const parts =
		typeof value === 'string'
			? value.split(/[\r\n,;]+/)
			: Array.isArray(value) && value.every((entry) => typeof entry === 'string')
				? (value as string[])
				: null;
	if (parts === null) return null;
	const keys = new Set<string>();
	for (const part of parts) {
		const id = part.trim();
		if (id) keys.add(userKey(id));
	}
	return keys;
}

export interface ProtectedHarm {
	/** Protected lookup ids the snapshot newly marks delete_user = y, in snapshot order. */
	deleted: string[];
	/** Protected lookup ids it newly marks track = n. */
	doNotTrack: string[];
}

/**
 * The protected people the snapshot newly deletes or puts on Do Not Track against any of
 * `states` (the accepted snapshot and each upload in doubt; null: none, so every mark is new).
 */
export function protectedHarm(
	snapshot: Snapshot,
	states: ReadonlyArray<SnapshotFingerprint | null>,
	protectedKeys: ReadonlySet<string>,
): ProtectedHarm {
	const harm: ProtectedHarm = { deleted: [], doNotTrack: [] };
	if (protectedKeys.size === 0) return harm;
	const { count, cells } = snapshot.users;
	const lookupIds = cells[USER_CELL.user_lookup_id];
	const track = cells[USER_CELL.track];
	const remove = cells[USER_CELL.delete_user];
	// Each state's index, built only when a protected user is flagged.
	const indexes = new Map<SnapshotFingerprint, FingerprintUsers>();
	/** Where the user is in `state`, or -1. */
	const at = (state: SnapshotFingerprint, key: string) => {
		let users = indexes.get(state);
		if (!users) indexes.set(state, (users = new FingerprintUsers(state)));
		return users.find(key);
	};
	// Each state's marks as Sets, made once: never a scan of a list per protected person.
	const marks = new Map<number[], Set<number>>();
	const marked = (list: number[]) => {
		let set = marks.get(list);
		if (!set) marks.set(list, (set = new Set(list)));
		return set;
	};
	/** Whether the mark is new against some state: that state does not hold it already. */
	const newAgainstSome = (key: string, held: (state: SnapshotFingerprint) => number[]) =>
		states.some((state) => {
			if (state === null) return true;
			const previousAt = at(state, key);
			return previousAt < 0 || !marked(held(state)).has(previousAt);
		});
	for (let user = 0; user < count; user++) {
		const deletes = remove[user] === 'y';
		const untracks = track[user] === 'n';
		if (!deletes && !untracks) continue;
		const key = userKey(lookupIds[user]);
		if (!protectedKeys.has(key)) continue;
		if (deletes && newAgainstSome(key, (state) => state.deleted))
			harm.deleted.push(lookupIds[user]);
		if (untracks && newAgainstSome(key, (state) => state.doNotTrack))
			harm.doNotTrack.push(lookupIds[user]);
	}
	return harm;
}
