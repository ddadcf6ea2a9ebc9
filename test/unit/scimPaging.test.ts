import fc from 'fast-check';

import {
	SCIM_PAGE_SIZE,
	ScimListError,
	readAllScimPages,
	readScimPage,
} from '../../nodes/ActivTrakHrdc/transport/scimPaging';

interface Server {
	/** How `startIndex` is read: RFC 7644's 1-based index, or the portal's page number. */
	reading: 'index' | 'page';
	/** The list key: the portal's or RFC 7644's. */
	key: 'resources' | 'Resources';
	/** The most records it gives per page, whatever is asked. */
	cap: number;
	withTotal: boolean;
}

/** A SCIM list of `count` records, served as `server` says; every request it got is kept. */
function scimList(count: number, server: Server) {
	const records = Array.from({ length: count }, (_, i) => ({
		id: `u${i}`,
		userName: `u${i}@x.com`,
	}));
	const asked: number[] = [];
	const fetchPage = async (startIndex: number, wanted: number) => {
		asked.push(startIndex);
		const size = Math.min(wanted, server.cap);
		const from = server.reading === 'index' ? startIndex - 1 : (startIndex - 1) * size;
		const page = records.slice(from, from + size);
		return {
			schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
			...(server.withTotal ? { totalResults: count } : {}),
			itemsPerPage: page.length,
			startIndex,
			[server.key]: page,
		};
	};
	return { records, asked, fetchPage };
}

describe('reading a SCIM list', () => {
	test.each<[string, Server]>([
		[
			'RFC 7644: an index, Resources',
			{ reading: 'index', key: 'Resources', cap: 100, withTotal: true },
		],
		[
			'the portal: a page number, resources',
			{ reading: 'page', key: 'resources', cap: 100, withTotal: true },
		],
		[
			'an index, no totalResults',
			{ reading: 'index', key: 'Resources', cap: 100, withTotal: false },
		],
		[
			'a page number, no totalResults',
			{ reading: 'page', key: 'resources', cap: 100, withTotal: false },
		],
		[
			'a server that gives 30 per page',
			{ reading: 'index', key: 'resources', cap: 30, withTotal: false },
		],
	])('%s: every record once, in order', async (_name, server) => {
		const list = scimList(250, server);
		expect(await readAllScimPages(list.fetchPage)).toEqual(list.records);
	});

	test('asks for 100 per page, and reads a short list in one request', async () => {
		const list = scimList(7, { reading: 'index', key: 'Resources', cap: 100, withTotal: true });
		expect(await readAllScimPages(list.fetchPage)).toHaveLength(7);
		expect(list.asked).toEqual([1]);
		expect(SCIM_PAGE_SIZE).toBe(100);
	});

	test('an empty account is an empty list', async () => {
		const list = scimList(0, { reading: 'page', key: 'resources', cap: 100, withTotal: false });
		expect(await readAllScimPages(list.fetchPage)).toEqual([]);
	});

	test('stops on a page that repeats the last one', async () => {
		let asked = 0;
		const same = { Resources: Array.from({ length: 100 }, (_, i) => ({ id: `u${i}` })) };
		const records = await readAllScimPages(async () => {
			asked++;
			return same;
		});
		expect(records).toHaveLength(100);
		expect(asked).toBe(2);
	});

	test('refuses a list that ends short of the total it gave', async () => {
		const same = {
			totalResults: 500,
			Resources: Array.from({ length: 100 }, (_, i) => ({ id: `u${i}` })),
		};
		await expect(readAllScimPages(async () => same)).rejects.toThrow(
			/said it holds 500 records but ended after 100; it was not read/,
		);
	});

	test('refuses a list that never ends, at the page cap', async () => {
		let next = 0;
		const endless = async () => ({
			Resources: Array.from({ length: 100 }, () => ({ id: `u${next++}` })),
		});
		await expect(readAllScimPages(endless, 5)).rejects.toThrow(
			/went on past 5 pages of 100; it was not read/,
		);
		expect(next).toBe(500);
	});

	test.each<[string, unknown, RegExp]>([
		['text', 'Pong', /not a JSON object/],
		['a list', [], /not a JSON object/],
		['records that are not a list', { Resources: { id: 'u1' } }, /no list of records/],
		['a record without an id', { Resources: [{ userName: 'a@x.com' }] }, /had no id/],
		['an id that is an object', { Resources: [{ id: { __proto__: 1 } }] }, /had no id/],
	])('refuses an answer that is %s', async (_name, body, message) => {
		const error = await readAllScimPages(async () => body).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(ScimListError);
		expect((error as Error).message).toMatch(message);
	});

	test('takes no totalResults that is not a finite number of 0 or more', () => {
		for (const totalResults of [-1, NaN, '5', null, Infinity])
			expect(readScimPage({ totalResults, Resources: [] }).totalResults).toBeNull();
		expect(readScimPage({ totalResults: 3, resources: [] }).totalResults).toBe(3);
	});

	test('any size, cap, reading and key: every record once, in order', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 0, max: 450 }),
				fc.record({
					reading: fc.constantFrom('index' as const, 'page' as const),
					key: fc.constantFrom('resources' as const, 'Resources' as const),
					cap: fc.integer({ min: 1, max: 100 }),
					withTotal: fc.boolean(),
				}),
				async (count, server) => {
					const list = scimList(count, server);
					expect(await readAllScimPages(list.fetchPage)).toEqual(list.records);
				},
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 100) },
		);
	});
});
