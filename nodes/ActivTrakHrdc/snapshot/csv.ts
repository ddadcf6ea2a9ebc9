/**
 * Writes snapshot rows as the CSV HRDC reads: one header row with the exact lower-case column
 * names, RFC 4180 quoting and CRLF line ends, UTF-8 without a byte order mark.
 */
import { stringify } from 'csv-stringify/sync';

import { HRDC_COLUMN_IDS } from './columns';

export function snapshotToCsv(rows: Iterable<string[]>): string {
	// csv-stringify's sync API walks its input with for...of, so rows may come from a generator.
	return stringify(rows as string[][], {
		header: true,
		columns: HRDC_COLUMN_IDS as string[],
		record_delimiter: '\r\n',
		// RFC 4180 quotes a field holding a comma, a quote or a line break. csv-stringify quotes
		// commas and quotes itself, but of line breaks only its own record delimiter (CRLF): a
		// lone LF or CR would go out bare and split the row in ActivTrak's parser.
		quoted_match: /[\r\n]/,
	});
}
