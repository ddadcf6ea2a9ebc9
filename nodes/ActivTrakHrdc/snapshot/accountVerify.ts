/**
 * An accepted snapshot (its fingerprint) against what ActivTrak shows now (account.ts): did HRDC
 * do what was sent? Each HRDC group exists with exactly the members sent that ActivTrak knows,
 * each user sent with track = n is not tracked, each user sent with delete_user = y is gone.
 * Users are matched through the fingerprint's salted hashes: each identifier ActivTrak lists
 * for a user is hashed as a lookup id would be. Pure: no n8n imports, no I/O.
 */
import {
	groupsByName,
	usersById,
	type AccountGroup,
	type AccountUser,
	type ActivTrakAccount,
} from './account';
import { NOT_FOUND_LISTED } from './accountCheck';
import { FingerprintUsers, type SnapshotFingerprint } from './fingerprint';

export interface AccountDifference {
	group?: string;
	/** ActivTrak's userName (or its SCIM id when it has none). */
	user?: string;
	difference: string;
}

export interface Verification {
	verified: boolean;
	/** Every difference found; `differences` lists the first NOT_FOUND_LISTED. */
	differenceCount: number;
	differences: AccountDifference[];
	checked: {
		groups: number;
		doNotTrack: number;
		deleted: number;
		/** Users sent that ActivTrak does not know by any identifier: HRDC changed nothing for them. */
		usersNotFound: number;
	};
}

/** Each fingerprint user's ActivTrak user (undefined: not found), by the salted hashes. */
function matchUsers(fingerprint: SnapshotFingerprint, account: ActivTrakAccount) {
	const users = new FingerprintUsers(fingerprint);
	const matched = new Array<AccountUser | undefined>(users.count);
	for (const live of account.users)
		for (const key of live.keys) {
			const index = users.find(key);
			if (index >= 0 && matched[index] === undefined) matched[index] = live;
		}
	return matched;
}

const nameOf = (user: AccountUser) => user.userName || user.id;

/**
 * The live group that stands for the snapshot's group `name`: of HRDC's source when that is
 * known, else the only one of that name. A reason when there is none or it is not clear which.
 */
function liveGroupFor(
	candidates: readonly AccountGroup[],
	hrdcSourceType: number | null,
): AccountGroup | 'missing' | 'ambiguous' {
	const hrdc =
		hrdcSourceType === null
			? candidates
			: candidates.filter((group) => group.sourceType === hrdcSourceType);
	if (hrdc.length === 0) return 'missing';
	return hrdc.length === 1 ? hrdc[0] : 'ambiguous';
}

export function verifyAgainstAccount(
	fingerprint: SnapshotFingerprint,
	account: ActivTrakAccount,
	hrdcSourceType: number | null,
): Verification {
	const matched = matchUsers(fingerprint, account);
	const byId = usersById(account);
	const differences: AccountDifference[] = [];
	let differenceCount = 0;
	const differ = (difference: AccountDifference) => {
		differenceCount++;
		if (differences.length < NOT_FOUND_LISTED) differences.push(difference);
	};

	const deleted = new Set(fingerprint.deleted);
	const byName = groupsByName(account.groups);
	const sentGroups = Object.entries(fingerprint.groups);
	for (const [name, members] of sentGroups) {
		const expected = new Set<string>();
		for (const member of members) {
			const live = matched[member];
			if (live && !deleted.has(member)) expected.add(live.id);
		}
		const live = liveGroupFor(byName.get(name) ?? [], hrdcSourceType);
		if (live === 'ambiguous') {
			differ({
				group: name,
				difference:
					'ActivTrak has more than one group of this name, and which one HRDC made is not known yet',
			});
			continue;
		}
		if (live === 'missing') {
			if (expected.size > 0) differ({ group: name, difference: 'sent, not in ActivTrak' });
			continue;
		}
		const actual = new Set(live.memberIds);
		for (const id of expected)
			if (!actual.has(id))
				differ({
					group: name,
					user: nameOf(byId.get(id)!),
					difference: 'sent as a member, not one in ActivTrak',
				});
		for (const id of actual)
			if (!expected.has(id)) {
				const user = byId.get(id);
				differ({
					group: name,
					user: user ? nameOf(user) : id,
					difference: 'a member in ActivTrak, not sent as one',
				});
			}
	}
	if (hrdcSourceType !== null) {
		const sent = new Set(sentGroups.map(([name]) => name));
		for (const group of account.groups)
			if (group.sourceType === hrdcSourceType && !sent.has(group.name))
				differ({
					group: group.name,
					difference: 'an HRDC group in ActivTrak that the upload did not send',
				});
	}

	for (const user of fingerprint.deleted) {
		const live = matched[user];
		if (live)
			differ({ user: nameOf(live), difference: 'sent with delete_user = y, still in ActivTrak' });
	}
	for (const user of fingerprint.doNotTrack) {
		const live = matched[user];
		if (!live || deleted.has(user) || live.tracking === false) continue;
		differ({
			user: nameOf(live),
			difference:
				live.tracking === true
					? 'sent with track = n, still tracked in ActivTrak'
					: 'sent with track = n; ActivTrak does not say whether it tracks them',
		});
	}
	let usersNotFound = 0;
	for (let user = 0; user < matched.length; user++)
		if (!matched[user] && !deleted.has(user)) usersNotFound++;
	return {
		verified: differenceCount === 0,
		differenceCount,
		differences,
		checked: {
			groups: sentGroups.length,
			doNotTrack: fingerprint.doNotTrack.length,
			deleted: fingerprint.deleted.length,
			usersNotFound,
		},
	};
}
