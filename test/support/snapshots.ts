/**
 * Test-only ways to make and read snapshots: from a list of records, from users given one object
 * each, and back out as rows in column order (the reference CSV writer's input). The node itself
 * never needs them: it adds records one by one and writes the CSV straight from the column lists.
 */
import {
	HRDC_COLUMN_IDS,
	SnapshotBuilder,
	USER_CELL,
	USER_COLUMNS,
	groupList,
	groupsFromNames,
	writeSnapshotCsv,
	type MappedRecord,
	type Snapshot,
	type SnapshotBuilderOptions,
	type SnapshotUsers,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { BASELINES_KEY } from '../../nodes/ActivTrakHrdc/baseline/staticStore';

/** The header row HRDC reads, as the tests expect it byte for byte. */
export const CSV_HEADER =
	'user_lookup_id,employee_id,email_address,display_name,group,track,delete_user\r\n';

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
	list: ReadonlyArray<{ cells: readonly string[]; groups: readonly string[] }>,
): SnapshotUsers {
	return {
		count: list.length,
		cells: USER_COLUMNS.map((_, position) => list.map((user) => user.cells[position])),
		groups: list.map(({ groups }) => groupsFromNames([...groups])),
	};
}

/**
 * The snapshot's rows, cells in HRDC_COLUMN_IDS order: one per (user, group), or one with an
 * empty group. Read by column name, so it follows the column list without knowing its order.
 */
export function* snapshotRows(snapshot: Pick<Snapshot, 'users'>): Generator<string[]> {
	const { count, cells, groups } = snapshot.users;
	for (let user = 0; user < count; user++) {
		const list = groupList(groups[user]);
		for (const group of list.length === 0 ? [''] : list) {
			yield HRDC_COLUMN_IDS.map((id) => (id === 'group' ? group : cells[USER_CELL[id]][user]));
		}
	}
}

/** The snapshot's CSV alone. */
export function snapshotToCsv(snapshot: Pick<Snapshot, 'users'>): Buffer {
	return writeSnapshotCsv(snapshot).csv;
}

/**
 * The baseline a workflow's static data holds for its one ActivTrak account (as the node keeps
 * it: under the account's name in the workflow's global static data), or undefined.
 */
export function baselineIn(
	staticData: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
	const global = staticData?.global as Record<string, unknown> | undefined;
	const entries = Object.values((global?.[BASELINES_KEY] ?? {}) as Record<string, unknown>);
	if (entries.length > 1)
		throw new Error(`static data holds baselines of ${entries.length} accounts`);
	return entries[0] as Record<string, unknown> | undefined;
}
