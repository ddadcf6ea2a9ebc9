/**
 * Reading every record of one of ActivTrak's SCIM lists (users or groups), page by page, as
 * defensively as its documentation asks: the portal writes the list key `resources` where RFC
 * 7644 writes `Resources`, and describes `startIndex` as a page number where the RFC says a
 * 1-based index. Pure: the page fetch is handed in (transport/ does the HTTP, GET only).
 */

/** Records asked for per page. */
export const SCIM_PAGE_SIZE = 100;

/** The most pages one list is read in: 100,000 records. Past it the reading stops, said. */
export const MAX_SCIM_PAGES = 1000;

/** One ListResponse as read: its records, and the total it gives (null when not a number). */
interface ScimPage {
	resources: unknown[];
	totalResults: number | null;
}

/** Why a list could not be read whole: the run must not go on with part of the account. */
export class ScimListError extends Error {}

/** A ListResponse read; anything else is a ScimListError naming what it was. */
export function readScimPage(body: unknown): ScimPage {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new ScimListError('a SCIM list answer was not a JSON object');
	const list = Object.hasOwn(body, 'Resources')
		? (body as { Resources: unknown }).Resources
		: Object.hasOwn(body, 'resources')
			? (body as { resources: unknown }).resources
			: [];
	if (!Array.isArray(list)) throw new ScimListError('a SCIM list answer had no list of records');
	const total = Object.hasOwn(body, 'totalResults')
		? (body as { totalResults: unknown }).totalResults
		: null;
	return {
		resources: list,
		totalResults: typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : null,
	};
}

/** A record's SCIM id, as text; a record without one cannot be told from another. */
function idOf(record: unknown): string {
	const id =
		typeof record === 'object' && record !== null && Object.hasOwn(record, 'id')
			? (record as { id: unknown }).id
			: undefined;
	if (typeof id === 'string' && id !== '') return id;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	throw new ScimListError('a SCIM record had no id');
}

/**
 * Every record of a list, each once (by id, in first-seen order). The second page is asked for
 * with startIndex 2, which tells the two readings apart: an index gives the first page shifted
 * by one record, a page number gives the next page. It stops at `totalResults`, or on a page
 * that brings no record not seen before (empty, or a repeat). A short page is not taken as the
 * last, since a server may give fewer than asked. Refuses, rather than give part of the
 * account: a list that ends short of the `totalResults` it gave, or that goes on past `maxPages`.
 */
export async function readAllScimPages(
	fetchPage: (startIndex: number, count: number) => Promise<unknown>,
	maxPages = MAX_SCIM_PAGES,
): Promise<unknown[]> {
	const records = new Map<string, unknown>();
	let total: number | null = null;
	/** Adds the page's records; whether the list is read to its end. */
	const addAndCheckEnd = (page: ScimPage): boolean => {
		if (page.totalResults !== null) total = page.totalResults;
		let added = 0;
		for (const record of page.resources) {
			const id = idOf(record);
			if (records.has(id)) continue;
			records.set(id, record);
			added++;
		}
		if (total !== null && records.size >= total) return true;
		if (added > 0) return false;
		if (total !== null) {
			throw new ScimListError(
				`a SCIM list said it holds ${total} records but ended after ${records.size}; it was not read`,
			);
		}
		return true;
	};
	const first = readScimPage(await fetchPage(1, SCIM_PAGE_SIZE));
	if (addAndCheckEnd(first)) return [...records.values()];
	const second = readScimPage(await fetchPage(2, SCIM_PAGE_SIZE));
	// An index reading starts the second page at the first page's second record.
	const byIndex =
		first.resources.length > 1 &&
		second.resources.length > 0 &&
		idOf(second.resources[0]) === idOf(first.resources[1]);
	let page = second;
	let pages = 2;
	let pageNumber = 2;
	while (!addAndCheckEnd(page)) {
		if (pages >= maxPages) {
			throw new ScimListError(
				`a SCIM list went on past ${maxPages} pages of ${SCIM_PAGE_SIZE}; it was not read`,
			);
		}
		pageNumber++;
		page = readScimPage(await fetchPage(byIndex ? records.size + 1 : pageNumber, SCIM_PAGE_SIZE));
		pages++;
	}
	return [...records.values()];
}
