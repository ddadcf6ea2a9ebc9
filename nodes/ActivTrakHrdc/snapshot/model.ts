/**
 * The snapshot: what one upload sends, as the builder (builder.ts) makes it and everything after
 * it (the checks, the change report, the CSV writer) reads it. Pure: no n8n imports, no I/O.
 */
import { HRDC_COLUMNS, type HrdcColumnId } from './columns';
import type { UserGroups } from './groups';
import type { SnapshotProblem } from './problems';

/** A mapped record: HRDC column id -> the raw value the record gave for it. */
export type MappedRecord = Partial<Record<HrdcColumnId, unknown>> | Record<string, unknown>;

export interface SnapshotSummary {
	users: number;
	rows: number;
	groups: number;
	usersMarkedDoNotTrack: number;
	usersMarkedForDeletion: number;
	/** Records that repeated a (user, group) pair already in the snapshot: sent once. */
	duplicateRowsCollapsed: number;
}

/** The columns that describe the user (every column but the group), in column-list order. */
export const USER_COLUMNS = HRDC_COLUMNS.filter(
	(column): column is Exclude<(typeof HRDC_COLUMNS)[number], { kind: 'groups' }> =>
		column.kind !== 'groups',
);

export type UserColumnId = (typeof USER_COLUMNS)[number]['id'];

/**
 * One user's cells by column id, as text: how a source preset hands a person to the builder
 * (SnapshotBuilder.addCells). Derived from the list, so a new column is a new key here.
 */
export type UserCells = Record<UserColumnId, string>;

/** The text columns: what a source preset reads from its items (the flags come from its leaver policy). */
export type TextColumnId = Extract<(typeof USER_COLUMNS)[number], { kind: 'text' }>['id'];

/** A user with every cell empty; a key per user column. */
export function emptyUserCells(): UserCells {
	return Object.fromEntries(USER_COLUMNS.map((column) => [column.id, ''])) as UserCells;
}

/** Where each user column's cells are in SnapshotUsers.cells. */
export const USER_CELL = Object.fromEntries(
	USER_COLUMNS.map((column, index) => [column.id, index]),
) as Record<UserColumnId, number>;

/**
 * The users of a snapshot, column by column: user i is place i of every list. 100,000 users as
 * 100,000 objects (and as many cell arrays) cost the garbage collector more than everything else
 * the node does with them (bench/results.md); as lists they are a handful of objects.
 */
export interface SnapshotUsers {
	count: number;
	/** cells[USER_CELL.x][i]: user i's cell of column x. */
	cells: string[][];
	/** groups[i]: user i's groups, kept as groups.ts says. */
	groups: UserGroups[];
	/**
	 * The CSV's characters after the header if no cell needed quotes (what the CSV writer sizes
	 * its buffer from), when the builder counted them; otherwise the writer counts.
	 */
	plainCsvChars?: number;
}

/** Every user's cell of one column, by the column's id: the way in from outside snapshot/. */
export function cellsOf(users: SnapshotUsers, column: UserColumnId): readonly string[] {
	return users.cells[USER_CELL[column]];
}

/** Characters a CSV row has besides its cells: the commas between them, and CRLF. */
export const ROW_SEPARATORS = HRDC_COLUMNS.length - 1 + 2;

/** A cell that starts like a spreadsheet formula: which record, which column, which character. */
export interface FormulaCell {
	itemIndex: number;
	column: HrdcColumnId;
	start: string;
}

export interface Snapshot {
	/** In first-seen order; each gives one CSV row per group (or one with no group). */
	users: SnapshotUsers;
	summary: SnapshotSummary;
	problems: SnapshotProblem[];
	/** Indexes of the records that had a problem and added nothing. */
	rejectedRecords: number[];
	/** Whether any record gave a value (even an empty one) for the group column. */
	groupColumnMapped: boolean;
	/** Cells a spreadsheet would run as a formula, in record order (see textRules.formulaStart). */
	formulaCells: FormulaCell[];
	/** Display names given to more than one user (case-blind), with those users' lookup ids. */
	sharedDisplayNames: Array<{ displayName: string; users: string[] }>;
	/** Group names that differ only in case or spacing: ActivTrak may show them as one. */
	lookAlikeGroups: string[][];
	/** Group names with a comma in them, in first-seen order: perhaps a list sent as one name. */
	groupsWithCommas: string[];
}

/** Text that toLowerCase() could change: an ASCII capital, or anything beyond ASCII. */
const MAY_HAVE_CAPITALS = /[A-Z\u0080-\uffff]/;

/**
 * Users are one person however their lookup id is cased (emails and UPNs are case-blind): the
 * builder finds them through a case-blind index, and the change report hashes this text.
 */
export function userKey(lookupId: string): string {
	// toLowerCase() makes a new string even when nothing changes, and most ids are lower-case
	// already: copies for nothing (bench/results.md).
	return MAY_HAVE_CAPITALS.test(lookupId) ? lookupId.toLowerCase() : lookupId;
}
