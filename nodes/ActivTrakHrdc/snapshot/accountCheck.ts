/**
 * The snapshot against what ActivTrak itself holds (account.ts): which lookup ids match no
 * ActivTrak user (HRDC changes nothing for such a row and says only how many lines it read, so
 * a sync keyed on the wrong identifier "succeeds" and updates no one), which of its groups
 * ActivTrak already has from another source (the guide's warning about the Azure AD
 * integration), and which HRDC groups the upload would really delete. Pure: no n8n imports.
 */
import { groupsByName, type AccountGroup, type ActivTrakAccount } from './account';
import { groupAt, groupCount } from './groups';
import { USER_CELL, userKey, type Snapshot } from './model';

/** How many lookup ids, and group names, the output lists. */
export const NOT_FOUND_LISTED = 100;

export interface AccountCheck {
	/** Users ActivTrak listed. */
	accountUsers: number;
	/** Snapshot users whose lookup id matches no ActivTrak user. */
	usersNotFound: number;
	/** Their lookup ids, in snapshot order, the first NOT_FOUND_LISTED. */
	notFound: string[];
	/** Groups ActivTrak listed, of every source. */
	accountGroups: number;
	/**
	 * The `sourceType` ActivTrak gives groups made by HRDC (ActivTrak does not publish it): as the
	 * ledger learned it from the groups of an accepted upload. Null: not known yet.
	 */
	hrdcSourceType: number | null;
	/**
	 * Snapshot groups whose name (case-blind) ActivTrak already has from another integration, the
	 * first NOT_FOUND_LISTED. Until the HRDC source type is known, a group of the name the last
	 * accepted upload sent counts as HRDC's unless ActivTrak has two of that name.
	 */
	groupsOfOtherSources: string[];
	/**
	 * ActivTrak's HRDC groups the snapshot leaves out (HRDC deletes them), by exact name; null
	 * until the HRDC source type is known.
	 */
	groupsToDelete: { hrdcGroups: number; count: number; names: string[] } | null;
}

/** The snapshot's group names, first seen first. */
function snapshotGroupNames(snapshot: Snapshot): Set<string> {
	const names = new Set<string>();
	const { count, groups } = snapshot.users;
	for (let user = 0; user < count; user++)
		for (let g = 0, n = groupCount(groups[user]); g < n; g++) names.add(groupAt(groups[user], g));
	return names;
}

/**
 * The source type of HRDC's groups, learned from the groups an accepted upload sent: each name
 * ActivTrak has exactly one group of gives that group's source type, and it is learned only
 * when they all agree and they are at least half the names sent. Otherwise null: not known.
 */
export function learnHrdcSourceType(
	account: ActivTrakAccount,
	acceptedGroupNames: readonly string[],
): number | null {
	const byName = groupsByName(account.groups);
	let learned: number | null = null;
	let votes = 0;
	for (const name of acceptedGroupNames) {
		const live = byName.get(name);
		if (live?.length !== 1) continue;
		const { sourceType } = live[0];
		if (sourceType === null || (learned !== null && sourceType !== learned)) return null;
		learned = sourceType;
		votes++;
	}
	return votes > 0 && votes * 2 >= acceptedGroupNames.length ? learned : null;
}

/** Whether another integration made one of `groups` (the live groups of one name). */
function ofOtherSources(
	groups: readonly AccountGroup[],
	hrdcSourceType: number | null,
	sentBefore: ReadonlySet<string>,
): boolean {
	if (hrdcSourceType !== null) return groups.some((group) => group.sourceType !== hrdcSourceType);
	// At most one group of a name is HRDC's; one of a name never sent is someone else's.
	return groups.length > 1 || !sentBefore.has(groups[0].name);
}

/** The snapshot's group names: a Set, or the Map of members the users' hashes made already. */
type GroupNames = Pick<ReadonlySet<string>, 'has' | 'keys'>;

/**
 * The snapshot against the account. `hrdcSourceType`: as the ledger knows it (null: not
 * known); `acceptedGroupNames`: the groups of the last accepted upload; `sending`: the
 * snapshot's groups when the caller has them (UserHashes.members), else read from it.
 */
export function checkAgainstAccount(
	snapshot: Snapshot,
	account: ActivTrakAccount,
	hrdcSourceType: number | null = null,
	acceptedGroupNames: readonly string[] = [],
	sending: GroupNames = snapshotGroupNames(snapshot),
): AccountCheck {
	const known = new Set<string>();
	for (const user of account.users) for (const key of user.keys) known.add(key);
	const lookupIds = snapshot.users.cells[USER_CELL.user_lookup_id];
	const notFound: string[] = [];
	let usersNotFound = 0;
	for (let user = 0; user < snapshot.users.count; user++) {
		if (known.has(userKey(lookupIds[user]))) continue;
		usersNotFound++;
		if (notFound.length < NOT_FOUND_LISTED) notFound.push(lookupIds[user]);
	}

	// Case-blind, since ActivTrak may show "Sales" and "sales" as one; each name decided once.
	const liveByCaseBlindName = new Map<string, AccountGroup[]>();
	for (const group of account.groups) {
		const key = group.name.toLowerCase();
		const list = liveByCaseBlindName.get(key);
		if (list) list.push(group);
		else liveByCaseBlindName.set(key, [group]);
	}
	const sentBefore = new Set(acceptedGroupNames);
	const otherSource = new Map<string, boolean>();
	const groupsOfOtherSources: string[] = [];
	for (const name of sending.keys()) {
		const key = name.toLowerCase();
		let other = otherSource.get(key);
		if (other === undefined) {
			const live = liveByCaseBlindName.get(key);
			other = live !== undefined && ofOtherSources(live, hrdcSourceType, sentBefore);
			otherSource.set(key, other);
		}
		if (other) {
			groupsOfOtherSources.push(name);
			if (groupsOfOtherSources.length === NOT_FOUND_LISTED) break;
		}
	}

	let groupsToDelete: AccountCheck['groupsToDelete'] = null;
	if (hrdcSourceType !== null) {
		const hrdc = account.groups.filter((group) => group.sourceType === hrdcSourceType);
		const missing = hrdc.filter((group) => !sending.has(group.name));
		groupsToDelete = {
			hrdcGroups: hrdc.length,
			count: missing.length,
			names: missing.slice(0, NOT_FOUND_LISTED).map((group) => group.name),
		};
	}
	return {
		accountUsers: account.users.length,
		usersNotFound,
		notFound,
		accountGroups: account.groups.length,
		hrdcSourceType,
		groupsOfOtherSources,
		groupsToDelete,
	};
}
