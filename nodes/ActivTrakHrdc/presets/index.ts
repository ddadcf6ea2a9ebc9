/**
 * Source presets: the items of n8n's own HR nodes read straight into HRDC records, with a
 * policy for leavers, a group prefix, and a stop (naming the source node's setting to change)
 * when the items are not the shape the preset reads. Pure: no n8n imports.
 */
import { adp } from './adp';
import { bambooHr } from './bambooHr';
import { entraId } from './entraId';
import { googleWorkspace } from './googleWorkspace';
import { hibob } from './hibob';
import { ldap } from './ldap';
import { okta } from './okta';
import { personio } from './personio';
import { rippling } from './rippling';
import { workdayRaas } from './workdayRaas';
import { emptyUserCells, type Pause, type UserCells } from '../snapshot';
import type { Preset, PresetPerson, PresetSettings, WrongShape } from './types';

export type { Preset, PresetPerson, PresetSettings, WrongShape } from './types';
export { dayNumber } from './fields';

/**
 * Empties what a preset fills (see PresetPerson), before each person is read: every text column
 * of USER_COLUMNS, by name (a test holds it to that list, so a new text column that is not here
 * fails by its name). A loop over the list's ids was a quarter of a preset's own reading: a
 * keyed store whose key changes from store to store (bench/results.md).
 */
export function emptyTextCells(cells: PresetPerson['cells']): void {
	cells.user_lookup_id = '';
	cells.employee_id = '';
	cells.email_address = '';
	cells.display_name = '';
}

/**
 * People read between two calls of readWithPreset's `pause` (where the event loop may get a
 * turn): one call per person would cost more than the reading.
 */
const PEOPLE_PER_PAUSE = 1024;

/** In the Input list, after Items and CSV File. */
export const PRESETS: readonly Preset[] = [
	entraId,
	okta,
	googleWorkspace,
	bambooHr,
	ldap,
	workdayRaas,
	hibob,
	rippling,
	personio,
	adp,
];

export const presetNamed = (value: unknown): Preset | undefined =>
	PRESETS.find((preset) => preset.value === value);

/** What happens to a leaver: left out (their groups lose them), Do Not Track, or deleted. */
export const LEAVER_POLICIES = ['leaveOut', 'doNotTrack', 'deleteUser'] as const;
export type LeaverPolicy = (typeof LEAVER_POLICIES)[number];

interface PresetReading extends PresetSettings {
	leavers: LeaverPolicy;
	/** Put before every group name, e.g. "HR - ", to keep HRDC's groups apart. */
	groupPrefix: string;
	/** Add the e-mail to a display name that several people share: HRDC needs them unique. */
	uniqueDisplayNames: boolean;
	/** Leave out people who start after today (the preset knows a start date) or have not started. */
	leaveOutFutureHires: boolean;
}

/** What became of the leavers, and of shared display names. */
export interface PresetOutcome {
	leavers: {
		/** Whether the source says who left at all. */
		known: boolean;
		found: number;
		policy: LeaverPolicy;
		/** Their lookup ids, the first 100. */
		lookupIds: string[];
	};
	displayNamesMadeUnique: number;
	/** People left out because they have not started yet: how many, and the first 100. */
	futureHires: { found: number; lookupIds: string[] };
}

/**
 * How many people the items hold at most: an item that holds many (an HTTP Request answer, a
 * BambooHR report) counts them, any other item one. The snapshot builder is sized by it once:
 * sized by the items, one answer of 100,000 people made it grow from one (bench/results.md).
 */
export function peopleIn(preset: Preset, items: readonly unknown[]): number {
	let people = 0;
	for (let item = 0; item < items.length; item++) {
		const json = items[item];
		const inner =
			typeof json === 'object' && json !== null
				? preset.unwrap?.(json as Record<string, unknown>)
				: null;
		people += inner ? inner.length : 1;
	}
	return people;
}

/**
 * Reads the items with the preset, handing each person kept to `add` as HRDC cells by column id
 * (one object, refilled: the snapshot builder copies what it keeps, see
 * SnapshotBuilder.addCells) and their group names. Any item of the wrong shape stops the
 * reading (the first is named): a snapshot is never built from a source node set up otherwise.
 * One pass, no object per person beyond what the preset reads: this runs for 100,000s of people
 * (bench/presets.ts), so it awaits `pause` every PEOPLE_PER_PAUSE people, for the event loop
 * (one HTTP Request answer can hold all of them in one item).
 */
export async function readWithPreset(
	preset: Preset,
	items: readonly unknown[],
	reading: PresetReading,
	add: (item: number, cells: Readonly<UserCells>, group: string | readonly string[]) => void,
	pause: Pause = async () => {},
): Promise<PresetOutcome | (WrongShape & { item: number })> {
	// One person, refilled for everyone, its group list too (see addGroup). The preset sees the
	// text columns only; the flags are the leaver policy's.
	const cells = emptyUserCells();
	const current: PresetPerson = {
		cells,
		group: [],
		groupCount: 0,
		leaver: false,
		startsOn: 0,
		notStarted: false,
	};
	const { today } = reading;
	// Every date compares with today: a today that is not a day would let every future hire in
	// and every past termination stay (a comparison with NaN is false), so it stops the reading.
	if (!Number.isInteger(today) || today < 10000101 || today > 99991231)
		throw new Error(`Today is not a date (${String(today)}): nothing was read`);
	const leaverIds: string[] = [];
	let leaversFound = 0;
	const futureHireIds: string[] = [];
	let futureHiresFound = 0;
	let known = false;
	const held: Array<PresetPerson & { item: number }> = [];
	const keep = (person: PresetPerson, item: number) => {
		if (person.leaver) {
			leaversFound++;
			if (leaverIds.length < 100) leaverIds.push(person.cells.user_lookup_id);
			if (reading.leavers === 'leaveOut') return;
		} else if (reading.leaveOutFutureHires && (person.notStarted || person.startsOn > today)) {
			// Not hired yet as ActivTrak sees it: no agent, and no group should count them.
			futureHiresFound++;
			if (futureHireIds.length < 100) futureHireIds.push(person.cells.user_lookup_id);
			return;
		}
		if (reading.uniqueDisplayNames) {
			const { group, groupCount } = person;
			held.push({ ...person, cells: { ...person.cells }, group: group.slice(0, groupCount), item });
		} else addPerson(person, item);
	};
	const prefix = reading.groupPrefix;
	const addPerson = (person: PresetPerson, item: number) => {
		if (person.cells !== cells) Object.assign(cells, person.cells);
		cells.track = person.leaver && reading.leavers === 'doNotTrack' ? 'n' : '';
		cells.delete_user = person.leaver && reading.leavers === 'deleteUser' ? 'y' : '';
		const { group, groupCount } = person;
		// None or one group as a text: the builder's cheapest path (a preset's names are never
		// split). Several as a list of their own: the builder may keep it, and `group` is reused.
		add(
			item,
			cells,
			groupCount === 0
				? ''
				: groupCount === 1
					? prefix + group[0]
					: group.slice(0, groupCount).map((name) => prefix + name),
		);
	};
	/** One person of an item; the wrong shape stops the reading. */
	const readPerson = (person: unknown, item: number): WrongShape | null => {
		if (typeof person !== 'object' || person === null) return null;
		const fields = person as Record<string, unknown>;
		const wrong = preset.checkShape(fields);
		if (wrong) return wrong;
		if (!known && preset.knowsLeavers(fields)) known = true;
		current.groupCount = 0;
		current.startsOn = 0;
		current.notStarted = false;
		emptyTextCells(cells);
		preset.read(fields, reading, current);
		keep(current, item);
		return null;
	};
	let peopleRead = 0;
	for (let item = 0; item < items.length; item++) {
		const json = items[item];
		if (typeof json !== 'object' || json === null) continue;
		// An item is one person, or (BambooHR's report, an HTTP Request answer) holds many.
		const inner = preset.unwrap?.(json as Record<string, unknown>);
		for (let p = 0, count = inner ? inner.length : 1; p < count; p++) {
			const wrong = readPerson(inner ? inner[p] : json, item);
			if (wrong) return { ...wrong, item };
			if (++peopleRead % PEOPLE_PER_PAUSE === 0) await pause();
		}
	}
	const displayNamesMadeUnique = reading.uniqueDisplayNames ? makeDisplayNamesUnique(held) : 0;
	for (let h = 0; h < held.length; h++) {
		addPerson(held[h], held[h].item);
		if ((h + 1) % PEOPLE_PER_PAUSE === 0) await pause();
	}
	return {
		leavers: { known, found: leaversFound, policy: reading.leavers, lookupIds: leaverIds },
		displayNamesMadeUnique,
		futureHires: { found: futureHiresFound, lookupIds: futureHireIds },
	};
}

/**
 * A display name two different people share (case-blind, as HRDC compares them) gets the
 * person's e-mail (or lookup id) after it: "John Smith (john.smith2@x.com)". Returns how many
 * names changed. Names are Map keys, never plain-object keys.
 */
function makeDisplayNamesUnique(persons: PresetPerson[]): number {
	const owners = new Map<string, Set<string>>();
	for (const person of persons) {
		const { cells } = person;
		if (!cells.display_name) continue;
		const key = cells.display_name.toLowerCase();
		const ids = owners.get(key) ?? new Set<string>();
		ids.add(cells.user_lookup_id.toLowerCase());
		owners.set(key, ids);
	}
	let changed = 0;
	for (const person of persons) {
		const { cells } = person;
		if (!cells.display_name) continue;
		if ((owners.get(cells.display_name.toLowerCase())?.size ?? 0) < 2) continue;
		cells.display_name = `${cells.display_name} (${cells.email_address || cells.user_lookup_id})`;
		changed++;
	}
	return changed;
}
