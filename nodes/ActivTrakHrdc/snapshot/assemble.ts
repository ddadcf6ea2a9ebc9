/**
 * The snapshot, once the builder has every record in: its users as they are, the summary and the
 * group warnings counted in one pass over them. Pure: no n8n imports, no I/O.
 */
import { lookAlikeKey } from './groupRules';
import { groupAt, groupCount, rowCount } from './groups';
import { USER_CELL, type FormulaCell, type Snapshot, type SnapshotUsers } from './model';
import type { SnapshotProblem } from './problems';

/** What the builder hands over: what it kept, and what it found on the way. */
export interface BuiltRecords {
	users: SnapshotUsers;
	/** Rows two records of one user gave alike, kept once. */
	duplicateRows: number;
	problems: SnapshotProblem[];
	rejectedRecords: number[];
	groupColumnMapped: boolean;
	formulaCells: FormulaCell[];
	/** user who had a display name first -> the other users given the same name. */
	sharedNames: ReadonlyMap<number, readonly number[]>;
}

export function assembleSnapshot(built: BuiltRecords): Snapshot {
	const { users } = built;
	const groupNames = new Set<string>();
	let rows = 0;
	let doNotTrack = 0;
	let deletions = 0;
	const track = users.cells[USER_CELL.track];
	const remove = users.cells[USER_CELL.delete_user];
	const lookupIds = users.cells[USER_CELL.user_lookup_id];
	const displayNames = users.cells[USER_CELL.display_name];
	for (let user = 0; user < users.count; user++) {
		if (track[user] === 'n') doNotTrack++;
		if (remove[user] === 'y') deletions++;
		const groups = users.groups[user];
		rows += rowCount(groups);
		for (let g = 0, count = groupCount(groups); g < count; g++) groupNames.add(groupAt(groups, g));
	}
	return {
		users,
		lookAlikeGroups: lookAlikes(groupNames),
		groupsWithCommas: [...groupNames].filter((name) => name.includes(',')),
		problems: built.problems,
		rejectedRecords: built.rejectedRecords,
		groupColumnMapped: built.groupColumnMapped,
		formulaCells: built.formulaCells,
		sharedDisplayNames: [...built.sharedNames].map(([owner, others]) => ({
			displayName: displayNames[owner],
			users: [owner, ...others].map((user) => lookupIds[user]),
		})),
		summary: {
			users: users.count,
			rows,
			groups: groupNames.size,
			usersMarkedDoNotTrack: doNotTrack,
			usersMarkedForDeletion: deletions,
			duplicateRowsCollapsed: built.duplicateRows,
		},
	};
}

/** The names that share a look-alike key, each set in first-seen order (one pass, one Map). */
function lookAlikes(names: Iterable<string>): string[][] {
	const byKey = new Map<string, string[]>();
	for (const name of names) {
		const key = lookAlikeKey(name);
		const same = byKey.get(key);
		if (same) same.push(name);
		else byKey.set(key, [name]);
	}
	return [...byKey.values()].filter((same) => same.length > 1);
}
