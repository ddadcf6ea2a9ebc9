/**
 * Workflows run by n8n-core's real engine with the built node, uploading over real HTTP to the
 * emulator on loopback; each test asserts what arrived and what it did to the account.
 */

import type { AccountSeed } from '../emulator/HrdcEmulator';
import { hrdcWorkflow, runWorkflow } from '../support/engine';
import { hrdcCsv } from '../support/snapshots';
import { useEmulator } from '../support/emulatorSetup';

const SEED: AccountSeed = {
	users: [
		{ email: 'ana@x.com', displayName: 'ana' },
		{ email: 'bo@x.com', displayName: 'bo' },
		{ email: 'zoe@x.com', displayName: 'zoe' },
	],
	groups: [{ name: 'Legacy', source: 'hrdc', members: ['bo@x.com'] }],
};
const AUTO_MAP = { columns: { mappingMode: 'autoMapInputData', value: null } };

describe('ActivTrak HRDC node in the n8n engine', () => {
	const { emulator, credentials } = useEmulator('test-key-123', SEED);

	test('left at its defaults, items named like the columns give one exact upload', async () => {
		const items = [
			{
				user_lookup_id: 'ana@x.com',
				employee_id: 101,
				display_name: 'García, Ana "AJ"',
				group: ['Sales', 'EMEA'],
			},
			{
				user_lookup_id: 'bo@x.com',
				display_name: 'Bo Ødegård 山田',
				group: 'Sales',
				track: true,
				salary: 5,
			},
			{ user_lookup_id: 'zoe@x.com', group: [], delete_user: 'no' },
		];
		const result = await runWorkflow(hrdcWorkflow(items, {}), { credentials });
		expect(result.error).toBeUndefined();

		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0]).toMatchObject({
			fileName: 'hrdc-snapshot.csv',
			fileContentType: 'text/csv',
			status: 200,
		});
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{
					user_lookup_id: 'ana@x.com',
					employee_id: '101',
					display_name: 'García, Ana "AJ"',
					group: 'Sales',
				},
				{
					user_lookup_id: 'ana@x.com',
					employee_id: '101',
					display_name: 'García, Ana "AJ"',
					group: 'EMEA',
				},
				{ user_lookup_id: 'bo@x.com', display_name: 'Bo Ødegård 山田', group: 'Sales' },
				{ user_lookup_id: 'zoe@x.com' },
			),
		);
		const state = emulator.state();
		expect(state.groups).toEqual([
			{ name: 'EMEA', source: 'hrdc', members: ['ana@x.com'] },
			{ name: 'Sales', source: 'hrdc', members: ['ana@x.com', 'bo@x.com'] },
		]);
		expect(state.doNotTrack).toEqual([]);
		expect(state.users.find((u) => u.email === 'ana@x.com')?.displayName).toBe('García, Ana "AJ"');

		const output = result.output('ActivTrak HRDC');
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({
			operation: 'upload',
			uploaded: true,
			success: true,
			messages: ['4 lines read'],
			statusCode: 200,
			baselineUpdated: true,
			summary: {
				users: 3,
				rows: 4,
				groups: 2,
				usersMarkedDoNotTrack: 0,
				usersMarkedForDeletion: 0,
				duplicateRowsCollapsed: 0,
				csvBytes: Buffer.byteLength(emulator.uploads[0].csv!, 'utf8'),
			},
		});
	});

	test('an upload has n8n decrypt the credential once, for the baseline and the request alike', async () => {
		// Each decryption is a database read in n8n: the second one, made by n8n's
		// httpRequestWithAuthentication, was ~8-10 ms of a 10-user run (issue #22).
		const result = await runWorkflow(
			hrdcWorkflow([{ user_lookup_id: 'ana@x.com', group: 'Ops' }], {}),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].status).toBe(200);
		expect(result.credentialDecryptions).toBe(1);
	});

	test('auto-map given explicitly behaves like the default', async () => {
		await runWorkflow(hrdcWorkflow([{ user_lookup_id: 'ana@x.com', group: 'Ops' }], AUTO_MAP), {
			credentials,
		});
		expect(emulator.uploads[0].csv).toBe(hrdcCsv({ user_lookup_id: 'ana@x.com', group: 'Ops' }));
	});

	test('columns mapped by hand with expressions, several groups per user', async () => {
		const items = [
			{ work: { email: 'ANA@x.com' }, id: 7, teams: ['Sales', 'Leads'], leave: true },
			{ work: { email: 'bo@x.com' }, id: 8, teams: ['Sales'], leave: false },
		];
		const parameters = {
			columns: {
				mappingMode: 'defineBelow',
				value: {
					user_lookup_id: '={{ $json.work.email.toLowerCase() }}',
					employee_id: '={{ $json.id }}',
					group: '={{ $json.teams }}',
					track: "={{ $json.leave ? 'n' : '' }}",
				},
				matchingColumns: [],
				schema: [],
			},
		};
		// One of two users newly on Do Not Track is 50%: above the default limit, so raised here.
		const result = await runWorkflow(
			hrdcWorkflow(items, { ...parameters, safety: { maxNewDoNotTrackPercent: 50 } }),
			{ credentials },
		);
		expect(result.error).toBeUndefined();
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{ user_lookup_id: 'ana@x.com', employee_id: '7', group: 'Sales', track: 'n' },
				{ user_lookup_id: 'ana@x.com', employee_id: '7', group: 'Leads', track: 'n' },
				{ user_lookup_id: 'bo@x.com', employee_id: '8', group: 'Sales' },
			),
		);
		expect(emulator.state().groups.map((g) => `${g.name}:${g.members.join('+')}`)).toEqual([
			'Leads:ana@x.com',
			'Sales:ana@x.com+bo@x.com',
		]);
	});

	test('a delimited group string is split with the Group Delimiter option', async () => {
		await runWorkflow(
			hrdcWorkflow([{ user_lookup_id: 'ana@x.com', group: 'Sales|EMEA' }], {
				...AUTO_MAP,
				options: { groupDelimiter: '|' },
			}),
			{ credentials },
		);
		expect(emulator.uploads[0].csv).toBe(
			hrdcCsv(
				{ user_lookup_id: 'ana@x.com', group: 'Sales' },
				{ user_lookup_id: 'ana@x.com', group: 'EMEA' },
			),
		);
	});

	test('an invalid item stops the run with nothing uploaded, naming the item and the column', async () => {
		const items = [
			{ user_lookup_id: 'ana@x.com', group: 'Sales' },
			{ user_lookup_id: 'bo@x.com', track: 'sometimes' },
			{ display_name: 'Zoe' },
		];
		const result = await runWorkflow(hrdcWorkflow(items, AUTO_MAP), { credentials });
		expect(emulator.requests).toHaveLength(0);
		expect(result.error?.message).toBe(
			'Item 1, column track: "sometimes" is not a track value; use false, "n" or "no" for Do Not Track, or true, "y", "yes" or empty to leave tracking as it is (and 1 more problem)',
		);
		expect(result.error?.description).toContain('Nothing was uploaded');
		expect(result.error?.description).toContain('Item 2, user_lookup_id: is empty');
		expect(emulator.state().groups).toEqual([
			{ name: 'Legacy', source: 'hrdc', members: ['bo@x.com'] },
		]);
	});

	test("a rejected key is a NodeApiError carrying ActivTrak's messages, without the key", async () => {
		const wrong = {
			activTrakHrdcApi: { ...credentials.activTrakHrdcApi, apiKey: 'wrong-key-456' },
		};
		const result = await runWorkflow(hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], AUTO_MAP), {
			credentials: wrong,
		});
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'ActivTrak rejected the API key',
			httpCode: '401',
		});
		expect(result.error?.description).toContain('ActivTrak said: Invalid API key');
		expect(JSON.stringify(result.run)).not.toContain('wrong-key-456');
		expect(emulator.uploads).toHaveLength(1);
	});

	test("ActivTrak's 400 messages surface verbatim", async () => {
		emulator.injectFaults({
			status: 400,
			body: JSON.stringify({ messages: ['Row 3: bad value'], success: false }),
		});
		const result = await runWorkflow(hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], AUTO_MAP), {
			credentials,
		});
		expect(result.error).toMatchObject({
			message: 'ActivTrak refused the snapshot: Row 3: bad value',
			httpCode: '400',
		});
	});

	test('a 200 with success false is a failure, not a success', async () => {
		emulator.injectFaults({
			status: 200,
			body: JSON.stringify({ messages: ['Import disabled'], success: false }),
		});
		const result = await runWorkflow(hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], AUTO_MAP), {
			credentials,
		});
		expect(result.error?.message).toBe('ActivTrak did not accept the snapshot: Import disabled');
	});

	test('an HTML error page is shown trimmed and plain', async () => {
		emulator.injectFaults({
			status: 500,
			body: '<html><body><h1>500 Internal Server Error</h1>\r\n<p>nginx</p></body></html>',
			headers: { 'content-type': 'text/html' },
		});
		const result = await runWorkflow(hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], AUTO_MAP), {
			credentials,
		});
		expect(result.error?.message).toBe('ActivTrak answered 500');
		expect(result.error?.description).toContain('Body: 500 Internal Server Error nginx');
	});

	test('with continue on fail, one error item paired with every input', async () => {
		const items = [
			{ user_lookup_id: 'ana@x.com' },
			{ user_lookup_id: 'bo@x.com', delete_user: 'perhaps' },
		];
		const result = await runWorkflow(hrdcWorkflow(items, AUTO_MAP, { continueOnFail: true }), {
			credentials,
		});
		expect(result.error).toBeUndefined();
		const output = result.output('ActivTrak HRDC');
		expect(output).toHaveLength(1);
		expect(output[0].json.error).toMatch(
			/^Item 1, column delete_user: "perhaps" is not a delete_user value/,
		);
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(emulator.requests).toHaveLength(0);
	});

	test('many items still make exactly one upload', async () => {
		const items = Array.from({ length: 500 }, (_, i) => ({
			user_lookup_id: `u${i}@x.com`,
			group: `G${i % 7}`,
		}));
		const result = await runWorkflow(hrdcWorkflow(items, AUTO_MAP), { credentials });
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].csv!.split('\r\n')).toHaveLength(502);
		expect(result.output('ActivTrak HRDC')[0].json.summary).toMatchObject({
			users: 500,
			rows: 500,
			groups: 7,
		});
	});

	test("'Put Output File in Field' names the binary field that carries the CSV sent", async () => {
		const workflow = hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], {
			...AUTO_MAP,
			options: { outputBinaryField: 'hrdcCsv' },
		});
		const [output] = (await runWorkflow(workflow, { credentials })).output('ActivTrak HRDC');
		expect(Object.keys(output.binary ?? {})).toEqual(['hrdcCsv']);
		expect(Buffer.from(output.binary!.hrdcCsv.data, 'base64').toString('utf8')).toBe(
			emulator.uploads[0].csv,
		);
	});

	test('a file name that is not .csv is refused before anything is sent', async () => {
		const result = await runWorkflow(
			hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], {
				...AUTO_MAP,
				options: { fileName: 'users.xlsx' },
			}),
			{ credentials },
		);
		expect(result.error?.message).toMatch(/must be a plain file name ending in .csv/);
		expect(emulator.requests).toHaveLength(0);
	});

	test.each(['users".csv', 'a\r\nX-Injected: 1.csv', 'dir/users.csv'])(
		'a file name that would break the multipart header (%j) is refused before anything is sent',
		async (fileName) => {
			const result = await runWorkflow(
				hrdcWorkflow([{ user_lookup_id: 'ana@x.com' }], { ...AUTO_MAP, options: { fileName } }),
				{ credentials },
			);
			expect(result.error?.message).toMatch(/must be a plain file name ending in .csv/);
			expect(emulator.requests).toHaveLength(0);
		},
	);
});
