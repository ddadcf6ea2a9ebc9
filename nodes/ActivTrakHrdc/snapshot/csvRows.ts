/**
 * A CSV file's rows, parsed in slices: between slices `pause` lets the event loop run, so a
 * large file (56 MB took 17.5 s in one stretch) never holds up every other workflow, webhook and
 * the editor of that n8n. Pure: the pause is handed in (steps/ passes n8n's sleep).
 */
import { Parser } from 'csv-parse';

/** Bytes parsed between two pauses: a few tens of milliseconds of work. */
const SLICE_BYTES = 1 << 18;

/** What a CSV parser error means, in words; its own message quotes cell contents. */
const PARSE_ERRORS: Readonly<Record<string, string>> = {
	CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field that is not doubled',
	CSV_QUOTE_NOT_CLOSED: 'a quote that is never closed',
	CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after a closing quote',
	INVALID_OPENING_QUOTE: 'a quote in the middle of a field',
	CSV_MAX_RECORD_SIZE: 'a field far too long',
};

export type CsvRows =
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
function described(error: unknown): { ok: false; what: string; where: string } {
	const { code, records, column } = error as { code?: string; records?: number; column?: number };
	const what = (code && PARSE_ERRORS[code]) ?? code ?? 'a syntax error';
	const where =
		typeof records === 'number'
			? ` in row ${records + 1}${typeof column === 'number' ? `, field ${column + 1}` : ''}`
			: '';
	return { ok: false, what, where };
}

export async function parseCsvRows(text: string, pause: Pause): Promise<CsvRows> {
	const rows: string[][] = [];
	const rowNumbers: number[] = [];
	let emptyRowsSkipped = 0;
	let failure: unknown = null;
	const parser = new Parser({
		bom: true,
		skip_empty_lines: true,
		relax_column_count: true,
		// Rows of only separators are skipped and counted; every other row's number is kept.
		on_record: (record: string[], context) => {
			if (record.every((cell) => cell.trim() === '')) {
				emptyRowsSkipped++;
				return null;
			}
			rowNumbers.push(context.records + context.empty_lines);
			return record;
		},
	});
	parser.on('data', (row: string[]) => rows.push(row));
	parser.on('error', (error) => (failure ??= error));
	const ended = new Promise<void>((resolve) => {
		parser.on('end', resolve);
		parser.on('error', () => resolve());
	});
	// Bytes, not text, are cut into slices: the parser joins a character split between two.
	const bytes = Buffer.from(text, 'utf8');
	for (let start = 0; start < bytes.length && failure === null; start += SLICE_BYTES) {
		parser.write(bytes.subarray(start, start + SLICE_BYTES));
		await pause();
	}
	if (failure === null) parser.end();
	await ended;
	return failure === null ? { ok: true, rows, rowNumbers, emptyRowsSkipped } : described(failure);
}
