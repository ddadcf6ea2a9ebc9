/**
 * Writes snapshot rows as the CSV HRDC reads: one header row with the exact lower-case column
 * names, RFC 4180 quoting and CRLF line ends, UTF-8 without a byte order mark.
 */
import { stringify } from 'csv-stringify/sync';

import { HRDC_COLUMN_IDS } from './columns';
import type { Snapshot } from './buildSnapshot';

const OPTIONS = {
	columns: HRDC_COLUMN_IDS as string[],
	record_delimiter: '\r\n',
	// RFC 4180 quotes a field holding a comma, a quote or a line break. csv-stringify quotes
	// commas and quotes itself, but of line breaks only its own record delimiter (CRLF): a
	// lone LF or CR would go out bare and split the row in ActivTrak's parser.
	quoted_match: /[\r\n]/,
};

/** Any rows, each cell quoted as it needs. */
export function rowsToCsv(rows: Iterable<string[]>): string {
	// csv-stringify's sync API walks its input with for...of, so rows may come from a generator.
	return stringify(rows as string[][], { ...OPTIONS, header: true });
}

// A stand-in that cannot occur in a snapshot: SnapshotBuilder refuses every control character
// (so no cell holds a line break either, and every CSV line is one row).
const GROUP_SLOT = '\u0000';
const ROW_WITH_SLOT = new RegExp(`^([^\\r\\n]*)${GROUP_SLOT}([^\\r\\n]*\\r\\n)`, 'gm');

/**
 * A snapshot's CSV. The rows of a user in several groups differ only in the group cell, so
 * csv-stringify writes such a user once with a stand-in for the group, and each distinct group
 * name once; the user's rows are then made from those pieces. Users with one group or none are
 * written by csv-stringify as they are. Same text as rowsToCsv(snapshotRows(snapshot)).
 */
export function snapshotToCsv(snapshot: Pick<Snapshot, 'users'>): string {
	const severalGroups: string[][] = [];
	const records = snapshot.users.map(({ cells, groups }) => {
		let group = '';
		if (groups.length === 1) group = groups[0];
		else if (groups.length > 1) {
			severalGroups.push(groups);
			group = GROUP_SLOT;
		}
		return [cells[0], cells[1], cells[2], cells[3], group, cells[4], cells[5]];
	});
	const csv = rowsToCsv(records);
	if (severalGroups.length === 0) return csv;

	const groupCells = new Map<string, string>();
	const groupCell = (group: string) => {
		let cell = groupCells.get(group);
		if (cell === undefined) {
			cell = stringify([[group]], { record_delimiter: '\r\n', quoted_match: OPTIONS.quoted_match }).slice(0, -2);
			groupCells.set(group, cell);
		}
		return cell;
	};
	let next = 0;
	return csv.replace(ROW_WITH_SLOT, (_line, before: string, after: string) => {
		let rows = '';
		for (const group of severalGroups[next++]) rows += before + groupCell(group) + after;
		return rows;
	});
}
