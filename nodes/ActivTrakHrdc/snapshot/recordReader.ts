/**
 * Reads one mapped record into a user's cells (USER_COLUMNS order) and groups, checking each
 * value on its own; the builder then compares the record with the rest of the snapshot.
 */
import type { HrdcColumnId } from './columns';
import {
	MAX_GROUPS_PER_USER,
	MAX_GROUP_NAME_LENGTH,
	checkGroupName,
	cutGroupName,
} from './groupRules';
import { NO_GROUPS, groupAt, groupCount, groupsFromNames, type UserGroups } from './groups';
import { USER_CELL, USER_COLUMNS, type UserCells } from './model';
import { quoted } from './nameList';
import type { SnapshotProblem } from './problems';
import {
	composedText,
	excerpt,
	formulaStart,
	isEmailAddress,
	isPlainText,
	textProblem,
} from './textRules';
import { ValueProblem, readDeleteFlag, readGroups, readText, readTrackFlag } from './values';

function readCell(column: (typeof USER_COLUMNS)[number], value: unknown): string | ValueProblem {
	switch (column.kind) {
		case 'trackFlag':
			return readTrackFlag(value);
		case 'deleteFlag':
			return readDeleteFlag(value);
		default:
			return readText(value);
	}
}

export class RecordReader {
	/** The record being read, cell by cell; refilled for every record (the builder copies it). */
	readonly cells: string[] = USER_COLUMNS.map(() => '');

	/** Problems of the record; made only when one is found (most records are fine). */
	found: SnapshotProblem[] | null = null;

	/**
	 * The record's cells that start like a spreadsheet formula, by column, with that character;
	 * made only when one is found. A stop when `refuseFormulas`, else the builder keeps them for a
	 * warning.
	 */
	formulas: Array<{ column: HrdcColumnId; start: string }> | null = null;

	/** Long group names as cut ('Cut Long Group Names') -> the name that became it. */
	private cutNames: Map<string, string> | null = null;

	constructor(
		private readonly groupDelimiter: string,
		private readonly refuseFormulas = false,
		private readonly cutLongGroupNames = false,
	) {}

	report(itemIndex: number, column: HrdcColumnId, message: string, value?: string): void {
		this.found ??= [];
		// A value is kept only as an excerpt: it goes into the output, and may be megabytes.
		this.found.push(
			value === undefined
				? { itemIndex, column, message }
				: { itemIndex, column, value: excerpt(value), message },
		);
	}

	private checkFormula(itemIndex: number, column: HrdcColumnId, text: string): void {
		const start = formulaStart(text);
		if (start === null) return;
		if (this.refuseFormulas) {
			this.report(
				itemIndex,
				column,
				`starts with "${start}", so a spreadsheet opening the CSV would run it as a formula ('Refuse Formula-Like Cells' is on)`,
				text,
			);
		} else {
			(this.formulas ??= []).push({ column, start });
		}
	}

	/**
	 * A text cell or group name in composed form (NFC), its problem reported or, when it has none,
	 * a formula-like start noted. Short printable ASCII (nearly every value) is fine as it is: one
	 * scan says so. Names may hold the zero width (non-)joiner (`allowJoiners`), ids may not.
	 */
	private checkedText(
		itemIndex: number,
		column: HrdcColumnId,
		text: string,
		allowJoiners: boolean,
	): string {
		const plain = isPlainText(text);
		const composed = plain ? text : composedText(text);
		const problem = plain ? null : textProblem(composed, { allowJoiners });
		if (problem) this.report(itemIndex, column, problem, text);
		else this.checkFormula(itemIndex, column, composed);
		return composed;
	}

	/**
	 * The groups with every name in composed form (NFC), checked against the text rules and
	 * ActivTrak's group rules (groupRules.ts); rebuilt only when one changed.
	 */
	private readGroupNames(itemIndex: number, groups: UserGroups): UserGroups {
		let names: string[] | null = null;
		// Kept only once the list is rebuilt, to drop a name that another became (a Set: a list
		// can be long, and includes() on it was quadratic).
		let kept: Set<string> | null = null;
		for (let g = 0, count = groupCount(groups); g < count; g++) {
			const group = groupAt(groups, g);
			const name = this.groupName(itemIndex, this.checkedText(itemIndex, 'group', group, true));
			if (name !== group && names === null) {
				names = [];
				for (let before = 0; before < g; before++) names.push(groupAt(groups, before));
				kept = new Set(names);
			}
			if (names !== null && !kept!.has(name)) {
				names.push(name);
				kept!.add(name);
			}
		}
		return names === null ? groups : groupsFromNames(names);
	}

	/** The name as ActivTrak will take it (cut when allowed), its problem reported. */
	private groupName(itemIndex: number, name: string): string {
		const verdict = checkGroupName(name);
		if (verdict.ok) return name;
		if (verdict.rule === 'character') {
			this.report(itemIndex, 'group', `${quoted(name)} ${verdict.message}`, name);
			return name;
		}
		if (!this.cutLongGroupNames) {
			this.report(
				itemIndex,
				'group',
				`${quoted(name)} is ${verdict.length} characters long; ActivTrak refuses group names over ${MAX_GROUP_NAME_LENGTH}. Shorten it in the source, or turn on 'Options' > 'Cut Long Group Names'`,
				name,
			);
			return name;
		}
		const cut = cutGroupName(name);
		const cutNames = (this.cutNames ??= new Map());
		const earlier = cutNames.get(cut);
		if (earlier === undefined) cutNames.set(cut, name);
		else if (earlier !== name) {
			this.report(
				itemIndex,
				'group',
				`${quoted(name)} and ${quoted(earlier)} both become ${quoted(cut, MAX_GROUP_NAME_LENGTH)} when cut to ${MAX_GROUP_NAME_LENGTH} characters, so they would be one group in ActivTrak; shorten them in the source`,
				name,
			);
		}
		return cut;
	}

	/** Reads a record into `cells` and `found`; gives its groups. */
	read(itemIndex: number, values: Record<string, unknown>): UserGroups {
		this.found = null;
		this.formulas = null;

		const cells = this.cells;
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			const column = USER_COLUMNS[position];
			const cell = readCell(column, values[column.id]);
			if (typeof cell !== 'string') {
				this.report(itemIndex, column.id, cell.message);
				cells[position] = '';
				continue;
			}
			cells[position] = this.checkedCell(itemIndex, column, cell);
		}
		return this.readGroupsAndCheck(itemIndex, values.group);
	}

	/**
	 * Reads a person whose cells are text already, by column id (a source preset's: each
	 * trimmed, the flags '' or their one value; one group name, or a list) and checks it like any
	 * record, without looking each column up in an untrusted record object and making it text a
	 * second time. Positions stay inside this reader: presets never see them.
	 */
	readCells(
		itemIndex: number,
		person: Readonly<UserCells>,
		group: string | readonly string[],
	): UserGroups {
		this.found = null;
		this.formulas = null;
		const cells = this.cells;
		for (let position = 0; position < USER_COLUMNS.length; position++) {
			const column = USER_COLUMNS[position];
			cells[position] = this.checkedCell(itemIndex, column, person[column.id]);
		}
		return this.readGroupsAndCheck(itemIndex, group);
	}

	/** A text cell checked (see checkedText); a flag as it is. */
	private checkedCell(
		itemIndex: number,
		column: (typeof USER_COLUMNS)[number],
		cell: string,
	): string {
		return cell !== '' && column.kind === 'text'
			? this.checkedText(itemIndex, column.id, cell, column.id === 'display_name')
			: cell;
	}

	/** Reads the groups, then checks the record's lookup id and e-mail; gives the groups. */
	private readGroupsAndCheck(itemIndex: number, group: unknown): UserGroups {
		const cells = this.cells;
		let groups = readGroups(group, this.groupDelimiter);
		if (groups instanceof ValueProblem) {
			this.report(itemIndex, 'group', groups.message);
			groups = NO_GROUPS;
		}
		if (groupCount(groups) > MAX_GROUPS_PER_USER) {
			this.report(
				itemIndex,
				'group',
				`holds ${groupCount(groups)} groups; at most ${MAX_GROUPS_PER_USER} are taken for one user (a list this long is usually every group of a directory, not the user's)`,
			);
			groups = NO_GROUPS;
		}
		groups = this.readGroupNames(itemIndex, groups);

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
		if (email && !isEmailAddress(email) && !foundSoFar?.some((p) => p.column === 'email_address')) {
			this.report(itemIndex, 'email_address', `${quoted(email)} is not an e-mail address`, email);
		}
		return groups;
	}
}
