/**
 * Builds one HRDC snapshot from all mapped records (items, or rows of a CSV file): one row per
 * (user, group), every row of a user carrying the same user columns. Checks the whole snapshot
 * and collects every problem instead of stopping at the first, so one run shows everything to
 * fix. A record with a problem adds nothing to the snapshot. Pure: no n8n imports, no I/O.
 */
import { HRDC_COLUMNS, type HrdcColumn, type HrdcColumnId } from './columns';
import { TextIndex } from './textIndex';
import { isEmailAddress, textProblem } from './textRules';
import { ValueProblem, readDeleteFlag, readGroups, readText, readTrackFlag } from './values';

export interface SnapshotOptions {
	/** Splits a text group value into several groups, e.g. "," or ";". Empty: never split. */
	groupDelimiter?: string;
	/** How messages name a record: "item 3" for n8n items (the default), "row 3" for a CSV file. */
	recordName?: (index: number) => string;
	/** How many records will be added, when known: sizes the indexes once. */
	expectedRecords?: number;
}

export interface SnapshotProblem {
	/** Index of the record (n8n item, or CSV data row) the value came from. */
	itemIndex: number;
	column: HrdcColumnId;
	/** The offending value as text, when there is one. */
	value?: string;
	message: string;
}

export interface SnapshotSummary {
	users: number;
	rows: number;
	groups: number;
	usersMarkedDoNotTrack: number;
	usersMarkedForDeletion: number;
	/** Records that repeated a (user, group) pair already in the snapshot: sent once. */
	duplicateRowsCollapsed: number;
}

/** One user of the snapshot: the cells of USER_COLUMNS and the user's groups. */
export interface SnapshotUser {
	/** userKey(lookup id): how users are told apart. */
	key: string;
	cells: string[];
	groups: string[];
}

export interface Snapshot {
	/** In first-seen order; their rows come from snapshotRows(). */
	users: SnapshotUser[];
	summary: SnapshotSummary;
	problems: SnapshotProblem[];
	/** Indexes of the records that had a problem and added nothing. */
	rejectedRecords: number[];
	/** Whether any record gave a value (even an empty one) for the group column. */
	groupColumnMapped: boolean;
}

/** A mapped record: HRDC column id -> the raw value the record gave for it. */
export type MappedRecord = Partial<Record<HrdcColumnId, unknown>> | Record<string, unknown>;

/** The columns that describe the user (everything but the group), in row order. */
export const USER_COLUMNS: readonly HrdcColumn[] = HRDC_COLUMNS.filter((column) => column.kind !== 'groups');
// build() writes rows cell by cell in HRDC_COLUMNS order (the group fifth); the CSV tests pin it.
export const USER_CELL = Object.fromEntries(USER_COLUMNS.map((column, index) => [column.id, index])) as Record<
	Exclude<HrdcColumnId, 'group'>,
	number
>;

interface UserEntry extends SnapshotUser {
	/** The record the user came from first. */
	firstRecord: number;
	/**
	 * The record each cell came from, to name both records in a conflict; null while every cell
	 * came from firstRecord (almost always, so no array per user is made for it).
	 */
	cellSources: number[] | null;
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
	/** In first-seen order; a user's number is its place here. */
	private readonly users: UserEntry[] = [];

	/** key -> user number. */
	private readonly userNumbers: TextIndex;

	/** display name (case-blind) -> user number; ActivTrak needs display names unique. */
	private readonly displayNames: TextIndex;

	private readonly problems: SnapshotProblem[] = [];

	private readonly rejected: number[] = [];

	private duplicateRows = 0;

	private groupColumnMapped = false;

	private readonly groupDelimiter: string;

	private readonly recordName: (index: number) => string;

	constructor(options: SnapshotOptions = {}) {
		this.groupDelimiter = options.groupDelimiter ?? '';
		this.recordName = options.recordName ?? ((index) => `item ${index}`);
		this.userNumbers = new TextIndex((user) => this.users[user].key, false, options.expectedRecords);
		this.displayNames = new TextIndex((user) => this.users[user].cells[USER_CELL.display_name], true, options.expectedRecords);
	}

	/** Problems of the record being added; made only when one is found (most records are fine). */
	private found: SnapshotProblem[] | null = null;

	private report(itemIndex: number, column: HrdcColumnId, message: string, value?: string): void {
		this.found ??= [];
		this.found.push(value === undefined ? { itemIndex, column, message } : { itemIndex, column, value, message });
	}

	/** Adds one record. Problems are recorded, never thrown; a record with one adds nothing. */
	add(itemIndex: number, record: MappedRecord): void {
		const values = record as Record<string, unknown>;
		this.found = null;

		// A literal of USER_COLUMNS.length cells: V8 keeps it a packed array of strings.
		const cells: string[] = ['', '', '', '', '', ''];
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			const column = USER_COLUMNS[position];
			const cell = readCell(column, values[column.id]);
			if (typeof cell !== 'string') {
				this.report(itemIndex, column.id, cell.message);
				cells[position] = '';
				continue;
			}
			cells[position] = cell;
			if (cell !== '' && column.kind === 'text') {
				const problem = textProblem(cell);
				if (problem) this.report(itemIndex, column.id, problem, cell);
			}
		}
		if (!this.groupColumnMapped && 'group' in values) this.groupColumnMapped = true;
		let groups = readGroups(values.group, this.groupDelimiter);
		if (!Array.isArray(groups)) {
			this.report(itemIndex, 'group', groups.message);
			groups = [];
		}
		for (let g = 0; g < groups.length; g++) {
			const problem = textProblem(groups[g]);
			if (problem) this.report(itemIndex, 'group', problem, groups[g]);
		}

		// (report() above may have set it; TypeScript cannot see that through the method calls.)
		const foundSoFar = this.found as SnapshotProblem[] | null;
		const lookupId = cells[USER_CELL.user_lookup_id];
		if (lookupId === '' && !foundSoFar?.some((p) => p.column === 'user_lookup_id')) {
			this.report(itemIndex, 'user_lookup_id', "is empty; every user needs their email, User Principal Name or employee ID here");
		}
		const email = cells[USER_CELL.email_address];
		if (email && !isEmailAddress(email)) {
			this.report(itemIndex, 'email_address', `"${email}" is not an e-mail address`, email);
		}
		const key = userKey(lookupId);
		const number = this.userNumbers.find(key);
		const known = number === -1 ? undefined : this.users[number];
		const displayName = cells[USER_CELL.display_name];
		// The display name is looked up (and later kept) only when it is new to this user: the
		// same user on several records mostly repeats it.
		const nameIsNew = displayName !== '' && !(known && known.cells[USER_CELL.display_name] === displayName);
		if (this.found === null) this.checkAgainstSnapshot(itemIndex, number, known, cells, nameIsNew);

		const found = this.found as SnapshotProblem[] | null;
		if (found !== null) {
			this.problems.push(...found);
			this.rejected.push(itemIndex);
			return;
		}
		this.merge(itemIndex, key, number, cells, groups, nameIsNew);
	}

	private sourceOf(user: UserEntry, position: number): number {
		return user.cellSources ? user.cellSources[position] : user.firstRecord;
	}

	/**
	 * The same user on several records (an export with one line per group, say): a value on one
	 * record fills an empty cell of another, but two different values are a conflict, since only
	 * one of them can be the truth ActivTrak applies. A display name must also belong to one user.
	 */
	private checkAgainstSnapshot(itemIndex: number, number: number, known: UserEntry | undefined, cells: string[], nameIsNew: boolean): void {
		if (known) {
			for (let position = 1; position < USER_COLUMNS.length; position++) {
				const incoming = cells[position];
				const current = known.cells[position];
				if (incoming && current && incoming !== current) {
					this.report(
						itemIndex,
						USER_COLUMNS[position].id,
						`is "${incoming}" but ${this.recordName(this.sourceOf(known, position))} gives "${current}" for the same user "${known.cells[0]}"; one user needs one value`,
						incoming,
					);
				}
			}
		}
		if (nameIsNew) {
			const displayName = cells[USER_CELL.display_name];
			const owner = this.displayNames.find(displayName);
			if (owner !== -1 && owner !== number) {
				const other = this.users[owner];
				this.report(
					itemIndex,
					'display_name',
					`"${displayName}" is already the display name of "${other.cells[0]}" (${this.recordName(this.sourceOf(other, USER_CELL.display_name))}); ActivTrak needs display names to be unique`,
					displayName,
				);
			}
		}
	}

	/** Adds the record to its user (number -1: a new user). */
	private merge(itemIndex: number, key: string, number: number, cells: string[], groups: string[], nameIsNew: boolean): void {
		if (number === -1) {
			const added = this.users.length;
			this.users.push({ key, cells, groups, firstRecord: itemIndex, cellSources: null });
			this.userNumbers.add(key, added);
			if (nameIsNew) this.displayNames.add(cells[USER_CELL.display_name], added);
			return;
		}
		const known = this.users[number];
		// A new display name here fills the user's empty one (a different one was a conflict).
		if (nameIsNew) this.displayNames.add(cells[USER_CELL.display_name], number);
		for (let position = 1; position < USER_COLUMNS.length; position++) {
			if (cells[position] && !known.cells[position]) {
				known.cells[position] = cells[position];
				known.cellSources ??= known.cells.map(() => known.firstRecord);
				known.cellSources[position] = itemIndex;
			}
		}
		// A user has a handful of groups: a list search beats keeping a Set per user.
		for (const group of groups) {
			if (known.groups.includes(group)) {
				this.duplicateRows++;
				continue;
			}
			known.groups.push(group);
		}
	}

	build(): Snapshot {
		const users: SnapshotUser[] = this.users;
		const groupNames = new Set<string>();
		let rows = 0;
		let doNotTrack = 0;
		let deletions = 0;
		for (const user of users) {
			if (user.cells[USER_CELL.track] === 'n') doNotTrack++;
			if (user.cells[USER_CELL.delete_user] === 'y') deletions++;
			rows += Math.max(1, user.groups.length);
			for (const group of user.groups) groupNames.add(group);
		}
		return {
			users,
			problems: this.problems,
			rejectedRecords: this.rejected,
			groupColumnMapped: this.groupColumnMapped,
			summary: {
				users: users.length,
				rows,
				groups: groupNames.size,
				usersMarkedDoNotTrack: doNotTrack,
				usersMarkedForDeletion: deletions,
				duplicateRowsCollapsed: this.duplicateRows,
			},
		};
	}
}

/**
 * The snapshot's rows, cells in HRDC_COLUMN_IDS order: one per (user, group), or one with an
 * empty group. Made one at a time as the CSV writer asks, so 200,000 rows never sit in memory
 * as arrays at once.
 */
export function* snapshotRows(snapshot: Pick<Snapshot, 'users'>): Generator<string[]> {
	for (const { cells, groups } of snapshot.users) {
		const [lookup, employee, email, display, track, remove] = cells;
		if (groups.length === 0) {
			yield [lookup, employee, email, display, '', track, remove];
			continue;
		}
		for (const group of groups) yield [lookup, employee, email, display, group, track, remove];
	}
}

/** Builds a snapshot from records in order (record i is records[i]). */
export function buildSnapshot(records: readonly MappedRecord[], options?: SnapshotOptions): Snapshot {
	const builder = new SnapshotBuilder({ expectedRecords: records.length, ...options });
	records.forEach((record, itemIndex) => builder.add(itemIndex, record));
	return builder.build();
}

/** One readable line per problem ("Item 3, track: ..."), for error descriptions. */
export function describeProblems(
	problems: readonly SnapshotProblem[],
	options: { limit?: number; recordName?: (index: number) => string } = {},
): string {
	const limit = options.limit ?? 20;
	const name = options.recordName ?? ((index: number) => `item ${index}`);
	const label = (index: number) => name(index).replace(/^./, (first) => first.toUpperCase());
	const lines = problems.slice(0, limit).map((problem) => `${label(problem.itemIndex)}, ${problem.column}: ${problem.message}`);
	if (problems.length > limit) lines.push(`...and ${problems.length - limit} more problems`);
	return lines.join('\n');
}
