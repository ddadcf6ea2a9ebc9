/**
 * Test-only ways to make and read snapshots: from a list of records, from users given one object
 * each, and back out as rows in column order (the reference CSV writer's input). The node itself
 * never needs them: it adds records one by one and writes the CSV straight from the column lists.
 */
import {
	CSV_HEADER_LINE,
	HRDC_COLUMN_IDS,
	SnapshotBuilder,
	cellsOf,
	USER_COLUMNS,
	groupAt,
	groupCount,
	type UserGroups,
	groupsFromNames,
	writeSnapshotCsv,
	type MappedRecord,
	type Snapshot,
	type SnapshotBuilderOptions,
	type SnapshotUsers,
	type HrdcColumnId,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { rowsToCsv } from './csvReference';
import { LEDGER_KEY } from '../../nodes/ActivTrakHrdc/ledger/stores';

/** A user's groups as a list, through the same API the node reads them by. */
export const groupList = (groups: UserGroups): string[] =>
	Array.from({ length: groupCount(groups) }, (_, i) => groupAt(groups, i));

/** The header row HRDC reads, built from the column list (csv.test.ts pins it to the guide). */
export const CSV_HEADER = CSV_HEADER_LINE;

/** One CSV row by its named cells; a column not named is empty. */
export type CsvRow = { user_lookup_id: string } & Partial<Record<HrdcColumnId, string>>;

/**
 * CSV rows (no header) from named cells, in HRDC_COLUMNS order, quoted as csv-stringify quotes
 * them: tests name the cells they mean, and a new column changes no test's rows.
 */
export function csvRows(...rows: CsvRow[]): string {
	return rowsToCsv(rows.map(rowCells)).slice(CSV_HEADER.length);
}

/** A row's cells in column order, from its named cells (a column not named is empty). */
export const rowCells = (row: CsvRow): string[] => HRDC_COLUMN_IDS.map((id) => row[id] ?? '');

/** A whole HRDC CSV: the header, then these rows. */
export const hrdcCsv = (...rows: CsvRow[]) => `${CSV_HEADER}${csvRows(...rows)}`;

/** Builds a snapshot from records in order (record i is records[i]). */
export function buildSnapshot(
	records: readonly MappedRecord[],
	options?: SnapshotBuilderOptions,
): Snapshot {
	const builder = new SnapshotBuilder({ expectedRecords: records.length, ...options });
	records.forEach((record, itemIndex) => builder.add(itemIndex, record));
	return builder.build();
}

/** Users given as one object each (cells in USER_COLUMNS order), as column lists. */
export function snapshotUsers(
	list: ReadonlyArray<{ cells: Partial<Record<HrdcColumnId, string>>; groups: readonly string[] }>,
): SnapshotUsers {
	return {
		count: list.length,
		cells: USER_COLUMNS.map(({ id }) => list.map((user) => user.cells[id] ?? '')),
		groups: list.map(({ groups }) => groupsFromNames([...groups])),
	};
}

/**
 * The snapshot's rows, cells in HRDC_COLUMN_IDS order: one per (user, group), or one with an
 * empty group. Read by column name, so it follows the column list without knowing its order.
 */
export function* snapshotRows(snapshot: Pick<Snapshot, 'users'>): Generator<string[]> {
	const { count, groups } = snapshot.users;
	for (let user = 0; user < count; user++) {
		const list = groupList(groups[user]);
		for (const group of list.length === 0 ? [''] : list) {
			yield HRDC_COLUMN_IDS.map((id) =>
				id === 'group' ? group : cellsOf(snapshot.users, id)[user],
			);
		}
	}
}

/** The snapshot's CSV alone. */
export function snapshotToCsv(snapshot: Pick<Snapshot, 'users'>): Buffer {
	return writeSnapshotCsv(snapshot).csv;
}

/**
 * The ledger entry a workflow's static data holds for its one ActivTrak account (as the node
 * keeps it: a sealed record under the account's name in the workflow's global static data).
 */
export function ledgerIn(
	staticData: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
	const global = staticData?.global as Record<string, unknown> | undefined;
	const records = Object.values((global?.[LEDGER_KEY] ?? {}) as Record<string, unknown>);
	if (records.length > 1)
		throw new Error(`static data holds ledgers of ${records.length} accounts`);
	return (records[0] as { entry?: Record<string, unknown> } | undefined)?.entry;
}

/** The last accepted snapshot's fingerprint in that ledger, or undefined. */
export function baselineIn(
	staticData: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
	return (ledgerIn(staticData)?.accepted ?? undefined) as Record<string, unknown> | undefined;
}
