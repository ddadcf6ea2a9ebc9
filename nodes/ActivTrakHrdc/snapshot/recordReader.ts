/**
 * Reads one mapped record into a user's cells (USER_COLUMNS order) and groups, checking each
 * value on its own; the builder then compares the record with the rest of the snapshot.
 */
import type { HrdcColumnId } from './columns';
import { NO_GROUPS, groupAt, groupCount, type UserGroups } from './groups';
import { USER_CELL, USER_COLUMNS } from './model';
import type { SnapshotProblem } from './problems';
import { isEmailAddress, textProblem } from './textRules';
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

	constructor(private readonly groupDelimiter: string) {}

	report(itemIndex: number, column: HrdcColumnId, message: string, value?: string): void {
		this.found ??= [];
		this.found.push(
			value === undefined ? { itemIndex, column, message } : { itemIndex, column, value, message },
		);
	}

	private checkGroupName(itemIndex: number, group: string): void {
		const problem = textProblem(group);
		if (problem) this.report(itemIndex, 'group', problem, group);
	}

	/** Reads a record into `cells` and `found`; gives its groups. */
	read(itemIndex: number, values: Record<string, unknown>): UserGroups {
		this.found = null;

		const cells = this.cells;
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
		let groups = readGroups(values.group, this.groupDelimiter);
		if (groups instanceof ValueProblem) {
			this.report(itemIndex, 'group', groups.message);
			groups = NO_GROUPS;
		}
		for (let g = 0, count = groupCount(groups); g < count; g++)
			this.checkGroupName(itemIndex, groupAt(groups, g));

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
		return groups;
	}
}
