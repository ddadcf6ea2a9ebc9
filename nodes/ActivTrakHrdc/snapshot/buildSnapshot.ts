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

/**
 * A user's groups: none (''), one name, or several names in first-seen order. One name is kept
 * as itself because nearly every user has one, and a list per user is an object per user.
 */
export type UserGroups = string | readonly string[];

/**
 * The users of a snapshot, column by column: user i is place i of every list. 100,000 users as
 * 100,000 objects (and as many cell arrays) cost the garbage collector more than everything else
 * the node does with them (bench/results.md); as lists they are a handful of objects.
 */
export interface SnapshotUsers {
	count: number;
	/** cells[USER_CELL.x][i]: user i's cell of column x. */
	cells: string[][];
	groups: UserGroups[];
}

export interface Snapshot {
	/** In first-seen order; their rows come from snapshotRows(). */
	users: SnapshotUsers;
	summary: SnapshotSummary;
	problems: SnapshotProblem[];
	/** Indexes of the records that had a problem and added nothing. */
	rejectedRecords: number[];
	/** Whether any record gave a value (even an empty one) for the group column. */
	groupColumnMapped: boolean;
}

/** A user's groups as a list (made for the single name; for tests and reports, not the CSV). */
export function groupList(groups: UserGroups): readonly string[] {
	if (typeof groups !== 'string') return groups;
	return groups === '' ? [] : [groups];
}

/** Calls `each` for every group of the user, without making a list. */
export function forEachGroup(groups: UserGroups, each: (group: string) => void): void {
	if (typeof groups !== 'string') for (let g = 0; g < groups.length; g++) each(groups[g]);
	else if (groups !== '') each(groups);
}

/** Users given as one object each, as column lists: for tests and small hand-made snapshots. */
export function snapshotUsers(
	list: ReadonlyArray<{ cells: readonly string[]; groups: readonly string[] }>,
): SnapshotUsers {
	return {
		count: list.length,
		cells: USER_COLUMNS.map((_, position) => list.map((user) => user.cells[position])),
		groups: list.map(({ groups }) =>
			groups.length === 0 ? '' : groups.length === 1 ? groups[0] : [...groups],
		),
	};
}

/** A mapped record: HRDC column id -> the raw value the record gave for it. */
export type MappedRecord = Partial<Record<HrdcColumnId, unknown>> | Record<string, unknown>;

/** The columns that describe the user (everything but the group), in row order. */
export const USER_COLUMNS: readonly HrdcColumn[] = HRDC_COLUMNS.filter(
	(column) => column.kind !== 'groups',
);
// Rows (the CSV writer's and snapshotRows()) put the group fifth, between these cells; the CSV
// tests pin that order.
export const USER_CELL = Object.fromEntries(
	USER_COLUMNS.map((column, index) => [column.id, index]),
) as Record<Exclude<HrdcColumnId, 'group'>, number>;

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

/** Text that toLowerCase() could change: an ASCII capital, or anything beyond ASCII. */
const MAY_HAVE_CAPITALS = /[A-Z\u0080-\uffff]/;

/**
 * Users are one person however their lookup id is cased (emails and UPNs are case-blind): the
 * builder finds them through a case-blind index, and the change report hashes this text.
 */
export function userKey(lookupId: string): string {
	// toLowerCase() makes a new string even when nothing changes: at 100,000 users that was
	// 5 MiB of copies of ids that were lower-case already (most are).
	return MAY_HAVE_CAPITALS.test(lookupId) ? lookupId.toLowerCase() : lookupId;
}

export class SnapshotBuilder {
	/** Users so far. The lists below are made for the expected number at once (growing lists of
	 * 100,000s of entries step by step took three times as long) and cut to this at the end. */
	private count = 0;

	/** One list per USER_COLUMNS position. */
	private readonly cells: string[][];

	private readonly groups: UserGroups[];

	/** The record each user came from first. */
	private firstRecords: Int32Array;

	/**
	 * user -> the record each cell came from, to name both records in a conflict; only for users
	 * whose cells came from more than one record (few).
	 */
	private readonly cellSources = new Map<number, number[]>();

	/** lookup id (case-blind, as userKey() tells users apart) -> user number. */
	private readonly userNumbers: TextIndex;

	/** display name (case-blind) -> user number; ActivTrak needs display names unique. */
	private readonly displayNames: TextIndex;

	private readonly problems: SnapshotProblem[] = [];

	private readonly rejected: number[] = [];

	private duplicateRows = 0;

	private groupColumnMapped = false;

	private readonly groupDelimiter: string;

	private readonly recordName: (index: number) => string;

	/** The record being added, cell by cell; copied into the lists only if it has no problem. */
	private readonly record: string[] = USER_COLUMNS.map(() => '');

	/** Problems of the record being added; made only when one is found (most records are fine). */
	private found: SnapshotProblem[] | null = null;

	constructor(options: SnapshotOptions = {}) {
		this.groupDelimiter = options.groupDelimiter ?? '';
		this.recordName = options.recordName ?? ((index) => `item ${index}`);
		const expected = options.expectedRecords ?? 0;
		this.cells = USER_COLUMNS.map(() => new Array<string>(expected));
		this.groups = new Array<UserGroups>(expected);
		this.firstRecords = new Int32Array(Math.max(16, expected));
		this.userNumbers = new TextIndex(
			(user) => this.cells[USER_CELL.user_lookup_id][user],
			true,
			options.expectedRecords,
		);
		this.displayNames = new TextIndex(
			(user) => this.cells[USER_CELL.display_name][user],
			true,
			options.expectedRecords,
		);
	}

	private report(itemIndex: number, column: HrdcColumnId, message: string, value?: string): void {
		this.found ??= [];
		this.found.push(
			value === undefined ? { itemIndex, column, message } : { itemIndex, column, value, message },
		);
	}

	private checkGroupName(itemIndex: number, group: string): void {
		const problem = textProblem(group);
		if (problem) this.report(itemIndex, 'group', problem, group);
	}

	/** Adds one record. Problems are recorded, never thrown; a record with one adds nothing. */
	add(itemIndex: number, record: MappedRecord): void {
		const values = record as Record<string, unknown>;
		this.found = null;

		const cells = this.record;
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
		if (groups instanceof ValueProblem) {
			this.report(itemIndex, 'group', groups.message);
			groups = '';
		}
		if (typeof groups !== 'string')
			for (let g = 0; g < groups.length; g++) this.checkGroupName(itemIndex, groups[g]);
		else if (groups !== '') this.checkGroupName(itemIndex, groups);

		// (report() above may have set it; TypeScript cannot see that through the method calls.)
		const foundSoFar = this.found as SnapshotProblem[] | null;
		const lookupId = cells[USER_CELL.user_lookup_id];
		if (lookupId === '' && !foundSoFar?.some((p) => p.column === 'user_lookup_id')) {
			this.report(
				itemIndex,
				'user_lookup_id',
				'is empty; every user needs their email, User Principal Name or employee ID here',
			);
		}
		const email = cells[USER_CELL.email_address];
		if (email && !isEmailAddress(email)) {
			this.report(itemIndex, 'email_address', `"${email}" is not an e-mail address`, email);
		}
		const number = this.userNumbers.find(lookupId);
		const displayName = cells[USER_CELL.display_name];
		// The display name is looked up (and later kept) only when it is new to this user: the
		// same user on several records mostly repeats it.
		const nameIsNew =
			displayName !== '' &&
			!(number !== -1 && this.cells[USER_CELL.display_name][number] === displayName);
		if (this.found === null) this.checkAgainstSnapshot(itemIndex, number, nameIsNew);

		const found = this.found as SnapshotProblem[] | null;
		if (found !== null) {
			this.problems.push(...found);
			this.rejected.push(itemIndex);
			return;
		}
		if (number === -1) this.addUser(itemIndex, groups, nameIsNew);
		else this.mergeInto(number, itemIndex, groups, nameIsNew);
	}

	private sourceOf(user: number, position: number): number {
		return this.cellSources.get(user)?.[position] ?? this.firstRecords[user];
	}

	/**
	 * The same user on several records (an export with one line per group, say): a value on one
	 * record fills an empty cell of another, but two different values are a conflict, since only
	 * one of them can be the truth ActivTrak applies. A display name must also belong to one user.
	 */
	private checkAgainstSnapshot(itemIndex: number, number: number, nameIsNew: boolean): void {
		const incomingCells = this.record;
		if (number !== -1) {
			for (let position = 1; position < USER_COLUMNS.length; position++) {
				const incoming = incomingCells[position];
				const current = this.cells[position][number];
				if (incoming && current && incoming !== current) {
					this.report(
						itemIndex,
						USER_COLUMNS[position].id,
						`is "${incoming}" but ${this.recordName(this.sourceOf(number, position))} gives "${current}" for the same user "${this.cells[0][number]}"; one user needs one value`,
						incoming,
					);
				}
			}
		}
		if (nameIsNew) {
			const displayName = incomingCells[USER_CELL.display_name];
			const owner = this.displayNames.find(displayName);
			if (owner !== -1 && owner !== number) {
				this.report(
					itemIndex,
					'display_name',
					`"${displayName}" is already the display name of "${this.cells[0][owner]}" (${this.recordName(this.sourceOf(owner, USER_CELL.display_name))}); ActivTrak needs display names to be unique`,
					displayName,
				);
			}
		}
	}

	private addUser(itemIndex: number, groups: UserGroups, nameIsNew: boolean): void {
		const number = this.count++;
		for (let position = 0; position < USER_COLUMNS.length; position++)
			this.cells[position][number] = this.record[position];
		// A list from readGroups is the record's own: kept as it is.
		this.groups[number] = groups;
		if (number === this.firstRecords.length) {
			const grown = new Int32Array(number * 2);
			grown.set(this.firstRecords);
			this.firstRecords = grown;
		}
		this.firstRecords[number] = itemIndex;
		this.userNumbers.add(this.record[USER_CELL.user_lookup_id], number);
		if (nameIsNew) this.displayNames.add(this.record[USER_CELL.display_name], number);
	}

	/** Another record of a known user: fills the user's empty cells and adds new groups. */
	private mergeInto(
		number: number,
		itemIndex: number,
		groups: UserGroups,
		nameIsNew: boolean,
	): void {
		// A new display name here fills the user's empty one (a different one was a conflict).
		if (nameIsNew) this.displayNames.add(this.record[USER_CELL.display_name], number);
		for (let position = 1; position < USER_COLUMNS.length; position++) {
			const incoming = this.record[position];
			if (incoming && !this.cells[position][number]) {
				this.cells[position][number] = incoming;
				let sources = this.cellSources.get(number);
				if (!sources) {
					sources = USER_COLUMNS.map(() => this.firstRecords[number]);
					this.cellSources.set(number, sources);
				}
				sources[position] = itemIndex;
			}
		}
		let current = this.groups[number];
		forEachGroup(groups, (group) => {
			if (current === group || (typeof current !== 'string' && current.includes(group))) {
				this.duplicateRows++;
				return;
			}
			// A user has a handful of groups: a list search beats keeping a Set per user.
			current =
				current === ''
					? group
					: typeof current === 'string'
						? [current, group]
						: [...current, group];
		});
		this.groups[number] = current;
	}

	build(): Snapshot {
		for (const list of [...this.cells, this.groups]) list.length = this.count;
		const users: SnapshotUsers = { count: this.count, cells: this.cells, groups: this.groups };
		const groupNames = new Set<string>();
		let rows = 0;
		let doNotTrack = 0;
		let deletions = 0;
		const track = this.cells[USER_CELL.track];
		const remove = this.cells[USER_CELL.delete_user];
		for (let user = 0; user < users.count; user++) {
			if (track[user] === 'n') doNotTrack++;
			if (remove[user] === 'y') deletions++;
			const groups = this.groups[user];
			if (typeof groups === 'string') {
				rows++;
				if (groups !== '') groupNames.add(groups);
				continue;
			}
			rows += groups.length;
			for (let g = 0; g < groups.length; g++) groupNames.add(groups[g]);
		}
		return {
			users,
			problems: this.problems,
			rejectedRecords: this.rejected,
			groupColumnMapped: this.groupColumnMapped,
			summary: {
				users: users.count,
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
 * empty group. The node's CSV writer does not use it (it writes from the column lists); the
 * tests hand it to their reference writer, one row at a time.
 */
export function* snapshotRows(snapshot: Pick<Snapshot, 'users'>): Generator<string[]> {
	const { count, cells, groups } = snapshot.users;
	for (let user = 0; user < count; user++) {
		const [lookup, employee, email, display, track, remove] = cells.map((column) => column[user]);
		const list = groupList(groups[user]);
		if (list.length === 0) {
			yield [lookup, employee, email, display, '', track, remove];
			continue;
		}
		for (const group of list) yield [lookup, employee, email, display, group, track, remove];
	}
}

/** Builds a snapshot from records in order (record i is records[i]). */
export function buildSnapshot(
	records: readonly MappedRecord[],
	options?: SnapshotOptions,
): Snapshot {
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
	const lines = problems
		.slice(0, limit)
		.map((problem) => `${label(problem.itemIndex)}, ${problem.column}: ${problem.message}`);
	if (problems.length > limit) lines.push(`...and ${problems.length - limit} more problems`);
	return lines.join('\n');
}
