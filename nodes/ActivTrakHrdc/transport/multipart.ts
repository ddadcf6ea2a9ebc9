import { randomBytes } from 'node:crypto';
import FormData from 'form-data';

/** The multipart part ActivTrak's API reference names for the CSV (capital F). */
export const HRDC_FILE_PART = 'File';

/** The bytes of a multipart body around its one file's content. */
export interface MultipartFrame {
	contentType: string;
	head: Buffer;
	tail: Buffer;
}

/**
 * The multipart/form-data framing of the snapshot file, as form-data writes it: the part's
 * headers before the content, the closing boundary after it. The CSV writer writes the CSV
 * between the two in one buffer, so the upload body is the CSV's own memory (no second copy of
 * 100,000s of rows) and every retry sends exactly the same bytes. One boundary per upload.
 */
export function snapshotMultipartFrame(fileName: string): MultipartFrame {
	const form = new FormData();
	form.setBoundary(`--------------------------hrdc${randomBytes(12).toString('hex')}`);
	form.append(HRDC_FILE_PART, Buffer.alloc(0), { filename: fileName, contentType: 'text/csv', knownLength: 0 });
	const empty = form.getBuffer();
	// The part's headers end with the first blank line; the content would start right after.
	const contentStart = empty.indexOf('\r\n\r\n') + 4;
	return {
		contentType: form.getHeaders()['content-type'] as string,
		head: empty.subarray(0, contentStart),
		tail: empty.subarray(contentStart),
	};
}
