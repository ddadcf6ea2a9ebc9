/**
 * The HRDC CSV columns, defined once. The resource mapper's fields, the CSV header and the
 * README's column table are all generated from this list. Names and meanings come from
 * ActivTrak's guide "Update Users via CSV".
 */

export type HrdcColumnId =
	| 'user_lookup_id'
	| 'employee_id'
	| 'email_address'
	| 'display_name'
	| 'group'
	| 'track'
	| 'delete_user';

/** How a column's values are read: free text, group names, or one of two flags. */
export type HrdcColumnKind = 'text' | 'groups' | 'trackFlag' | 'deleteFlag';

export interface HrdcColumn {
	id: HrdcColumnId;
	displayName: string;
	required: boolean;
	kind: HrdcColumnKind;
	/** What the column does in ActivTrak, for the UI and the docs. */
	description: string;
	/** Values the node accepts, for the UI and the docs. */
	accepts: string;
}

export const HRDC_COLUMNS: readonly HrdcColumn[] = [
	{
		id: 'user_lookup_id',
		displayName: 'User Lookup ID',
		required: true,
		kind: 'text',
		description:
			"Finds the existing ActivTrak user: the user's email, User Principal Name or employee ID",
		accepts: 'text (required on every item)',
	},
	{
		id: 'employee_id',
		displayName: 'Employee ID',
		required: false,
		kind: 'text',
		description: "Written to the user's record",
		accepts: 'text or number',
	},
	{
		id: 'email_address',
		displayName: 'Email Address',
		required: false,
		kind: 'text',
		description: "Written to the user's record",
		accepts: 'text',
	},
	{
		id: 'display_name',
		displayName: 'Display Name',
		required: false,
		kind: 'text',
		description: "Must be unique among the account's users; not applied if another user has it",
		accepts: 'text',
	},
	{
		id: 'group',
		displayName: 'Group',
		required: false,
		kind: 'groups',
		description:
			'ActivTrak group names. Groups are a full snapshot: an HRDC group missing from an upload is deleted',
		accepts: "one name, an array of names, or a delimited string (option 'Group Delimiter')",
	},
	{
		id: 'track',
		displayName: 'Track',
		required: false,
		kind: 'trackFlag',
		description: 'n puts the user on the Do Not Track list',
		accepts: 'false, "n" or "no" = Do Not Track; true, "y", "yes" or empty = leave as is',
	},
	{
		id: 'delete_user',
		displayName: 'Delete User',
		required: false,
		kind: 'deleteFlag',
		description: "y deletes the user's activity data and frees the license: permanent",
		accepts: 'true, "y" or "yes" = delete; false, "n", "no" or empty = keep',
	},
];

export const HRDC_COLUMN_IDS: readonly HrdcColumnId[] = HRDC_COLUMNS.map((column) => column.id);
