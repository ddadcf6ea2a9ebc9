/**
 * The snapshot the builder (builder.ts) hands out once every record is in: its users as they
 * are, and the summary counted in one pass over them. Pure: no n8n imports, no I/O.
 */
import { groupAt, groupCount, rowCount } from './groups';
import { lookAlikeKey } from './groupRules';
import { USER_CELL, type FormulaCell, type Snapshot, type SnapshotUsers } from './model';
import type { SnapshotProblem } from './problems';

interface SnapshotParts {
	users: SnapshotUsers;
	problems: SnapshotProblem[];
	rejectedRecords: number[];
	groupColumnMapped: boolean;
	formulaCells: FormulaCell[];
	/** user who had a display name first -> the other users given the same name. */
	sharedNames: Map<number, number[]>;
	duplicateRows: number;
}

export function assembleSnapshot(parts: SnapshotParts): Snapshot {
	const { users } = parts;
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
		problems: parts.problems,
		rejectedRecords: parts.rejectedRecords,
		groupColumnMapped: parts.groupColumnMapped,
		formulaCells: parts.formulaCells,
		sharedDisplayNames: [...parts.sharedNames].map(([owner, others]) => ({
			displayName: displayNames[owner],
			users: [owner, ...others].map((user) => lookupIds[user]),
		})),
		summary: {
			users: users.count,
			rows,
			groups: groupNames.size,
			usersMarkedDoNotTrack: doNotTrack,
			usersMarkedForDeletion: deletions,
			duplicateRowsCollapsed: parts.duplicateRows,
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
