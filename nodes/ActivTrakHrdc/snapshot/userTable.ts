/**
 * The users of a snapshot while the builder (builder.ts) makes it, column by column as
 * SnapshotUsers keeps them: each user's cells and groups, the record they came from first, and
 * where a cell came from when a later record of the same user filled it. The builder decides
 * what is added; this keeps it. Pure: no n8n imports, no I/O.
 */
import { groupAt, groupCount, hasGroup, rowCount, withGroup, type UserGroups } from './groups';
import { ROW_SEPARATORS, USER_CELL, USER_COLUMNS, type SnapshotUsers } from './model';

export class UserTable {
	/** Users so far. The lists below are made for the expected number at once (growing them step
	 * by step is far slower at 100,000s) and cut to this at the end. */
	count = 0;

	/** One list per USER_COLUMNS position. */
	readonly cells: string[][];

	readonly groups: UserGroups[];

	/** Records that repeated a (user, group) pair already kept. */
	duplicateRows = 0;

	/**
	 * The CSV's characters but the header if no cell needed quotes, counted as users are added
	 * and merged, while their cells are at hand: the CSV writer sizes its buffer from it, instead
	 * of a second pass over every cell (bench/results.md).
	 */
	private plainCsvChars = 0;

	/** The record each user came from first. */
	private firstRecords: Int32Array;

	/**
	 * user -> the record each cell came from, to name both records in a conflict; only for users
	 * whose cells came from more than one record (few).
	 */
	private readonly cellSources = new Map<number, number[]>();

	constructor(expectedUsers: number) {
		this.cells = USER_COLUMNS.map(() => new Array<string>(expectedUsers));
		this.groups = new Array<UserGroups>(expectedUsers);
		this.firstRecords = new Int32Array(Math.max(16, expectedUsers));
	}

	/** The record user `user`'s cell at `position` came from. */
	sourceOf(user: number, position: number): number {
		return this.cellSources.get(user)?.[position] ?? this.firstRecords[user];
	}

	/** A new user from the record's cells (copied) and groups (kept as they are); their number. */
	add(itemIndex: number, cells: readonly string[], groups: UserGroups): number {
		const number = this.count++;
		for (let position = 0; position < USER_COLUMNS.length; position++)
			this.cells[position][number] = cells[position];
		// A list from readGroups is the record's own: kept as it is.
		this.groups[number] = groups;
		let cellChars = ROW_SEPARATORS;
		for (let position = 0; position < USER_COLUMNS.length; position++)
			cellChars += cells[position].length;
		this.plainCsvChars += cellChars * rowCount(groups);
		for (let g = 0, count = groupCount(groups); g < count; g++)
			this.plainCsvChars += groupAt(groups, g).length;
		if (number === this.firstRecords.length) {
			const grown = new Int32Array(number * 2);
			grown.set(this.firstRecords);
			this.firstRecords = grown;
		}
		this.firstRecords[number] = itemIndex;
		return number;
	}

	/** How many groups user `number` would have with `groups` added. */
	groupsWith(number: number, groups: UserGroups): number {
		const current = this.groups[number];
		let total = groupCount(current);
		for (let g = 0, count = groupCount(groups); g < count; g++)
			if (!hasGroup(current, groupAt(groups, g))) total++;
		return total;
	}

	/**
	 * Another record of user `number` (whose cells the builder found free of conflicts): fills
	 * the user's empty cells and adds the groups they are not in yet.
	 */
	merge(number: number, itemIndex: number, cells: readonly string[], groups: UserGroups): void {
		let current = this.groups[number];
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			if (position === USER_CELL.user_lookup_id) continue;
			const incoming = cells[position];
			if (incoming && !this.cells[position][number]) {
				this.cells[position][number] = incoming;
				this.plainCsvChars += incoming.length * rowCount(current);
				let sources = this.cellSources.get(number);
				if (!sources) {
					sources = USER_COLUMNS.map(() => this.firstRecords[number]);
					this.cellSources.set(number, sources);
				}
				sources[position] = itemIndex;
			}
		}
		let cellChars = ROW_SEPARATORS;
		for (let position = 0; position < USER_COLUMNS.length; position++)
			cellChars += this.cells[position][number].length;
		for (let g = 0, count = groupCount(groups); g < count; g++) {
			const group = groupAt(groups, g);
			if (hasGroup(current, group)) {
				this.duplicateRows++;
				continue;
			}
			// The first group fills the user's one row; every other is a row of its own.
			this.plainCsvChars += group.length + (groupCount(current) === 0 ? 0 : cellChars);
			current = withGroup(current, group);
		}
		this.groups[number] = current;
	}

	/** The users, every list cut to their number: the table is done with. */
	users(): SnapshotUsers {
		for (const list of [...this.cells, this.groups]) list.length = this.count;
		return {
			count: this.count,
			cells: this.cells,
			groups: this.groups,
			plainCsvChars: this.plainCsvChars,
		};
	}
}
