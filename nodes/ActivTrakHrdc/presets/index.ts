/**
 * Source presets: the items of n8n's own HR nodes read straight into HRDC records, with a
 * policy for leavers, a group prefix, and a stop (naming the source node's setting to change)
 * when the items are not the shape the preset reads. Pure: no n8n imports.
 */
import { bambooHr } from './bambooHr';
import { entraId } from './entraId';
import { googleWorkspace } from './googleWorkspace';
import { ldap } from './ldap';
import { okta } from './okta';
import type { Preset, PresetPerson, PresetSettings, WrongShape } from './types';

export type { Preset, PresetPerson, PresetSettings, WrongShape } from './types';

/** In the Input list, after Items and CSV File. */
export const PRESETS: readonly Preset[] = [entraId, okta, googleWorkspace, bambooHr, ldap];

export const presetNamed = (value: unknown): Preset | undefined =>
	PRESETS.find((preset) => preset.value === value);

/** What happens to a leaver: left out (their groups lose them), Do Not Track, or deleted. */
export const LEAVER_POLICIES = ['leaveOut', 'doNotTrack', 'deleteUser'] as const;
export type LeaverPolicy = (typeof LEAVER_POLICIES)[number];

export interface PresetReading extends PresetSettings {
	leavers: LeaverPolicy;
	/** Put before every group name, e.g. "HR - ", to keep HRDC's groups apart. */
	groupPrefix: string;
	/** Add the e-mail to a display name that several people share: HRDC needs them unique. */
	uniqueDisplayNames: boolean;
}

/** One HRDC record per person kept, and what became of the leavers. */
export interface PresetRecords {
	/** HRDC records, in the order of the people. */
	records: Array<Record<string, unknown>>;
	/** The input item each record came from. */
	recordItems: number[];
	leavers: {
		/** Whether the source says who left at all. */
		known: boolean;
		found: number;
		policy: LeaverPolicy;
		/** Their lookup ids, the first 100. */
		lookupIds: string[];
	};
	displayNamesMadeUnique: number;
}

/** The people of the items: the items themselves, or those an item holds (a report). */
function people(
	preset: Preset,
	items: readonly unknown[],
): Array<{ json: Record<string, unknown>; item: number }> {
	const found: Array<{ json: Record<string, unknown>; item: number }> = [];
	items.forEach((json, item) => {
		if (typeof json !== 'object' || json === null) return;
		const record = json as Record<string, unknown>;
		const inner = preset.unwrap?.(record);
		for (const person of inner ?? [record]) {
			if (typeof person === 'object' && person !== null)
				found.push({ json: person as Record<string, unknown>, item });
		}
	});
	return found;
}

/**
 * Reads the items with the preset. Every item of the wrong shape stops the reading (the first
 * is named): a snapshot is never built from a source node set up otherwise.
 */
export function readWithPreset(
	preset: Preset,
	items: readonly unknown[],
	reading: PresetReading,
): PresetRecords | (WrongShape & { item: number }) {
	const persons = people(preset, items);
	for (const { json, item } of persons) {
		const wrong = preset.checkShape(json);
		if (wrong) return { ...wrong, item };
	}
	const read: Array<PresetPerson & { item: number }> = persons.map(({ json, item }) => ({
		...preset.read(json, reading),
		item,
	}));
	const known = persons.some(({ json }) => preset.knowsLeavers(json));
	const leaverIds: string[] = [];
	let leaversFound = 0;
	const kept = read.filter((person) => {
		if (!person.leaver) return true;
		leaversFound++;
		if (leaverIds.length < 100) leaverIds.push(person.user_lookup_id);
		return reading.leavers !== 'leaveOut';
	});
	const displayNamesMadeUnique = reading.uniqueDisplayNames ? makeDisplayNamesUnique(kept) : 0;
	const records = kept.map((person) => ({
		user_lookup_id: person.user_lookup_id,
		employee_id: person.employee_id,
		email_address: person.email_address,
		display_name: person.display_name,
		group: person.group.map((name) => `${reading.groupPrefix}${name}`),
		track: person.leaver && reading.leavers === 'doNotTrack' ? 'n' : '',
		delete_user: person.leaver && reading.leavers === 'deleteUser' ? 'y' : '',
	}));
	return {
		records,
		recordItems: kept.map((person) => person.item),
		leavers: { known, found: leaversFound, policy: reading.leavers, lookupIds: leaverIds },
		displayNamesMadeUnique,
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
		if (!person.display_name) continue;
		const key = person.display_name.toLowerCase();
		const ids = owners.get(key) ?? new Set<string>();
		ids.add(person.user_lookup_id.toLowerCase());
		owners.set(key, ids);
	}
	let changed = 0;
	for (const person of persons) {
		if (!person.display_name) continue;
		if ((owners.get(person.display_name.toLowerCase())?.size ?? 0) < 2) continue;
		person.display_name = `${person.display_name} (${person.email_address || person.user_lookup_id})`;
		changed++;
	}
	return changed;
}
