/**
 * Writes a snapshot as the CSV HRDC reads: one header row with the exact lower-case column
 * names, RFC 4180 quoting and CRLF line ends, UTF-8 without a byte order mark, straight into one
 * Buffer.
 *
 * Why not csv-stringify, which writes the same bytes (test/support/csvReference.ts keeps it as the
 * reference and the tests compare both on random snapshots): on 100,000 rows it alone takes
 * longer than the whole node may (bench/results.md), and most of that is
 * per-record bookkeeping this fixed table of columns does not need. RFC 4180 quoting itself is
 * two rules: quote a cell holding a comma, a quote or a line break, and double its quotes.
 */
import { CSV_HEADER_LINE, HRDC_COLUMN_IDS } from './columns';
import { rowCount, rowGroup } from './groups';
import { ROW_SEPARATORS, USER_CELL, type Snapshot, type SnapshotUsers } from './model';

/** The header row as bytes: column names are plain ASCII and need no quotes. */
const HEADER = Buffer.from(CSV_HEADER_LINE, 'latin1');
const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * A Buffer written from the front, sized from the text it will get. Cells are encoded into it
 * one UTF-16 unit at a time: joining them into strings first (and letting Buffer.write encode
 * the strings) left several times the CSV's size in short-lived strings for the garbage
 * collector, and the node's memory grew with them (bench/results.md).
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
		this.reserve(bytes.length);
		this.buffer.set(bytes, this.used);
		this.used += bytes.length;
	}

	/** A comma, CR or LF. */
	writeByte(byte: number): void {
		if (this.used === this.buffer.length) this.reserve(1);
		this.buffer[this.used++] = byte;
	}

	/** Makes room for `bytes` more bytes; the estimate falls short only on quotes and non-ASCII. */
	private reserve(bytes: number): void {
		if (this.used + bytes <= this.buffer.length) return;
		const grown = Buffer.allocUnsafe(
			Math.max(this.used + bytes, Math.ceil(this.buffer.length * 1.5)),
		);
		this.buffer.copy(grown, 0, 0, this.used);
		this.buffer = grown;
	}

	/**
	 * One cell as RFC 4180 writes it, in UTF-8: quoted if it holds a comma, a quote or a line
	 * break, its quotes doubled.
	 */
	writeCell(text: string): void {
		// UTF-8 takes at most 3 bytes per UTF-16 unit (4 per surrogate pair), a doubled quote 2.
		if (this.used + text.length * 3 + 2 > this.buffer.length) this.reserve(cellBytes(text));
		const end = copyPlainAscii(text, this.buffer, this.used);
		this.used = end >= 0 ? end : encodeCell(text, this.buffer, this.used, NEEDS_QUOTES.test(text));
	}

	bytes(): Buffer {
		return this.buffer.subarray(0, this.used);
	}
}

/** Bytes a cell takes written quoted (an upper bound for it written plain). */
function cellBytes(text: string): number {
	let bytes = 2;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		bytes += code < 0x80 ? (code === QUOTE ? 2 : 1) : code < 0x800 ? 2 : 3;
	}
	return bytes;
}

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Nearly every cell is ASCII with nothing to quote: copied byte for byte by the tightest loop
 * there is. Gives where the cell ends, or -1 at the first character that needs more (then
 * encodeCell() writes the cell over whatever was copied).
 */
function copyPlainAscii(text: string, buffer: Buffer, at: number): number {
	const length = text.length;
	for (let i = 0; i < length; i++) {
		const code = text.charCodeAt(i);
		if (code >= 0x80 || code === QUOTE || code === COMMA || code === CR || code === LF) return -1;
		buffer[at + i] = code;
	}
	return at + length;
}

/**
 * Encodes a cell as UTF-8 at `at`, as Buffer.from(text, 'utf8') does (a lone surrogate becomes
 * U+FFFD); quoted, it is wrapped in quotes and its quotes are doubled. Returns where it ends.
 */
function encodeCell(text: string, buffer: Buffer, at: number, quoted: boolean): number {
	if (quoted) buffer[at++] = QUOTE;
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (code < 0x80) {
			if (code === QUOTE) buffer[at++] = QUOTE;
			buffer[at++] = code;
		} else if (code < 0x800) {
			buffer[at++] = 0xc0 | (code >> 6);
			buffer[at++] = 0x80 | (code & 0x3f);
		} else if (code < 0xd800 || code > 0xdfff) {
			buffer[at++] = 0xe0 | (code >> 12);
			buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
			buffer[at++] = 0x80 | (code & 0x3f);
		} else {
			const next = code <= 0xdbff && i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
			if (next >= 0xdc00 && next <= 0xdfff) {
				code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
				i++;
				buffer[at++] = 0xf0 | (code >> 18);
				buffer[at++] = 0x80 | ((code >> 12) & 0x3f);
				buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
				buffer[at++] = 0x80 | (code & 0x3f);
			} else {
				// A lone surrogate is not text UTF-8 can hold: the replacement character.
				buffer[at++] = 0xef;
				buffer[at++] = 0xbf;
				buffer[at++] = 0xbd;
			}
		}
	}
	if (quoted) buffer[at++] = QUOTE;
	return at;
}

/**
 * The CSV's characters after the header if no cell needed quotes: what the Buffer is sized
 * from. The builder counts them as it goes (UserTable); users made otherwise are counted here.
 */
export function plainCsvChars({ count, cells, groups }: SnapshotUsers): number {
	let length = 0;
	for (let user = 0; user < count; user++) {
		let userLength = ROW_SEPARATORS;
		for (let position = 0; position < cells.length; position++)
			userLength += cells[position][user].length;
		const userGroups = groups[user];
		const rows = rowCount(userGroups);
		length += userLength * rows;
		for (let row = 0; row < rows; row++) length += rowGroup(userGroups, row).length;
	}
	return length;
}

/** Bytes to write before and after the CSV, in the same buffer (an upload's framing). */
interface CsvFrame {
	head: Uint8Array;
	tail: Uint8Array;
}

const NO_FRAME: CsvFrame = { head: new Uint8Array(0), tail: new Uint8Array(0) };

/**
 * The snapshot's CSV: one row per (user, group), or one with an empty group, cells in
 * HRDC_COLUMN_IDS order, written between `frame.head` and `frame.tail`. `csv` is the CSV's part
 * of `framed` (the same memory).
 */
export function writeSnapshotCsv(
	snapshot: Pick<Snapshot, 'users'>,
	frame: CsvFrame = NO_FRAME,
): { csv: Buffer; framed: Buffer } {
	const { count, cells, groups } = snapshot.users;
	// The cells of a row in HRDC_COLUMN_IDS order: a user column's list, or null for the group.
	const rowCells = HRDC_COLUMN_IDS.map((id) =>
		id === 'group' ? null : cells[USER_CELL[id as Exclude<typeof id, 'group'>]],
	);
	const last = rowCells.length - 1;
	const plain = HEADER.length + (snapshot.users.plainCsvChars ?? plainCsvChars(snapshot.users));
	// Room for quotes and the odd accented letter before the writer has to grow.
	const writer = new ByteWriter(frame.head.length + plain + (plain >>> 5) + frame.tail.length);
	writer.writeBytes(frame.head);
	writer.writeBytes(HEADER);
	const writeRow = (user: number, group: string) => {
		for (let position = 0; position <= last; position++) {
			const column = rowCells[position];
			writer.writeCell(column === null ? group : column[user]);
			writer.writeByte(position === last ? CR : COMMA);
		}
		writer.writeByte(LF);
	};
	for (let user = 0; user < count; user++) {
		const userGroups = groups[user];
		for (let row = 0, rows = rowCount(userGroups); row < rows; row++)
			writeRow(user, rowGroup(userGroups, row));
	}
	const csvEnd = writer.length;
	writer.writeBytes(frame.tail);
	const framed = writer.bytes();
	return { csv: framed.subarray(frame.head.length, csvEnd), framed };
}
