/**
 * Writes a snapshot as the CSV HRDC reads: one header row with the exact lower-case column
 * names, RFC 4180 quoting and CRLF line ends, UTF-8 without a byte order mark, straight into one
 * Buffer.
 *
 * Why not csv-stringify, which writes the same bytes (test/support/csvReference.ts keeps it as the
 * reference and the tests compare both on random snapshots): on 100,000 rows it alone takes
 * about as long as the whole node may take (see bench/results.md), and most of that is
 * per-record bookkeeping this fixed seven-column table does not need. RFC 4180 quoting itself is
 * two rules: quote a cell holding a comma, a quote or a line break, and double its quotes.
 */
import { HRDC_COLUMN_IDS } from './columns';
import type { Snapshot, SnapshotUsers } from './buildSnapshot';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** One cell as RFC 4180 writes it. */
export function csvCell(text: string): string {
	if (!NEEDS_QUOTES.test(text)) return text;
	return `"${text.replace(QUOTE, '""')}"`;
}

const HEADER = `${HRDC_COLUMN_IDS.map(csvCell).join(',')}\r\n`;
/** Text is handed to the Buffer in pieces of about this many characters. */
const PIECE = 16_384;

/**
 * A Buffer written from the front, sized from the text it will get. UTF-8 needs up to three
 * bytes per UTF-16 unit, so the estimate can fall short on non-Latin text: then it grows.
 */
class ByteWriter {
	private buffer: Buffer;

	private used = 0;

	constructor(estimatedBytes: number) {
		this.buffer = Buffer.allocUnsafe(Math.max(1024, estimatedBytes));
	}

	get length(): number {
		return this.used;
	}

	writeBytes(bytes: Uint8Array): void {
		if (this.used + bytes.length > this.buffer.length) this.grow(this.used + bytes.length);
		this.buffer.set(bytes, this.used);
		this.used += bytes.length;
	}

	private grow(needed: number): void {
		const grown = Buffer.allocUnsafe(Math.max(needed, Math.ceil(this.buffer.length * 1.5)));
		this.buffer.copy(grown, 0, 0, this.used);
		this.buffer = grown;
	}

	write(text: string): void {
		if (this.used + text.length * 3 > this.buffer.length) {
			const needed = this.used + Buffer.byteLength(text, 'utf8');
			if (needed > this.buffer.length) this.grow(needed);
		}
		this.used += this.buffer.write(text, this.used, 'utf8');
	}

	bytes(): Buffer {
		return this.buffer.subarray(0, this.used);
	}
}

/** Characters of the CSV if no cell needed quotes: what the Buffer is sized from. */
function estimateLength({ count, cells, groups }: SnapshotUsers): number {
	let length = HEADER.length;
	for (let user = 0; user < count; user++) {
		let userLength = 8; // six commas and CRLF
		for (let position = 0; position < cells.length; position++) userLength += cells[position][user].length;
		const userGroups = groups[user];
		if (typeof userGroups === 'string') {
			length += userLength + userGroups.length;
			continue;
		}
		length += userLength * userGroups.length;
		for (let g = 0; g < userGroups.length; g++) length += userGroups[g].length;
	}
	// Room for quotes and the odd accented letter before the writer has to grow.
	return length + (length >>> 5);
}

/** Bytes to write before and after the CSV, in the same buffer (an upload's framing). */
export interface CsvFrame {
	head: Uint8Array;
	tail: Uint8Array;
}

const NO_FRAME: CsvFrame = { head: new Uint8Array(0), tail: new Uint8Array(0) };

/**
 * The snapshot's CSV: one row per (user, group), or one with an empty group, cells in
 * HRDC_COLUMN_IDS order, written between `frame.head` and `frame.tail`. `csv` is the CSV's part
 * of `framed` (the same memory).
 */
export function writeSnapshotCsv(snapshot: Pick<Snapshot, 'users'>, frame: CsvFrame = NO_FRAME): { csv: Buffer; framed: Buffer } {
	const { count, cells, groups } = snapshot.users;
	const [lookupIds, employeeIds, emails, displayNames, track, remove] = cells;
	const writer = new ByteWriter(frame.head.length + estimateLength(snapshot.users) + frame.tail.length);
	writer.writeBytes(frame.head);
	let text = HEADER;
	for (let user = 0; user < count; user++) {
		// The cells before and after the group are the same on all of a user's rows.
		const before = `${csvCell(lookupIds[user])},${csvCell(employeeIds[user])},${csvCell(emails[user])},${csvCell(displayNames[user])},`;
		const after = `,${csvCell(track[user])},${csvCell(remove[user])}\r\n`;
		const userGroups = groups[user];
		// '' (no group) is one row with an empty group cell.
		if (typeof userGroups === 'string') text += before + csvCell(userGroups) + after;
		else for (let g = 0; g < userGroups.length; g++) text += before + csvCell(userGroups[g]) + after;
		if (text.length >= PIECE) {
			writer.write(text);
			text = '';
		}
	}
	writer.write(text);
	const csvEnd = writer.length;
	writer.writeBytes(frame.tail);
	const framed = writer.bytes();
	return { csv: framed.subarray(frame.head.length, csvEnd), framed };
}

/** The snapshot's CSV alone. */
export function snapshotToCsv(snapshot: Pick<Snapshot, 'users'>): Buffer {
	return writeSnapshotCsv(snapshot).csv;
}
