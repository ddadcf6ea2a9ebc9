/**
 * The reference the node's own CSV writer is held to: csv-stringify, configured for RFC 4180 as
 * HRDC reads it. The tests compare the writer's bytes with this on fixed and random snapshots.
 */
import { stringify } from 'csv-stringify/sync';

import { HRDC_COLUMN_IDS } from '../../nodes/ActivTrakHrdc/snapshot';

export function rowsToCsv(rows: Iterable<string[]>): string {
	return stringify([...rows], {
		columns: HRDC_COLUMN_IDS as string[],
		header: true,
		record_delimiter: '\r\n',
		// csv-stringify quotes commas, quotes and its own record delimiter (CRLF) itself; RFC 4180
		// also quotes a lone CR or LF.
		quoted_match: /[\r\n]/,
	});
}
