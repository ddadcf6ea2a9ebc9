/**
 * What a source preset is: how the items of one of n8n's own HR nodes become HRDC records,
 * which of them are leavers, and how to tell that the source node gives the wrong shape.
 * Pure: no n8n imports.
 */

/** One person as HRDC columns, plain text (groups a list), and whether they have left. */
export interface PresetPerson {
	user_lookup_id: string;
	employee_id: string;
	email_address: string;
	display_name: string;
	/** The person's group names are the first `groupCount` (the list is reused: see addGroup). */
	group: string[];
	groupCount: number;
	leaver: boolean;
}

export interface PresetSettings {
	/** Which field makes the group: a choice of the preset's groupChoices, or 'none'. */
	groupFrom: string;
	/** Okta: whether SUSPENDED users count as leavers (by default they come back: kept). */
	suspendedAreLeavers: boolean;
}

/** The items are not what the preset reads: how to set the source node instead. */
export interface WrongShape {
	wrongShape: string;
	fix: string;
}

export interface Preset {
	value: string;
	/** In the Input list. */
	name: string;
	/** The n8n node and the settings that give the items this preset reads. */
	sourceNode: string;
	sourceSettings: string;
	/** The fields a group can come from, the first the default. */
	groupChoices: ReadonlyArray<{ value: string; name: string }>;
	/** Whether the source says who left (BambooHR's directory does not). */
	knowsLeavers: (json: Record<string, unknown>) => boolean;
	/** An item that holds many people (BambooHR's company report): them, or null. */
	unwrap?: (json: Record<string, unknown>) => unknown[] | null;
	/** Null when the item is of the expected shape. */
	checkShape(json: Record<string, unknown>): WrongShape | null;
	/**
	 * Fills `person` from the item: one object refilled for every person, since this runs for
	 * 100,000s of them (bench/presets.ts); its group count is set to 0 first.
	 */
	read(json: Record<string, unknown>, settings: PresetSettings, person: PresetPerson): void;
}
