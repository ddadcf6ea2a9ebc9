/**
 * A CSV file's rows, parsed in slices: between slices `pause` lets the event loop run, so a
 * large file (seconds in one stretch: bench/results.md) never holds up every other workflow, webhook and
 * the editor of that n8n. A slice ends at a line break outside quotes (an even number of quotes
 * before it: a doubled quote counts twice), so each is whole rows for csv-parse's synchronous
 * parser (its stream parser needs Node's stream module, which n8n's scanner refuses). A file with
 * an unclosed quote has no such break after it, and its rest is one slice: the parser then names
 * the row. Pure: the pause is handed in (pipeline/ passes n8n's sleep).
 */
import { parse } from 'csv-parse/sync';

/** Characters parsed between two pauses: a few tens of milliseconds of work. */
const SLICE_CHARS = 1 << 18;

/** What a CSV parser error means, in words; its own message quotes cell contents. */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
	CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field that is not doubled',
	CSV_QUOTE_NOT_CLOSED: 'a quote that is never closed',
	CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
	INVALID_OPENING_QUOTE: 'a quote in the middle of a field',
	CSV_MAX_RECORD_SIZE: 'a field far too long',
};

type CsvRows =
	| {
			ok: true;
			rows: string[][];
			/** Each row's number as a spreadsheet shows it (blank lines count there too). */
			rowNumbers: number[];
			emptyRowsSkipped: number;
	  }
	| { ok: false; what: string; where: string };

export type Pause = () => Promise<void>;

/** Where and what a parser error is, in words (row as a spreadsheet numbers it, field). */
function described(
	error: unknown,
	linesBefore: number,
): { ok: false; what: string; where: string } {
	const { code, records, column } = error as { code?: string; records?: number; column?: number };
	const what = (code && PARSE_ERRORS[code]) ?? code ?? 'a syntax error';
	const where =
		typeof records === 'number'
			? ` in row ${linesBefore + records + 1}${typeof column === 'number' ? `, field ${column + 1}` : ''}`
			: '';
	return { ok: false, what, where };
}

/**
 * The end of the slice that starts at `start`: just after the first line break outside quotes
 * at or past start + SLICE_CHARS (or the end of the text), with the line breaks outside quotes
 * in it: the lines the parser counts in the slice.
 */
function sliceEnd(text: string, start: number): { end: number; lines: number } {
	let inQuotes = false;
	let lines = 0;
	const wanted = start + SLICE_CHARS;
	for (let i = start; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === 0x22) inQuotes = !inQuotes;
		else if (code === 0x0a && !inQuotes) {
			lines++;
			if (i + 1 >= wanted) return { end: i + 1, lines };
		}
	}
	return { end: text.length, lines };
}

export async function parseCsvRows(text: string, pause: Pause): Promise<CsvRows> {
	const rows: string[][] = [];
	const rowNumbers: number[] = [];
	let emptyRowsSkipped = 0;
	// Lines (records and empty lines) of the slices before this one.
	let linesBefore = 0;
	for (let start = 0; start < text.length; ) {
		const { end, lines } = sliceEnd(text, start);
		const offset = linesBefore;
		try {
			const sliceRows = parse(text.slice(start, end), {
				bom: start === 0,
				skip_empty_lines: true,
				relax_column_count: true,
				// Rows of only separators are skipped and counted; every other row's number is kept.
				on_record: (record: string[], context) => {
					if (record.every((cell) => cell.trim() === '')) {
						emptyRowsSkipped++;
						return null;
					}
					rowNumbers.push(offset + context.records + context.empty_lines);
					return record;
				},
			}) as string[][];
			for (const row of sliceRows) rows.push(row);
		} catch (error) {
			return described(error, offset);
		}
		linesBefore += lines;
		start = end;
		if (start < text.length) await pause();
	}
	return { ok: true, rows, rowNumbers, emptyRowsSkipped };
}
