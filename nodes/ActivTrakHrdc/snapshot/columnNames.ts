/**
 * Which HRDC column a field or header name that is not one most likely meant ("groups",
 * "email", "lookup_id"), so that a near miss stops the run with "did you mean" instead of the
 * value being left out without a word. Pure.
 */
import { HRDC_COLUMN_IDS, type HrdcColumnId } from './columns';

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Names longer than this are nobody's near miss (and an edit distance over them costs). */
const LONGEST_NAME = 64;
/** A shorter name is not taken for the start or end of a column's ("id", "name"). */
const SHORTEST_PART = 5;

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
			);
		}
		previous = current;
	}
	return previous[b.length];
}

/**
 * The HRDC column a name most likely meant: one edit or two away ("groups", "Track", "e-mail
 * address"), or the start or end of a column's name ("email" of email_address, "lookup_id" of
 * user_lookup_id). Null when none is close, and for a column's own name.
 */
export function suggestColumn(name: string): HrdcColumnId | null {
	if (name.length > LONGEST_NAME) return null;
	const wanted = normalise(name);
	if (wanted === '') return null;
	let best: HrdcColumnId | null = null;
	let bestDistance = 3;
	for (const id of HRDC_COLUMN_IDS) {
		const column = normalise(id);
		const partOf =
			wanted.length >= SHORTEST_PART && (column.startsWith(wanted) || column.endsWith(wanted));
		const distance = partOf ? 1 : editDistance(wanted, column);
		if (distance < bestDistance) {
			best = id;
			bestDistance = distance;
		}
	}
	return best === name ? null : best;
}

export interface NearMiss {
	itemIndex: number;
	field: string;
	column: HrdcColumnId;
}

/**
 * The first field, in item order, that is not an HRDC column but is close to one the item does
 * not have: what Map Automatically would leave out although it was meant. Each distinct name is
 * judged once (a Map, never the names as an object's keys), so this is linear in the fields.
 */
export function firstNearMiss(records: ReadonlyArray<{ json: object }>): NearMiss | null {
	const judged = new Map<string, HrdcColumnId | null>();
	const isColumn = new Set<string>(HRDC_COLUMN_IDS);
	for (let itemIndex = 0; itemIndex < records.length; itemIndex++) {
		const json = records[itemIndex].json;
		for (const field of Object.keys(json)) {
			if (isColumn.has(field)) continue;
			let column = judged.get(field);
			if (column === undefined) {
				column = suggestColumn(field);
				judged.set(field, column);
			}
			if (column !== null && !Object.prototype.hasOwnProperty.call(json, column))
				return { itemIndex, field, column };
		}
	}
	return null;
}
