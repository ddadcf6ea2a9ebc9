/**
 * A baseline made from what ActivTrak shows (Set Baseline with 'Baseline From' ActivTrak): its
 * HRDC groups, with their members and those members' Do Not Track, as the snapshot HRDC would
 * hold had it been uploaded. HRDC's groups are those of its source type once the ledger knows
 * it, else those whose names start with the Group Name Prefix the sync uses. Each member's
 * lookup id is the identifier the sync keys users on, so the next run's hashes meet them.
 * Pure: no n8n imports, no I/O.
 */
import { usersById, type AccountUser, type ActivTrakAccount } from './account';
import { SnapshotBuilder } from './builder';
import { emptyUserCells, type Snapshot } from './model';
import { quoted } from './nameList';

/** Which of ActivTrak's identifiers the sync's user_lookup_id holds. */
export const LOOKUP_ID_SOURCES = ['email', 'userName', 'employeeNumber'] as const;
export type LookupIdSource = (typeof LOOKUP_ID_SOURCES)[number];

export interface AccountBaseline {
	snapshot: Snapshot;
	/** How HRDC's groups were told apart. */
	groupsBy: 'source type' | 'prefix';
	/** Members skipped because ActivTrak lists no such identifier for them. */
	membersWithoutId: number;
	/** Members listed by a group that ActivTrak lists as no user. */
	membersNotListed: number;
	/** How a problem names the user it is about. */
	recordName: (index: number) => string;
}

const nameOf = (user: AccountUser) => user.userName || user.email || user.id;

const idOf = (user: AccountUser, from: LookupIdSource): string =>
	from === 'email' ? user.email : from === 'userName' ? user.userName : user.employeeNumber;

/**
 * Null when HRDC's groups cannot be told apart: no source type known and no prefix (every
 * group would count, and another integration's groups would be deleted by the next upload's
 * limits' idea of "kept").
 */
export function baselineFromAccount(
	account: ActivTrakAccount,
	selection: { hrdcSourceType: number | null; groupPrefix: string; lookupIdFrom: LookupIdSource },
): AccountBaseline | null {
	const { hrdcSourceType, groupPrefix, lookupIdFrom } = selection;
	if (hrdcSourceType === null && groupPrefix === '') return null;
	const isHrdc =
		hrdcSourceType !== null
			? (group: { sourceType: number | null }) => group.sourceType === hrdcSourceType
			: (group: { name: string }) => group.name.startsWith(groupPrefix);
	const byId = usersById(account);
	// Each member's groups, members in first-listed order; Maps, since names are HR text.
	const groupsOf = new Map<AccountUser, string[]>();
	let membersWithoutId = 0;
	let membersNotListed = 0;
	for (const group of account.groups) {
		if (!isHrdc(group) || group.name === '') continue;
		for (const id of new Set(group.memberIds)) {
			const user = byId.get(id);
			if (!user) membersNotListed++;
			else if (idOf(user, lookupIdFrom) === '') membersWithoutId++;
			else {
				const list = groupsOf.get(user);
				if (list) list.push(group.name);
				else groupsOf.set(user, [group.name]);
			}
		}
	}
	const names: string[] = [];
	// The name is ActivTrak's text: shown escaped, and cut whole (a cut JSON text lost its quote).
	const recordName = (index: number) => `ActivTrak user ${quoted(names[index] ?? '', 80)}`;
	const builder = new SnapshotBuilder({ expectedRecords: groupsOf.size, recordName });
	const cells = emptyUserCells();
	let record = 0;
	for (const [user, groups] of groupsOf) {
		names.push(nameOf(user));
		cells.user_lookup_id = idOf(user, lookupIdFrom);
		cells.track = user.tracking === false ? 'n' : '';
		builder.addCells(record++, cells, [...new Set(groups)]);
	}
	return {
		snapshot: builder.build(),
		groupsBy: hrdcSourceType !== null ? 'source type' : 'prefix',
		membersWithoutId,
		membersNotListed,
		recordName,
	};
}
