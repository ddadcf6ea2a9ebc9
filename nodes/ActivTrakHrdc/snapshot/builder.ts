/**
 * Builds one HRDC snapshot from all mapped records (items, or rows of a CSV file): one row per
 * (user, group), every row of a user carrying the same user columns. Checks the whole snapshot
 * and collects every problem instead of stopping at the first, so one run shows everything to
 * fix. A record with a problem adds nothing to the snapshot. Pure: no n8n imports, no I/O.
 */
import { assembleSnapshot } from './assemble';
import { groupAt, groupCount, hasGroup, withGroup, type UserGroups } from './groups';
import { TextIndex } from './hashTables';
import { RecordReader } from './recordReader';
import {
	USER_CELL,
	USER_COLUMNS,
	type FormulaCell,
	type MappedRecord,
	type Snapshot,
} from './model';
import type { SnapshotProblem } from './problems';

export interface SnapshotBuilderOptions {
	/** Splits a text group value into several groups, e.g. "," or ";". Empty: never split. */
	groupDelimiter?: string;
	/** How messages name a record: "item 3" for n8n items (the default), "row 3" for a CSV file. */
	recordName?: (index: number) => string;
	/** How many records will be added, when known: sizes the indexes once. */
	expectedRecords?: number;
	/**
	 * A display name given to two different users: by default noted (ActivTrak applies it to one
	 * and leaves the others' unchanged, as its guide says), or with this a problem of the record.
	 */
	refuseSharedDisplayNames?: boolean;
	/**
	 * A text cell that starts like a spreadsheet formula ("=", "+", "-", "@"): by default noted
	 * for a warning, or with this a problem of the record.
	 */
	refuseFormulaCells?: boolean;
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

	private readonly recordName: (index: number) => string;

	private readonly refuseSharedDisplayNames: boolean;

	/** user who had a display name first -> the other users given the same name. */
	private readonly sharedNames = new Map<number, number[]>();

	/** Cells of accepted records that start like a spreadsheet formula. */
	private readonly formulaCells: FormulaCell[] = [];

	/** Reads each record on its own before it is compared with the snapshot. */
	private readonly reader: RecordReader;

	constructor(options: SnapshotBuilderOptions = {}) {
		this.reader = new RecordReader(
			options.groupDelimiter ?? '',
			options.refuseFormulaCells === true,
		);
		this.recordName = options.recordName ?? ((index) => `item ${index}`);
		this.refuseSharedDisplayNames = options.refuseSharedDisplayNames === true;
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

	/** Adds one record. Problems are recorded, never thrown; a record with one adds nothing. */
	add(itemIndex: number, record: MappedRecord): void {
		const reader = this.reader;
		const groups = reader.read(itemIndex, record as Record<string, unknown>);
		if (!this.groupColumnMapped && 'group' in record) this.groupColumnMapped = true;
		const cells = reader.cells;
		const lookupId = cells[USER_CELL.user_lookup_id];
		const number = this.userNumbers.find(lookupId);
		const displayName = cells[USER_CELL.display_name];
		// The display name is looked up (and later kept) only when it is new to this user: the
		// same user on several records mostly repeats it.
		const nameIsNew =
			displayName !== '' &&
			!(number !== -1 && this.cells[USER_CELL.display_name][number] === displayName);
		const nameOwner =
			reader.found === null ? this.checkAgainstSnapshot(itemIndex, number, nameIsNew) : -1;

		const found = reader.found;
		if (found !== null) {
			this.problems.push(...found);
			this.rejected.push(itemIndex);
			return;
		}
		if (reader.formulas !== null)
			for (const { column, start } of reader.formulas)
				this.formulaCells.push({ itemIndex, column, start });
		// A shared name stays indexed under the user who had it first.
		const indexName = nameIsNew && nameOwner === -1;
		const user = number === -1 ? this.addUser(itemIndex, groups, indexName) : number;
		if (number !== -1) this.mergeInto(number, itemIndex, groups, indexName);
		if (nameOwner !== -1) {
			const others = this.sharedNames.get(nameOwner);
			if (others) others.push(user);
			else this.sharedNames.set(nameOwner, [user]);
		}
	}

	private sourceOf(user: number, position: number): number {
		return this.cellSources.get(user)?.[position] ?? this.firstRecords[user];
	}

	/**
	 * The same user on several records (an export with one line per group, say): a value on one
	 * record fills an empty cell of another, but two different values are a conflict, since only
	 * one of them can be the truth ActivTrak applies. Gives the user who already has the record's
	 * display name when that is another user (and sharing is not refused), or -1.
	 */
	private checkAgainstSnapshot(itemIndex: number, number: number, nameIsNew: boolean): number {
		const incomingCells = this.reader.cells;
		if (number !== -1) {
			for (let position = 0; position < USER_COLUMNS.length; position++) {
				// The lookup id made them one user (case-blind): its spelling is no conflict.
				if (position === USER_CELL.user_lookup_id) continue;
				const incoming = incomingCells[position];
				const current = this.cells[position][number];
				if (incoming && current && incoming !== current) {
					this.reader.report(
						itemIndex,
						USER_COLUMNS[position].id,
						`is "${incoming}" but ${this.recordName(this.sourceOf(number, position))} gives "${current}" for the same user "${this.cells[USER_CELL.user_lookup_id][number]}"; one user needs one value`,
						incoming,
					);
				}
			}
		}
		if (nameIsNew) {
			const displayName = incomingCells[USER_CELL.display_name];
			const owner = this.displayNames.find(displayName);
			if (owner !== -1 && owner !== number && !this.refuseSharedDisplayNames) return owner;
			if (owner !== -1 && owner !== number) {
				this.reader.report(
					itemIndex,
					'display_name',
					`"${displayName}" is already the display name of "${this.cells[USER_CELL.user_lookup_id][owner]}" (${this.recordName(this.sourceOf(owner, USER_CELL.display_name))}); ActivTrak needs display names to be unique`,
					displayName,
				);
			}
		}
		return -1;
	}

	private addUser(itemIndex: number, groups: UserGroups, nameIsNew: boolean): number {
		const number = this.count++;
		for (let position = 0; position < USER_COLUMNS.length; position++)
			this.cells[position][number] = this.reader.cells[position];
		// A list from readGroups is the record's own: kept as it is.
		this.groups[number] = groups;
		if (number === this.firstRecords.length) {
			const grown = new Int32Array(number * 2);
			grown.set(this.firstRecords);
			this.firstRecords = grown;
		}
		this.firstRecords[number] = itemIndex;
		this.userNumbers.add(this.reader.cells[USER_CELL.user_lookup_id], number);
		if (nameIsNew) this.displayNames.add(this.reader.cells[USER_CELL.display_name], number);
		return number;
	}

	/** Another record of a known user: fills the user's empty cells and adds new groups. */
	private mergeInto(
		number: number,
		itemIndex: number,
		groups: UserGroups,
		nameIsNew: boolean,
	): void {
		// A new display name here fills the user's empty one (a different one was a conflict).
		if (nameIsNew) this.displayNames.add(this.reader.cells[USER_CELL.display_name], number);
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			if (position === USER_CELL.user_lookup_id) continue;
			const incoming = this.reader.cells[position];
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
		for (let g = 0, count = groupCount(groups); g < count; g++) {
			const group = groupAt(groups, g);
			if (hasGroup(current, group)) this.duplicateRows++;
			else current = withGroup(current, group);
		}
		this.groups[number] = current;
	}

	build(): Snapshot {
		for (const list of [...this.cells, this.groups]) list.length = this.count;
		return assembleSnapshot({
			users: { count: this.count, cells: this.cells, groups: this.groups },
			problems: this.problems,
			rejectedRecords: this.rejected,
			groupColumnMapped: this.groupColumnMapped,
			formulaCells: this.formulaCells,
			sharedNames: this.sharedNames,
			duplicateRows: this.duplicateRows,
		});
	}
}
