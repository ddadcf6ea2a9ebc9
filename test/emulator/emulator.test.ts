/** The emulator itself, over real HTTP: it must be right for the other tests to mean anything. */
import FormData from 'form-data';

import { HrdcEmulator, type AccountSeed } from './HrdcEmulator';
import { hrdcCsv } from '../support/snapshots';
import { HRDC_COLUMNS } from '../../nodes/ActivTrakHrdc/snapshot/columns';

const SEED: AccountSeed = {
	users: [
		{ email: 'ana@x.com', displayName: 'Ana' },
		{ email: 'bo@x.com', upn: 'bo@corp.x.com', displayName: 'Bo' },
		{ email: 'cy@x.com', employeeId: 'E-3', displayName: 'Cy' },
	],
	groups: [
		{ name: 'Old HRDC', source: 'hrdc', members: ['ana@x.com'] },
		{ name: 'App Made', source: 'app', members: ['ana@x.com', 'bo@x.com'] },
	],
};

describe('HRDC emulator', () => {
	const emulator = new HrdcEmulator({ apiKey: 'key' });
	let url = '';
	beforeAll(async () => (url = await emulator.start()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => emulator.reset(SEED));

	async function upload(csv: string | null, options: { key?: string; part?: string } = {}) {
		const form = new FormData();
		if (csv !== null)
			form.append(options.part ?? 'File', Buffer.from(csv), {
				filename: 's.csv',
				contentType: 'text/csv',
			});
		else form.append('other', 'x');
		const response = await fetch(`${url}/hrdc/v2/bulk`, {
			method: 'POST',
			headers: { ...form.getHeaders(), 'x-api-key': options.key ?? 'key' },
			body: form.getBuffer(),
		});
		return {
			status: response.status,
			body: (await response.json()) as { success: boolean; messages: string[] },
		};
	}

	test('matches users by email, UPN or employee id and applies details', async () => {
		const answer = await upload(
			hrdcCsv(
				{
					user_lookup_id: 'ANA@x.com',
					employee_id: 'E-1',
					display_name: 'Ana García',
					group: 'Sales',
				},
				{
					user_lookup_id: 'bo@corp.x.com',
					employee_id: 'E-2',
					email_address: 'bo.new@x.com',
					display_name: 'Bo',
					group: 'Sales',
					track: 'n',
				},
				{ user_lookup_id: 'e-3', display_name: 'Cy', group: 'EMEA' },
				{ user_lookup_id: 'nobody@x.com', group: 'Sales' },
			),
		);
		expect(answer).toEqual({
			status: 200,
			body: { success: true, messages: ['4 lines read', '1 users not matched'] },
		});
		const state = emulator.state();
		expect(state.users.map((u) => [u.email, u.employeeId, u.displayName, u.tracked])).toEqual([
			['ana@x.com', 'E-1', 'Ana García', true],
			['bo.new@x.com', 'E-2', 'Bo', false],
			['cy@x.com', 'E-3', 'Cy', true],
		]);
		expect(state.groups).toEqual([
			{ name: 'App Made', source: 'app', members: ['ana@x.com', 'bo.new@x.com'] },
			{ name: 'EMEA', source: 'hrdc', members: ['cy@x.com'] },
			{ name: 'Sales', source: 'hrdc', members: ['ana@x.com', 'bo.new@x.com'] },
		]);
		expect(state.doNotTrack).toEqual(['bo.new@x.com']);
	});

	test('groups are a full snapshot: an HRDC group left out is deleted, app groups stay', async () => {
		await upload(hrdcCsv({ user_lookup_id: 'ana@x.com', group: 'Sales' }));
		await upload(hrdcCsv({ user_lookup_id: 'bo@x.com', group: 'EMEA' }));
		expect(
			emulator.state().groups.map((g) => `${g.source}:${g.name}:${g.members.join('+')}`),
		).toEqual(['app:App Made:ana@x.com+bo@x.com', 'hrdc:EMEA:bo@x.com']);
	});

	test('a group is created only with matched users', async () => {
		await upload(
			hrdcCsv(
				{ user_lookup_id: 'ghost@x.com', group: 'Ghosts' },
				{ user_lookup_id: 'ana@x.com', group: 'Real' },
			),
		);
		expect(emulator.state().groups.map((g) => g.name)).toEqual(['App Made', 'Real']);
	});

	test('an upload without a group column deletes every HRDC group (the cautious reading)', async () => {
		await upload('user_lookup_id,employee_id\r\nana@x.com,E-9\r\n');
		expect(emulator.state().groups.map((g) => g.name)).toEqual(['App Made']);
	});

	test('a display name is applied only if no other user has it', async () => {
		const answer = await upload(hrdcCsv({ user_lookup_id: 'ana@x.com', display_name: 'Bo' }));
		expect(answer.body.messages).toContain('Display name "Bo" is already used; not applied');
		expect(emulator.state().users[0].displayName).toBe('Ana');
	});

	test('delete_user y deletes the user and takes them out of every group', async () => {
		await upload(
			hrdcCsv(
				{ user_lookup_id: 'ana@x.com', group: 'Sales', delete_user: 'y' },
				{ user_lookup_id: 'bo@x.com', group: 'Sales' },
			),
		);
		const state = emulator.state();
		expect(state.deleted).toEqual(['ana@x.com']);
		expect(state.groups).toEqual([
			{ name: 'App Made', source: 'app', members: ['bo@x.com'] },
			{ name: 'Sales', source: 'hrdc', members: ['bo@x.com'] },
		]);
	});

	test('401 for a wrong key, with nothing applied', async () => {
		const answer = await upload(hrdcCsv({ user_lookup_id: 'ana@x.com', delete_user: 'y' }), {
			key: 'nope',
		});
		expect(answer).toEqual({
			status: 401,
			body: { success: false, messages: ['Invalid API key'] },
		});
		expect(emulator.state().deleted).toEqual([]);
	});

	test.each<[string, string | null, { part?: string }, RegExp]>([
		['no File part', null, {}, /No file was sent in the File field/],
		['the part named file in lower case', hrdcCsv(), { part: 'file' }, /No file was sent/],
		['no user_lookup_id column', 'email_address\r\nana@x.com\r\n', {}, /no user_lookup_id column/],
		['not CSV', 'user_lookup_id\r\n"unterminated\r\n', {}, /not a valid CSV file/],
		['binary data', '\u0000\u0001\u0002', {}, /not a CSV file/],
		[
			'an unknown column',
			'user_lookup_id,groups\r\nana@x.com,Sales\r\n',
			{},
			/Unknown columns: groups/,
		],
		[
			'a column named like an object member',
			'user_lookup_id,__proto__,constructor\r\nana@x.com,a,b\r\n',
			{},
			/Unknown columns: __proto__, constructor/,
		],
	])('400 for %s', async (_name, csv, options, message) => {
		const answer = await upload(csv, options);
		expect(answer.status).toBe(400);
		expect(answer.body.success).toBe(false);
		expect(answer.body.messages.join(' ')).toMatch(message);
		expect(emulator.state().groups).toHaveLength(2);
	});

	// Every column of the node's list is applied, none accepted and dropped: a value in it
	// leaves the account otherwise than the same upload with the column empty.
	const SAMPLE_BY_KIND = { text: 'X-9', groups: 'New Group', trackFlag: 'n', deleteFlag: 'y' };
	test.each(HRDC_COLUMNS.filter((column) => column.id !== 'user_lookup_id'))(
		'applies the column $id',
		async ({ id, kind }) => {
			const withValue = async (value: string) => {
				emulator.reset(SEED);
				const answer = await upload(`user_lookup_id,${id}\r\ncy@x.com,${value}\r\n`);
				expect(answer.status).toBe(200);
				return emulator.state();
			};
			const empty = await withValue('');
			expect(await withValue(SAMPLE_BY_KIND[kind])).not.toEqual(empty);
		},
	);

	test('logs what arrived and serves its state over HTTP', async () => {
		await upload(hrdcCsv({ user_lookup_id: 'ana@x.com', group: 'Sales' }));
		expect(emulator.uploads[0]).toMatchObject({
			status: 200,
			fileName: 's.csv',
			fileContentType: 'text/csv',
			apiKeyAccepted: true,
		});
		const state = await (await fetch(`${url}/_emulator/state`)).json();
		expect(state).toEqual(emulator.state());
	});
});
