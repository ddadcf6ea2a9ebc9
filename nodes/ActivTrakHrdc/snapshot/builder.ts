/**
 * Builds one HRDC snapshot from all mapped records (items, or rows of a CSV file): one row per
 * (user, group), every row of a user carrying the same user columns. Checks the whole snapshot
 * and collects every problem instead of stopping at the first, so one run shows everything to
 * fix. A record with a problem adds nothing to the snapshot. Pure: no n8n imports, no I/O.
 */
import { assembleSnapshot } from './assemble';
import { MAX_GROUPS_PER_USER } from './groupRules';
import type { UserGroups } from './groups';
import { TextIndex } from './hashTables';
import { quoted } from './nameList';
import { RecordReader } from './recordReader';
import {
	USER_CELL,
	USER_COLUMNS,
	type FormulaCell,
	type MappedRecord,
	type Snapshot,
	type UserCells,
} from './model';
import type { SnapshotProblem } from './problems';
import { UserTable } from './userTable';

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
	/** A group name over ActivTrak's 65 characters: by default a problem, or with this cut. */
	cutLongGroupNames?: boolean;
}

export class SnapshotBuilder {
	private readonly users: UserTable;

	/** lookup id (case-blind, as userKey() tells users apart) -> user number. */
	private readonly userNumbers: TextIndex;

	/** display name (case-blind) -> user number; ActivTrak needs display names unique. */
	private readonly displayNames: TextIndex;

	private readonly problems: SnapshotProblem[] = [];

	private readonly rejected: number[] = [];

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
			options.cutLongGroupNames === true,
		);
		this.recordName = options.recordName ?? ((index) => `item ${index}`);
		this.refuseSharedDisplayNames = options.refuseSharedDisplayNames === true;
		const expected = options.expectedRecords ?? 0;
		const users = (this.users = new UserTable(expected));
		this.userNumbers = new TextIndex(
			(user) => users.cells[USER_CELL.user_lookup_id][user],
			true,
			expected,
		);
		this.displayNames = new TextIndex(
			(user) => users.cells[USER_CELL.display_name][user],
			true,
			expected,
		);
	}

	/** Adds one record. Problems are recorded, never thrown; a record with one adds nothing. */
	add(itemIndex: number, record: MappedRecord): void {
		const groups = this.reader.read(itemIndex, record as Record<string, unknown>);
		if (!this.groupColumnMapped && 'group' in record) this.groupColumnMapped = true;
		this.accept(itemIndex, groups);
	}

	/**
	 * Adds one person whose cells are text already, by column id (a source preset's: see
	 * RecordReader.readCells), with their group names; checked like any record.
	 */
	addCells(itemIndex: number, cells: Readonly<UserCells>, group: string | readonly string[]): void {
		const groups = this.reader.readCells(itemIndex, cells, group);
		this.groupColumnMapped = true;
		this.accept(itemIndex, groups);
	}

	/** The record the reader just read, compared with the snapshot and added, or rejected. */
	private accept(itemIndex: number, groups: UserGroups): void {
		const reader = this.reader;
		const cells = reader.cells;
		const lookupId = cells[USER_CELL.user_lookup_id];
		const number = this.userNumbers.find(lookupId);
		const displayName = cells[USER_CELL.display_name];
		// The display name is looked up (and later kept) only when it is new to this user: the
		// same user on several records mostly repeats it.
		const nameIsNew =
			displayName !== '' &&
			!(number !== -1 && this.users.cells[USER_CELL.display_name][number] === displayName);
		const nameOwner =
			reader.found === null ? this.checkAgainstSnapshot(itemIndex, number, nameIsNew) : -1;
		if (number !== -1 && reader.found === null) {
			const total = this.users.groupsWith(number, groups);
			if (total > MAX_GROUPS_PER_USER) {
				reader.report(
					itemIndex,
					'group',
					`would make ${total} groups for the user ${quoted(lookupId)} with their other records; at most ${MAX_GROUPS_PER_USER} are taken for one user`,
				);
			}
		}

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
				const current = this.users.cells[position][number];
				if (incoming && current && incoming !== current) {
					this.reader.report(
						itemIndex,
						USER_COLUMNS[position].id,
						`is ${quoted(incoming)} but ${this.recordName(this.users.sourceOf(number, position))} gives ${quoted(current)} for the same user ${quoted(this.users.cells[USER_CELL.user_lookup_id][number])}; one user needs one value`,
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
					`${quoted(displayName)} is already the display name of ${quoted(this.users.cells[USER_CELL.user_lookup_id][owner])} (${this.recordName(this.users.sourceOf(owner, USER_CELL.display_name))}); ActivTrak needs display names to be unique`,
					displayName,
				);
			}
		}
		return -1;
	}

	private addUser(itemIndex: number, groups: UserGroups, nameIsNew: boolean): number {
		const cells = this.reader.cells;
		const number = this.users.add(itemIndex, cells, groups);
		this.userNumbers.add(cells[USER_CELL.user_lookup_id], number);
		if (nameIsNew) this.displayNames.add(cells[USER_CELL.display_name], number);
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
		this.users.merge(number, itemIndex, this.reader.cells, groups);
	}

	/** The snapshot, once every record is in (see assembleSnapshot). */
	build(): Snapshot {
		return assembleSnapshot({
			users: this.users.users(),
			duplicateRows: this.users.duplicateRows,
			problems: this.problems,
			rejectedRecords: this.rejected,
			groupColumnMapped: this.groupColumnMapped,
			formulaCells: this.formulaCells,
			sharedNames: this.sharedNames,
		});
	}
}
