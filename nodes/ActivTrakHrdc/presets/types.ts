/**
 * What a source preset is: how the items of one of n8n's own HR nodes become HRDC records,
 * which of them are leavers, and how to tell that the source node gives the wrong shape.
 * Pure: no n8n imports.
 */
import type { TextColumnId, UserCells } from '../snapshot';

/**
 * One person as a preset reads them: the text columns by id (what a new text column adds, a
 * preset may fill), their group names, and whether they have left. The flags are not the
 * preset's: its leaver policy sets them.
 */
export interface PresetPerson {
	cells: Pick<UserCells, TextColumnId>;
	/** The person's group names are the first `groupCount` (the list is reused: see addGroup). */
	group: string[];
	groupCount: number;
	leaver: boolean;
	/**
	 * When the person starts, as the number YYYYMMDD (0 when the source does not say: see
	 * dayNumber), and whether the source says they have not started whatever the date
	 * (Personio's onboarding): with 'Leave Out Future Hires' on, a person starting after today
	 * is not in the snapshot.
	 */
	startsOn: number;
	notStarted: boolean;
}

export interface PresetSettings {
	/** Which field makes the group: a choice of the preset's groupChoices, or 'none'. */
	groupFrom: string;
	/** Okta: whether SUSPENDED users count as leavers (by default they come back: kept). */
	suspendedAreLeavers: boolean;
	/** Today in the workflow's time zone, YYYYMMDD (see dayNumber): a date before it is past. */
	today: number;
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
	/** The HR system, when n8n reaches it through its HTTP Request node (the README's name). */
	system?: string;
	sourceSettings: string;
	/** The README's row for it (npm run docs): what it reads, and what tells a leaver. */
	readme: { reads: string; leavers: string };
	/**
	 * The field that says when a person starts, as the README names it: a preset with one leaves
	 * out future hires ('Leave Out Future Hires'). Absent: the source does not say.
	 */
	startField?: string;
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
	 * 100,000s of them (bench/presets.ts); its group count is set to 0 first, and a cell the
	 * preset does not set is empty.
	 */
	read(json: Record<string, unknown>, settings: PresetSettings, person: PresetPerson): void;
}
