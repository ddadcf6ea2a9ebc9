import { randomBytes } from 'node:crypto';
import FormData from 'form-data';

/** The multipart part ActivTrak's API reference names for the CSV (capital F). */
export const HRDC_FILE_PART = 'File';

export interface SnapshotMultipart {
	contentType: string;
	/** Bytes of the whole body. */
	length: number;
	/**
	 * A fresh body for one attempt. Every body streams the same bytes (one boundary per upload),
	 * so a retry re-sends exactly what the first attempt sent, without the CSV ever being copied
	 * into a second buffer.
	 */
	body: () => FormData;
}

export function prepareSnapshotMultipart(csv: Buffer, fileName: string): SnapshotMultipart {
	const boundary = `--------------------------hrdc${randomBytes(12).toString('hex')}`;
	const body = () => {
		const form = new FormData();
		form.setBoundary(boundary);
		form.append(HRDC_FILE_PART, csv, { filename: fileName, contentType: 'text/csv', knownLength: csv.length });
		return form;
	};
	const probe = body();
	return { contentType: probe.getHeaders()['content-type'] as string, length: probe.getLengthSync(), body };
}
