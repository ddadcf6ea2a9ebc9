/**
 * Builds one HRDC snapshot from all mapped items: one row per (user, group), every row of a
 * user carrying the same user columns. Collects every problem instead of stopping at the first,
 * so one run shows everything to fix. Pure: no n8n imports, no I/O.
 */
import { HRDC_COLUMNS, type HrdcColumn, type HrdcColumnId } from './columns';
import { ValueProblem, readDeleteFlag, readGroups, readText, readTrackFlag } from './values';

export interface SnapshotOptions {
	/** Splits a text group value into several groups, e.g. "," or ";". Empty: never split. */
	groupDelimiter?: string;
}

export interface SnapshotProblem {
	/** Index of the n8n input item the value came from. */
	itemIndex: number;
	column: HrdcColumnId;
	message: string;
}

export interface SnapshotSummary {
	users: number;
	rows: number;
	groups: number;
	usersMarkedDoNotTrack: number;
	usersMarkedForDeletion: number;
	/** Items that repeated a (user, group) pair already in the snapshot: sent once. */
	duplicateRowsCollapsed: number;
}

export interface Snapshot {
	/** Cells in HRDC_COLUMN_IDS order. */
	rows: string[][];
	summary: SnapshotSummary;
	problems: SnapshotProblem[];
}

/** A mapped item: HRDC column id -> the raw value the item gave for it. */
export type MappedRecord = Partial<Record<HrdcColumnId, unknown>> | Record<string, unknown>;

// The columns that describe the user (everything but the group), in row order.
const USER_COLUMNS = HRDC_COLUMNS.filter((column) => column.kind !== 'groups');
const GROUP_POSITION = HRDC_COLUMNS.findIndex((column) => column.kind === 'groups');

interface UserEntry {
	/** Values of USER_COLUMNS, in that order. */
	cells: string[];
	/** The item each non-empty cell came from, to name both items in a conflict. */
	cellSources: number[];
	groups: string[];
	groupSet: Set<string>;
}

function readCell(column: HrdcColumn, value: unknown): string | ValueProblem {
	switch (column.kind) {
		case 'trackFlag':
			return readTrackFlag(value);
		case 'deleteFlag':
			return readDeleteFlag(value);
		default:
			return readText(value);
	}
}

/** Users are one person however their lookup id is cased (emails and UPNs are case-blind). */
export function userKey(lookupId: string): string {
	return lookupId.toLowerCase();
}

export class SnapshotBuilder {
	private readonly users = new Map<string, UserEntry>();

	private readonly problems: SnapshotProblem[] = [];

	private duplicateRows = 0;

	private readonly groupDelimiter: string;

	constructor(options: SnapshotOptions = {}) {
		this.groupDelimiter = options.groupDelimiter ?? '';
	}

	/** Adds one item's mapped values. Problems are recorded, never thrown. */
	add(itemIndex: number, record: MappedRecord): void {
		const values = record as Record<string, unknown>;
		const cells: string[] = new Array(USER_COLUMNS.length);
		let problemFound = false;
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			const column = USER_COLUMNS[position];
			const cell = readCell(column, values[column.id]);
			if (cell instanceof ValueProblem) {
				this.problems.push({ itemIndex, column: column.id, message: cell.message });
				problemFound = true;
			} else {
				cells[position] = cell;
			}
		}
		let groups = readGroups(values.group, this.groupDelimiter);
		if (groups instanceof ValueProblem) {
			this.problems.push({ itemIndex, column: 'group', message: groups.message });
			problemFound = true;
			groups = [];
		}
		const lookupId = cells[0];
		if (lookupId === '') {
			this.problems.push({
				itemIndex,
				column: 'user_lookup_id',
				message:
					"is empty; every item needs the user's email, User Principal Name or employee ID here",
			});
		}
		if (problemFound || !lookupId) return;

		const key = userKey(lookupId);
		const known = this.users.get(key);
		if (!known) {
			this.users.set(key, {
				cells,
				cellSources: cells.map(() => itemIndex),
				groups,
				groupSet: new Set(groups),
			});
			return;
		}
		this.mergeUser(known, cells, itemIndex);
		if (groups.length === 0) return;
		for (const group of groups) {
			if (known.groupSet.has(group)) {
				this.duplicateRows++;
				continue;
			}
			known.groupSet.add(group);
			known.groups.push(group);
		}
	}

	/**
	 * The same user on several items (an export with one line per group, say): a value on one
	 * item fills an empty cell of another, but two different values are a conflict, since only
	 * one of them can be the truth ActivTrak applies.
	 */
	private mergeUser(known: UserEntry, cells: string[], itemIndex: number): void {
		for (let position = 1; position < USER_COLUMNS.length; position++) {
			const incoming = cells[position];
			if (!incoming) continue;
			const current = known.cells[position];
			if (!current) {
				known.cells[position] = incoming;
				known.cellSources[position] = itemIndex;
			} else if (current !== incoming) {
				this.problems.push({
					itemIndex,
					column: USER_COLUMNS[position].id,
					message: `is "${incoming}" but item ${known.cellSources[position]} gives "${current}" for the same user "${known.cells[0]}"; one user needs one value`,
				});
			}
		}
	}

	build(): Snapshot {
		const rows: string[][] = [];
		const groupNames = new Set<string>();
		let doNotTrack = 0;
		let deletions = 0;
		const trackPosition = USER_COLUMNS.findIndex((column) => column.kind === 'trackFlag');
		const deletePosition = USER_COLUMNS.findIndex((column) => column.kind === 'deleteFlag');
		const toRow = (user: UserEntry, group: string): string[] => {
			const row = user.cells.slice();
			row.splice(GROUP_POSITION, 0, group);
			return row;
		};
		for (const user of this.users.values()) {
			if (user.cells[trackPosition] === 'n') doNotTrack++;
			if (user.cells[deletePosition] === 'y') deletions++;
			if (user.groups.length === 0) {
				rows.push(toRow(user, ''));
				continue;
			}
			for (const group of user.groups) {
				groupNames.add(group);
				rows.push(toRow(user, group));
			}
		}
		return {
			rows,
			problems: this.problems,
			summary: {
				users: this.users.size,
				rows: rows.length,
				groups: groupNames.size,
				usersMarkedDoNotTrack: doNotTrack,
				usersMarkedForDeletion: deletions,
				duplicateRowsCollapsed: this.duplicateRows,
			},
		};
	}
}

/** Builds a snapshot from records in item order (item i is records[i]). */
export function buildSnapshot(records: readonly MappedRecord[], options?: SnapshotOptions): Snapshot {
	const builder = new SnapshotBuilder(options);
	records.forEach((record, itemIndex) => builder.add(itemIndex, record));
	return builder.build();
}

/** One readable line per problem, for error descriptions. */
export function describeProblems(problems: readonly SnapshotProblem[], limit = 20): string {
	const lines = problems
		.slice(0, limit)
		.map((problem) => `Item ${problem.itemIndex}, ${problem.column}: ${problem.message}`);
	if (problems.length > limit) lines.push(`...and ${problems.length - limit} more problems`);
	return lines.join('\n');
}
