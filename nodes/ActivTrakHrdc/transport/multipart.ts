import { randomBytes } from 'node:crypto';

/** The multipart part ActivTrak's API reference names for the CSV (capital F). */
export const HRDC_FILE_PART = 'File';

/** The bytes of a multipart body around its one file's content. */
export interface MultipartFrame {
	contentType: string;
	head: Buffer;
	tail: Buffer;
}

/** A fresh boundary: 26 dashes, "hrdc" and 24 random hex digits (form-data's shape, our tag). */
function newBoundary(): string {
	return `--------------------------hrdc${randomBytes(12).toString('hex')}`;
}

/**
 * The multipart/form-data framing of the snapshot file: the part's headers before the content,
 * the closing boundary after it (RFC 7578). The CSV writer writes the CSV between the two in one
 * buffer, so the upload body is the CSV's own memory (no second copy of 100,000s of rows) and
 * every retry sends exactly the same bytes. One boundary per upload.
 *
 * The bytes are those form-data (the library most Node.js clients use, and n8n's own HTTP layer)
 * writes for the same part and boundary; test/unit/multipart.test.ts holds them to it byte for
 * byte. The file name goes into a quoted header parameter as it is, so the caller must have
 * refused quotes, backslashes and control characters in it (see csvFileName()).
 */
export function snapshotMultipartFrame(fileName: string, boundary = newBoundary()): MultipartFrame {
	const head =
		`--${boundary}\r\n` +
		`Content-Disposition: form-data; name="${HRDC_FILE_PART}"; filename="${fileName}"\r\n` +
		'Content-Type: text/csv\r\n' +
		'\r\n';
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		head: Buffer.from(head, 'utf8'),
		tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
	};
}
