import FormData from 'form-data';

import {
	HRDC_FILE_PART,
	snapshotMultipartFrame,
} from '../../nodes/ActivTrakHrdc/transport/multipart';
import { boundaryOf, readMultipart } from '../support/multipartReader';

/** What form-data, the reference, writes for the same file part and boundary. */
function formDataBody(
	boundary: string,
	fileName: string,
	content: Buffer,
): { body: Buffer; contentType: string } {
	const form = new FormData();
	form.setBoundary(boundary);
	form.append(HRDC_FILE_PART, content, {
		filename: fileName,
		contentType: 'text/csv',
		knownLength: content.length,
	});
	return { body: form.getBuffer(), contentType: form.getHeaders()['content-type'] as string };
}

const CONTENTS = [
	Buffer.alloc(0),
	Buffer.from('user_lookup_id\r\nu1@x.com\r\n'),
	Buffer.from('a,"b ""c""",é\r\n日本,😀\r\n', 'utf8'),
	// A body that contains boundary-like text and bare CR/LF is still framed the same way.
	Buffer.from('--------------------------hrdc\r\n\r\n--\n\r'),
];
const FILE_NAMES = [
	'hrdc-snapshot.csv',
	'HR export (nightly).CSV',
	'müller_ärzte.csv',
	'スナップショット.csv',
	"o'brien;x=1.csv",
];

describe('the multipart frame', () => {
	test.each(FILE_NAMES)(
		'is byte for byte what form-data writes, for the file name %s',
		(fileName) => {
			for (const content of CONTENTS) {
				const frame = snapshotMultipartFrame(fileName);
				const boundary = boundaryOf(frame.contentType)!;
				const body = Buffer.concat([frame.head, content, frame.tail]);
				const reference = formDataBody(boundary, fileName, content);
				expect(body.equals(reference.body)).toBe(true);
				expect(frame.contentType).toBe(reference.contentType);
				const parts = readMultipart(body, boundary);
				expect(parts).toHaveLength(1);
				expect(parts[0]).toMatchObject({ name: 'File', fileName, contentType: 'text/csv' });
				expect(parts[0].data.equals(content)).toBe(true);
			}
		},
	);

	test('has a new boundary of form-data shape each time', () => {
		const boundaries = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const boundary = boundaryOf(snapshotMultipartFrame('a.csv').contentType)!;
			expect(boundary).toMatch(/^-{26}hrdc[0-9a-f]{24}$/);
			boundaries.add(boundary);
		}
		expect(boundaries.size).toBe(200);
	});
});
