/** Reads a multipart/form-data body back into its parts, for the emulator and for tests. */
export interface MultipartPart {
	name: string;
	fileName?: string;
	contentType?: string;
	data: Buffer;
}

export class MultipartSyntaxError extends Error {}

export function boundaryOf(contentType: string | undefined): string | null {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : null;
}

export function readMultipart(body: Buffer, boundary: string): MultipartPart[] {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: MultipartPart[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) throw new MultipartSyntaxError('no boundary in the body');
	for (;;) {
		position += delimiter.length;
		if (body.subarray(position, position + 2).toString() === '--') return parts;
		if (body.subarray(position, position + 2).toString() !== '\r\n') {
			throw new MultipartSyntaxError('boundary not followed by CRLF');
		}
		position += 2;
		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) throw new MultipartSyntaxError('part without header end');
		const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n');
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
		if (next < 0) throw new MultipartSyntaxError('part without closing boundary');
		const part: MultipartPart = { name: '', data: body.subarray(headerEnd + 4, next) };
		for (const header of headers) {
			const [key, ...rest] = header.split(':');
			const value = rest.join(':').trim();
			if (/^content-disposition$/i.test(key.trim())) {
				part.name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
				const fileName = /\bfilename="([^"]*)"/i.exec(value)?.[1];
				if (fileName !== undefined) part.fileName = fileName;
			} else if (/^content-type$/i.test(key.trim())) {
				part.contentType = value;
			}
		}
		parts.push(part);
		position = next + 2;
	}
}
