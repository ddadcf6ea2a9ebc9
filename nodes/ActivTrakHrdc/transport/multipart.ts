import FormData from 'form-data';

/** The multipart part ActivTrak's API reference names for the CSV (capital F). */
export const HRDC_FILE_PART = 'File';

export interface MultipartBody {
	body: Buffer;
	contentType: string;
}

/**
 * The multipart/form-data body for one snapshot, built once as bytes: a retry re-sends exactly
 * the same bytes, and the body's length is known before it is sent.
 */
export function buildSnapshotMultipart(csv: string | Buffer, fileName: string): MultipartBody {
	const form = new FormData();
	form.append(HRDC_FILE_PART, Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), {
		filename: fileName,
		contentType: 'text/csv',
	});
	return { body: form.getBuffer(), contentType: form.getHeaders()['content-type'] as string };
}
