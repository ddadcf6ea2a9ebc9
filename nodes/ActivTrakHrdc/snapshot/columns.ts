/**
 * The HRDC CSV columns, defined once: everything that writes or reads columns follows this list
 * (see followsColumnList() for every place that does). Names and meanings come from
 * ActivTrak's guide "Update Users via CSV".
 */

/** How a column's values are read: free text, group names, or one of two flags. */
type HrdcColumnKind = 'text' | 'groups' | 'trackFlag' | 'deleteFlag';

interface HrdcColumn {
	id: string;
	displayName: string;
	required: boolean;
	kind: HrdcColumnKind;
	/** What the column does in ActivTrak, for the UI and the docs. */
	description: string;
	/** Values the node accepts, for the UI and the docs. */
	accepts: string;
	/**
	 * A user's details: a change of one is reported as "changed details" (its hash is kept in
	 * the baseline). They are hashed as `column=value` over the non-empty cells, so a new
	 * details column reports only the users who have a value in it, once.
	 */
	details: boolean;
}

export const HRDC_COLUMNS = [
	{
		id: 'user_lookup_id',
		displayName: 'User Lookup ID',
		required: true,
		kind: 'text',
		description:
			"Finds the existing ActivTrak user: the user's email, User Principal Name or employee ID",
		accepts: 'text (required on every item)',
		details: false,
	},
	{
		id: 'employee_id',
		displayName: 'Employee ID',
		required: false,
		kind: 'text',
		description: "Written to the user's record",
		accepts: 'text or number',
		details: true,
	},
	{
		id: 'email_address',
		displayName: 'Email Address',
		required: false,
		kind: 'text',
		description: "Written to the user's record",
		accepts: 'text',
		details: true,
	},
	{
		id: 'display_name',
		displayName: 'Display Name',
		required: false,
		kind: 'text',
		description: "Must be unique among the account's users; not applied if another user has it",
		accepts: 'text',
		details: true,
	},
	{
		id: 'group',
		displayName: 'Group',
		required: false,
		kind: 'groups',
		description:
			'ActivTrak group names. Groups are a full snapshot: an HRDC group missing from an upload is deleted',
		accepts: "one name, an array of names, or a delimited string (option 'Group Delimiter')",
		details: false,
	},
	{
		id: 'track',
		displayName: 'Track',
		required: false,
		kind: 'trackFlag',
		description: 'n puts the user on the Do Not Track list',
		accepts: 'false, "n" or "no" = Do Not Track; true, "y", "yes" or empty = leave as is',
		details: false,
	},
	{
		id: 'delete_user',
		displayName: 'Delete User',
		required: false,
		kind: 'deleteFlag',
		description:
			"y deletes the user's activity data and frees the license: permanent, and their identifiers stay on Do Not Track (Global Logins), so they cannot be tracked again under them",
		accepts: 'true, "y" or "yes" = delete; false, "n", "no" or empty = keep',
		details: false,
	},
] as const satisfies readonly HrdcColumn[];

export type HrdcColumnId = (typeof HRDC_COLUMNS)[number]['id'];

/** The column ids in CSV order, as a type: ['user_lookup_id', 'employee_id', ...]. */
type HrdcColumnOrder = IdsOf<typeof HRDC_COLUMNS>;
type IdsOf<Columns extends readonly HrdcColumn[]> = {
	readonly [K in keyof Columns]: Columns[K] extends { id: infer Id } ? Id : never;
};

export const HRDC_COLUMN_IDS: readonly HrdcColumnId[] = HRDC_COLUMNS.map((column) => column.id);

/** The columns whose change is a change of the user's details, in column order. */
export const DETAIL_COLUMN_IDS: readonly HrdcColumnId[] = HRDC_COLUMNS.filter(
	(column) => column.details,
).map((column) => column.id);

/** The CSV's first line: the column ids in order, as HRDC reads them. */
export const CSV_HEADER_LINE = `${HRDC_COLUMN_IDS.join(',')}\r\n`;

/**
 * For code that keeps the columns in an order of its own: its order, typed as HrdcColumnOrder
 * (so `tsc`, run by npm run lint, fails when the list changes) and checked again when the module
 * loads (so a build that skipped the type check fails too). Only the emulator does: it is
 * ActivTrak's stand-in, so its columns are the server's truth, not the node's list.
 *
 * Everything else follows the list, to be looked at when a column is added or moved:
 * - snapshot/model.ts: USER_COLUMNS and USER_CELL, the user's cells (derived from the list);
 * - snapshot/userHashes.ts: the details hash, over the columns flagged `details` (derived);
 * - snapshot/csv.ts: the header line and each row's cells (derived);
 * - snapshot/recordReader.ts: reads each column by its kind (derived);
 * - presets/index.ts: a person's cells by column id, a text column a preset does not read left
 *   empty (derived);
 * - snapshot/csvInput.ts: the CSV file reader's header check (derived);
 * - methods/resourceMapping.ts: the resource mapper's fields (derived);
 * - test/emulator/HrdcEmulator.ts: the emulated ActivTrak (its own list, checked here);
 * - scripts/docs.ts: the README's column table and the examples' saved schema (generated; a
 *   test fails when stale).
 */
export function followsColumnList(order: HrdcColumnOrder, follower: string): HrdcColumnOrder {
	if (order.length !== HRDC_COLUMN_IDS.length || order.some((id, i) => id !== HRDC_COLUMN_IDS[i])) {
		throw new Error(
			`${follower} is written for the columns ${order.join(',')}, but HRDC_COLUMNS lists ${HRDC_COLUMN_IDS.join(',')}: update it`,
		);
	}
	return order;
}
