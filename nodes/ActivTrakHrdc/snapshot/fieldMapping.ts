/**
 * Reading mapped columns without paying n8n's per-item expression evaluation where it is not
 * needed. A column mapped by hand is usually a plain field reference dragged in from the input
 * panel, `{{ $json.email }}`; n8n would evaluate it once per item (minutes for 100,000 users:
 * bench/results.md). Such a reference is read straight from the item instead,
 * giving the value n8n's evaluation gives; a fixed value is read once; anything else, and any
 * reference that meets a value it cannot step into, is left to n8n. Pure: no n8n imports.
 */

type ColumnSource =
	| { kind: 'fixed'; value: unknown }
	| { kind: 'field'; path: string[] }
	| { kind: 'expression' };

/** Returned by readField when only n8n's own evaluation can say what the value is. */
export const ASK_N8N = Symbol('askN8n');

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
const SEGMENT = `(?:\\.${IDENTIFIER}|\\[\\s*(?:'[^'\\\\\\r\\n]*'|"[^"\\\\\\r\\n]*")\\s*\\])`;
const FIELD_REFERENCE = new RegExp(`^=\\{\\{\\s*\\$json(${SEGMENT}+)\\s*\\}\\}$`);
const SEGMENTS = new RegExp(`\\.(${IDENTIFIER})|\\[\\s*(?:'([^']*)'|"([^"]*)")\\s*\\]`, 'g');

// Keys that mean something other than data in JavaScript; n8n's sandbox treats them specially.
const SPECIAL_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** How one mapped value (as stored in the node's parameters) is to be read. */
export function classifyColumnSource(raw: unknown): ColumnSource {
	if (typeof raw !== 'string' || !raw.startsWith('=')) return { kind: 'fixed', value: raw };
	const match = FIELD_REFERENCE.exec(raw);
	if (!match) return { kind: 'expression' };
	const path: string[] = [];
	for (const segment of match[1].matchAll(SEGMENTS))
		path.push(segment[1] ?? segment[2] ?? segment[3]);
	if (path.some((key) => SPECIAL_KEYS.has(key))) return { kind: 'expression' };
	return { kind: 'field', path };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}

/**
 * Follows `path` into an item's JSON. Steps into plain objects (own keys) and arrays (indexes);
 * like n8n, a missing key, or a step from null or undefined, gives undefined. Anything else (a
 * string's length, an inherited property) is ASK_N8N. The value found must be a primitive or an
 * array of primitives: n8n rewrites some objects (dates) in what it returns, so those are left
 * to it too.
 */
export function readField(json: unknown, path: readonly string[]): unknown {
	let current: unknown = json;
	// Runs for every mapped column of every item: an index loop makes no iterator per call.
	for (let step = 0; step < path.length; step++) {
		const key = path[step];
		if (current === undefined || current === null) return undefined;
		if (isPlainRecord(current)) {
			if (!Object.prototype.hasOwnProperty.call(current, key)) {
				if (key in current) return ASK_N8N;
				current = undefined;
				continue;
			}
			current = current[key];
		} else if (
			Array.isArray(current) &&
			/^(0|[1-9]\d*)$/.test(key) &&
			Number(key) < current.length
		) {
			current = current[Number(key)];
		} else {
			return ASK_N8N;
		}
	}
	if (typeof current === 'object' && current !== null) {
		if (!Array.isArray(current)) return ASK_N8N;
		for (const element of current) {
			if (typeof element === 'object' && element !== null) return ASK_N8N;
		}
	}
	return current;
}
