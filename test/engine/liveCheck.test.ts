/**
 * 'Check Against ActivTrak': the node reads ActivTrak's users through SCIM (GET only, with the
 * SCIM key) and says which lookup ids match no ActivTrak user; 'Max Users Not Found in ActivTrak
 * (%)' stops an upload keyed on the wrong identifier. Run by the real engine against the
 * emulator's SCIM, and against hostile SCIM servers on loopback.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import { SCIM_AS_RFC } from '../emulator/scim';
import { useEmulator } from '../support/emulatorSetup';
import { expectStoppedByLimit, refusedFor } from '../support/messages';

const known = Array.from({ length: 30 }, (_, i) => `u${i}@x.com`);
const SEED: AccountSeed = { users: known.map((email) => ({ email })) };
/** 30 people, the first `unknown` of them spelled as ActivTrak knows nobody. */
const people = (unknown: number) =>
	known.map((email, i) => ({ user_lookup_id: i < unknown ? `x${i}@x.com` : email, group: 'All' }));
const LIVE = { options: { liveCheck: true } };

describe("'Check Against ActivTrak'", () => {
	const { emulator, credentials, run } = useEmulator('key', SEED, {
		createUnmatchedUsers: false,
		scimKey: 'scim-key',
	});
	const scimRequests = () =>
		emulator.requests
			.filter((r) => r.path.startsWith('/scim/'))
			.map((r) => `${r.method} ${r.path}`);

	test('a preview lists the lookup ids ActivTrak does not know, and what an upload would do', async () => {
		const result = await run(people(4), { operation: 'preview', ...LIVE });
		expect(result.error).toBeUndefined();
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.liveCheck).toEqual({
			accountUsers: 30,
			usersNotFound: 4,
			notFound: ['x0@x.com', 'x1@x.com', 'x2@x.com', 'x3@x.com'],
			accountGroups: 0,
			hrdcSourceType: null,
			groupsOfOtherSources: [],
			groupsToDelete: null,
		});
		expect(json.readyToUpload).toBe(false);
		expect(json.limitsBroken).toEqual([
			expect.objectContaining({ limit: 'Max Users Not Found in ActivTrak (%)' }),
		]);
		expect(json.summaryText).toContain(
			'Checked against ActivTrak (30 users there): 4 of 30 users match no ActivTrak user by email, UPN or employee ID',
		);
		// The ids are in liveCheck, never pasted into the text a person reads.
		expect(json.summaryText).not.toContain('x0@x.com');
		expect(scimRequests()).toEqual(['GET /scim/v1/users', 'GET /scim/v1/groups']);
		expect(emulator.scimWrites).toEqual([]);
		expect(emulator.uploads).toHaveLength(0);
	});

	test('an upload with 4 of 30 people not found is stopped by the limit, before anything is sent', async () => {
		const result = await run(people(4), LIVE);
		expectStoppedByLimit(
			result.error,
			/^4 of 30 users \(13\.3%\) match no ActivTrak user .*"x0@x\.com"/,
		);
		expect(emulator.uploads).toHaveLength(0);
		expect(emulator.scimWrites).toEqual([]);
	});

	test('an upload within the limit goes, and says who was not found', async () => {
		const result = await run(people(2), LIVE);
		expect(result.error).toBeUndefined();
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.status).toBe('uploaded');
		expect((json.liveCheck as IDataObject).notFound).toEqual(['x0@x.com', 'x1@x.com']);
		expect(emulator.uploads).toHaveLength(1);
		expect(scimRequests()).toEqual(['GET /scim/v1/users', 'GET /scim/v1/groups']);
	});

	test('off (the default), SCIM is not asked at all and the limit does not apply', async () => {
		const result = await run(people(4), { operation: 'preview' });
		const [{ json }] = result.output('ActivTrak HRDC');
		expect(json.liveCheck).toBeUndefined();
		expect(json.limitsBroken).toEqual([]);
		expect(scimRequests()).toEqual([]);
	});

	test('without a SCIM key in the credential, the run stops and says where to make one', async () => {
		const withoutKey = { activTrakHrdcApi: { ...credentials.activTrakHrdcApi, scimApiKey: '' } };
		const result = await runWorkflow(hrdcWorkflow(people(0), { operation: 'preview', ...LIVE }), {
			credentials: withoutKey,
			mode: 'trigger',
		});
		expect(result.error?.message).toMatch(refusedFor(/needs the credential's SCIM API Key/));
		expect(result.error?.description).toMatch(/APIs & Integrations > Integrations/);
		expect(scimRequests()).toEqual([]);
	});

	test("the portal's reading (startIndex a page number, `resources`), in pages of 7, reads every user once", async () => {
		emulator.scimServing = { startIndex: 'page', listKey: 'resources', maxPerPage: 7 };
		try {
			const result = await run(people(3), { operation: 'preview', ...LIVE });
			expect(result.error).toBeUndefined();
			expect(result.output('ActivTrak HRDC')[0].json.liveCheck).toMatchObject({
				accountUsers: 30,
				usersNotFound: 3,
			});
			// 30 users in pages of 7: five pages; no groups: one.
			expect(scimRequests()).toEqual([
				...Array(5).fill('GET /scim/v1/users'),
				'GET /scim/v1/groups',
			]);
		} finally {
			emulator.scimServing = SCIM_AS_RFC;
		}
	});

	test('a setting that is not on or off stops the run', async () => {
		const result = await run(people(0), { operation: 'preview', options: { liveCheck: 'yes' } });
		expect(result.error?.message).toMatch(
			refusedFor(/'Options' > 'Check Against ActivTrak' is "yes", not on or off/),
		);
	});
});

/** A SCIM stand-in: answers each request to /scim/v1/users as `answer` says; logs every one. */
function scimServer(answer: (url: URL, count: number, res: ServerResponse) => void) {
	const seen: string[] = [];
	let count = 0;
	const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
		seen.push(`${req.method} ${(req.url ?? '').split('?')[0]} ${String(req.headers['x-api-key'])}`);
		answer(new URL(req.url ?? '/', 'http://x'), ++count, res);
	});
	const listening = new Promise<string>((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
		),
	);
	return { seen, listening, close: () => new Promise<void>((done) => server.close(() => done())) };
}

const page = (records: unknown[], extra: IDataObject = {}) =>
	JSON.stringify({ ...extra, Resources: records });

describe('hostile SCIM servers', () => {
	const preview = async (baseUrl: string) =>
		await runWorkflow(hrdcWorkflow(people(0), { operation: 'preview', ...LIVE }), {
			credentials: {
				activTrakHrdcApi: { region: 'custom', baseUrl, apiKey: 'hrdc-key', scimApiKey: 'scim-key' },
			},
			mode: 'trigger',
		});
	let stand: ReturnType<typeof scimServer> | null = null;
	afterEach(async () => {
		// Only GETs, and each with the SCIM key: never the HRDC key, never a write.
		expect(
			stand!.seen.every((line) => /^GET \/scim\/v1\/(users|groups) scim-key$/.test(line)),
		).toBe(true);
		await stand!.close();
	});

	test('a refused SCIM key (401) is named, and nothing is retried', async () => {
		stand = scimServer((_url, _n, res) => res.writeHead(401).end('{"detail":"no"}'));
		const result = await preview(await stand.listening);
		expect(result.error?.message).toMatch(refusedFor(/ActivTrak refused the SCIM API key \(401\)/));
		expect(result.error?.description).toMatch(/SCIM API Key/);
		expect(stand.seen).toHaveLength(1);
	});

	test('a rate limit (429) is waited out as Retry-After says, then read', async () => {
		stand = scimServer((_url, n, res) => {
			if (n === 1) {
				res.writeHead(429, { 'retry-after': '0' }).end();
				return;
			}
			res.writeHead(200, { 'content-type': 'application/scim+json' });
			res.end(
				page(
					known.map((userName, i) => ({ id: String(i), userName })),
					{ totalResults: 30 },
				),
			);
		});
		const result = await preview(await stand.listening);
		expect(result.error).toBeUndefined();
		expect((result.output('ActivTrak HRDC')[0].json.liveCheck as IDataObject).usersNotFound).toBe(
			0,
		);
		// The users twice (the 429, then the page), then the groups once.
		expect(stand.seen).toEqual([
			'GET /scim/v1/users scim-key',
			'GET /scim/v1/users scim-key',
			'GET /scim/v1/groups scim-key',
		]);
	});

	test('a 50 MB page is cut at the cap and refused', async () => {
		stand = scimServer((_url, _n, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			const chunk = Buffer.alloc(1024 * 1024, 'x');
			let sent = 0;
			const more = () => {
				while (sent < 50 && res.write(chunk)) sent++;
				if (sent >= 50) res.end();
				else res.once('drain', more);
			};
			res.on('error', () => undefined);
			more();
		});
		const result = await preview(await stand.listening);
		expect(result.error?.message).toMatch(
			refusedFor(/A page of ActivTrak's SCIM users was over 8 MiB and was not read/),
		);
	});

	test('a list that never ends is refused at the page cap, not read for ever', async () => {
		let next = 0;
		stand = scimServer((_url, _n, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(page(Array.from({ length: 100 }, () => ({ id: `n${next++}` }))));
		});
		const result = await preview(await stand.listening);
		expect(result.error?.message).toMatch(/went on past 1000 pages of 100; it was not read/);
		expect(stand.seen).toHaveLength(1000);
	}, 120_000);

	test('a server that repeats its first page for ever: refused as short of its total, not looped', async () => {
		stand = scimServer((_url, _n, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(page([{ id: 'a', userName: 'u0@x.com' }], { totalResults: 300 }));
		});
		const result = await preview(await stand.listening);
		expect(result.error?.message).toMatch(/SCIM users could not be read whole/);
		expect(result.error?.message).toMatch(/300/);
		expect(stand.seen).toHaveLength(2);
	});

	test('an answer of the wrong shape is refused, saying so', async () => {
		stand = scimServer((_url, _n, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ Resources: [{ userName: 'a@x.com' }] }));
		});
		const result = await preview(await stand.listening);
		expect(result.error?.message).toMatch(
			/SCIM users could not be read whole: a SCIM record had no id/,
		);
	});
});
