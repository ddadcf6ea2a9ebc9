/**
 * Source presets in the real engine, with items shaped as n8n 2.41.1's own HR nodes give them
 * (read from n8n-nodes-base/dist/nodes: Microsoft/Entra/descriptions/UserDescription.js, the
 * Okta node's UserFunctions.js and __schema__/v1.0.0/user/getAll.json, GSuiteAdmin.node.js and
 * its user schema, BambooHr/v1/actions, Ldap/Ldap.node.js). Each preset's CSV is checked exactly,
 * with every leaver policy, and a source node set up otherwise stops the run, naming the setting.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { useEmulator } from '../support/emulatorSetup';
import { hrdcCsv, type CsvRow } from '../support/snapshots';

/** Graph users as the Entra node gives them with Output: Raw (unset properties are null). */
const ENTRA_RAW = [
	{
		id: '0d1f…a1',
		accountEnabled: true,
		department: 'Sales',
		displayName: 'Ana García',
		employeeId: 'E-1',
		mail: 'ana@x.com',
		userPrincipalName: 'ana@x.onmicrosoft.com',
		userType: 'Member',
		companyName: 'X Ltd',
	},
	{
		id: '0d1f…a2',
		accountEnabled: false,
		department: 'Sales',
		displayName: 'Bo Chen',
		employeeId: null,
		mail: null,
		userPrincipalName: 'bo@x.onmicrosoft.com',
		userType: 'Member',
		companyName: null,
	},
];
/** Output: Simplified (the node's default). */
const ENTRA_SIMPLIFIED = ENTRA_RAW.map(({ id, displayName, userPrincipalName, mail }) => ({
	id,
	createdDateTime: '2026-01-01T00:00:00Z',
	displayName,
	userPrincipalName,
	mail,
	mailNickname: 'x',
	securityIdentifier: 'S-1-12-1',
}));

/** Okta users with Simplify off: Okta's own user object. */
const oktaUser = (login: string, status: string, profile: IDataObject) => ({
	id: `00u${login.length}`,
	status,
	created: '2026-01-01T00:00:00.000Z',
	activated: null,
	statusChanged: '2026-02-01T00:00:00.000Z',
	lastLogin: null,
	lastUpdated: '2026-02-01T00:00:00.000Z',
	passwordChanged: null,
	type: { id: 'oty1' },
	profile: { login, email: login, firstName: 'F', lastName: 'L', ...profile },
	credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
	_links: { self: { href: `https://x.okta.com/api/v1/users/00u${login.length}` } },
});
const OKTA_RAW = [
	oktaUser('cy@x.com', 'ACTIVE', {
		displayName: 'Cy Diaz',
		department: 'Ops',
		employeeNumber: '77',
	}),
	oktaUser('dee@x.com', 'SUSPENDED', { firstName: 'Dee', lastName: 'Ng', department: 'Ops' }),
	oktaUser('ed@x.com', 'DEPROVISIONED', { displayName: 'Ed', department: 'Ops' }),
];
/** Simplify on (the node's default): simplifyOktaUser(). */
const OKTA_SIMPLIFIED = OKTA_RAW.map((user) => ({
	id: user.id,
	status: user.status,
	created: user.created,
	activated: user.activated,
	lastLogin: user.lastLogin,
	lastUpdated: user.lastUpdated,
	passwordChanged: user.passwordChanged,
	profile: {
		firstName: user.profile.firstName,
		lastName: user.profile.lastName,
		login: user.profile.login,
		email: user.profile.email,
	},
}));

/** Directory API users with Output: Raw. */
const GOOGLE_RAW = [
	{
		kind: 'admin#directory#user',
		id: '1',
		primaryEmail: 'fay@x.com',
		name: { givenName: 'Fay', familyName: 'Lo', fullName: 'Fay Lo' },
		isAdmin: false,
		suspended: false,
		archived: false,
		orgUnitPath: '/Engineering',
		organizations: [
			{ department: 'Old', primary: false },
			{ department: 'Platform', primary: true },
		],
		externalIds: [
			{ type: 'custom', value: 'x' },
			{ type: 'organization', value: 'G-9' },
		],
	},
	{
		kind: 'admin#directory#user',
		id: '2',
		primaryEmail: 'gus@x.com',
		name: { givenName: 'Gus', familyName: 'Ra', fullName: 'Gus Ra' },
		suspended: true,
		orgUnitPath: '/',
	},
];
const GOOGLE_SIMPLIFIED = GOOGLE_RAW.map(
	({ kind, id, primaryEmail, name, isAdmin, suspended }) => ({
		kind,
		id,
		primaryEmail,
		name,
		isAdmin,
		lastLoginTime: '2026-01-01T00:00:00Z',
		creationTime: '2025-01-01T00:00:00Z',
		suspended,
	}),
);

/** Employee > Get Many: the directory (current employees, no status). */
const BAMBOO_DIRECTORY = [
	{
		id: '40',
		displayName: 'Hal Iyer',
		firstName: 'Hal',
		lastName: 'Iyer',
		workEmail: 'hal@x.com',
		department: 'Finance',
		division: 'EMEA',
		location: 'Berlin',
	},
];
/** Company Report > Get, Format JSON: one item holding employees[]. */
const BAMBOO_REPORT = [
	{
		title: 'HRDC',
		fields: [{ id: 'status' }, { id: 'workEmail' }],
		employees: [
			{
				id: '40',
				status: 'Active',
				workEmail: 'hal@x.com',
				employeeNumber: 'B-40',
				firstName: 'Hal',
				lastName: 'Iyer',
				department: 'Finance',
			},
			{
				id: '41',
				status: 'Inactive',
				workEmail: 'ivy@x.com',
				firstName: 'Ivy',
				lastName: 'Ko',
				department: 'Finance',
			},
		],
	},
];

/** LDAP Search entries: one value as a string, several as a list; absent as []. */
const LDAP_AD = [
	{
		dn: 'CN=Jo Park,OU=Staff,DC=x,DC=com',
		userPrincipalName: 'jo@x.com',
		sAMAccountName: 'jpark',
		mail: 'jo@x.com',
		displayName: 'Jo Park',
		employeeID: 'A-1',
		department: 'Legal',
		memberOf: ['CN=Legal Team,OU=Groups,DC=x,DC=com', 'CN=All\\, Staff,OU=Groups,DC=x,DC=com'],
		userAccountControl: '512',
	},
	{
		dn: 'CN=Kim Lee,OU=Staff,DC=x,DC=com',
		userPrincipalName: [],
		sAMAccountName: 'klee',
		mail: [],
		cn: 'Kim Lee',
		memberOf: 'CN=Legal Team,OU=Groups,DC=x,DC=com',
		userAccountControl: '514',
	},
];

describe('source presets', () => {
	const { emulator, run } = useEmulator('preset-key');
	const preview = async (source: string, items: unknown[], parameters: IDataObject = {}) => {
		const result = await run(items, { operation: 'preview', source, ...parameters });
		return result;
	};
	const csvOf = async (source: string, items: unknown[], parameters: IDataObject = {}) => {
		const result = await preview(source, items, parameters);
		expect(result.error).toBeUndefined();
		const [item] = result.output('ActivTrak HRDC');
		return { csv: Buffer.from(item.binary!.data.data, 'base64').toString('utf8'), json: item.json };
	};

	const CASES: Array<[string, unknown[], CsvRow[], IDataObject]> = [
		[
			'entraId',
			ENTRA_RAW,
			[
				{
					user_lookup_id: 'ana@x.onmicrosoft.com',
					employee_id: 'E-1',
					email_address: 'ana@x.com',
					display_name: 'Ana García',
					group: 'Sales',
				},
				{ user_lookup_id: 'bo@x.onmicrosoft.com', display_name: 'Bo Chen', group: 'Sales' },
			],
			{},
		],
		[
			'okta',
			OKTA_RAW,
			[
				{
					user_lookup_id: 'cy@x.com',
					employee_id: '77',
					email_address: 'cy@x.com',
					display_name: 'Cy Diaz',
					group: 'Ops',
				},
				{
					user_lookup_id: 'dee@x.com',
					email_address: 'dee@x.com',
					display_name: 'Dee Ng',
					group: 'Ops',
				},
				{ user_lookup_id: 'ed@x.com', email_address: 'ed@x.com', display_name: 'Ed', group: 'Ops' },
			],
			{},
		],
		[
			'googleWorkspace',
			GOOGLE_RAW,
			[
				{
					user_lookup_id: 'fay@x.com',
					employee_id: 'G-9',
					email_address: 'fay@x.com',
					display_name: 'Fay Lo',
					group: 'Platform',
				},
				{ user_lookup_id: 'gus@x.com', email_address: 'gus@x.com', display_name: 'Gus Ra' },
			],
			{},
		],
		[
			'bambooHr',
			BAMBOO_REPORT,
			[
				{
					user_lookup_id: 'hal@x.com',
					employee_id: 'B-40',
					email_address: 'hal@x.com',
					display_name: 'Hal Iyer',
					group: 'Finance',
				},
				{
					user_lookup_id: 'ivy@x.com',
					employee_id: '41',
					email_address: 'ivy@x.com',
					display_name: 'Ivy Ko',
					group: 'Finance',
				},
			],
			{},
		],
		[
			'ldap',
			LDAP_AD,
			[
				{
					user_lookup_id: 'jo@x.com',
					employee_id: 'A-1',
					email_address: 'jo@x.com',
					display_name: 'Jo Park',
					group: 'Legal Team',
				},
				{
					user_lookup_id: 'jo@x.com',
					employee_id: 'A-1',
					email_address: 'jo@x.com',
					display_name: 'Jo Park',
					group: 'All, Staff',
				},
				{ user_lookup_id: 'klee', display_name: 'Kim Lee', group: 'Legal Team' },
			],
			{ groupFrom: 'memberOf' },
		],
	];
	/** Who each case's source says has left (the last of each, Okta's SUSPENDED aside). */
	const LEAVERS: Record<string, string[]> = {
		entraId: ['bo@x.onmicrosoft.com'],
		okta: ['ed@x.com'],
		googleWorkspace: ['gus@x.com'],
		bambooHr: ['ivy@x.com'],
		ldap: ['klee'],
	};

	describe.each(CASES)('%s', (source, items, everyone, parameters) => {
		const isLeaver = (row: CsvRow) => LEAVERS[source].includes(row.user_lookup_id);

		test('leaveOut (the default): leavers are not in the snapshot, and the output counts them', async () => {
			const { csv, json } = await csvOf(source, items, parameters);
			expect(csv).toBe(hrdcCsv(...everyone.filter((row) => !isLeaver(row))));
			expect(json.leavers).toMatchObject({
				found: LEAVERS[source].length,
				lookupIds: LEAVERS[source],
			});
			expect(json.summaryText).toMatch(/leavers? in the HR data: left out of the snapshot/);
			expect(emulator.requests).toHaveLength(0);
		});

		test('doNotTrack and deleteUser mark the leavers', async () => {
			for (const [leavers, mark] of [
				['doNotTrack', { track: 'n' }],
				['deleteUser', { delete_user: 'y' }],
			] as const) {
				const { csv } = await csvOf(source, items, { ...parameters, leavers });
				expect(csv).toBe(
					hrdcCsv(...everyone.map((row) => (isLeaver(row) ? { ...row, ...mark } : row))),
				);
			}
		});

		test('a group name prefix, and no groups', async () => {
			const prefixed = (
				await csvOf(source, items, {
					...parameters,
					// White space before a prefix is dropped, as around any cell; the space after it stays.
					groupPrefix: ' \u00a0HR - ',
					leavers: 'doNotTrack',
				})
			).csv;
			expect(prefixed).toBe(
				hrdcCsv(
					...everyone.map((row) => ({
						...row,
						...(row.group ? { group: `HR - ${row.group}` } : {}),
						...(isLeaver(row) ? { track: 'n' } : {}),
					})),
				),
			);
			const none = (await csvOf(source, items, { groupFrom: 'none' })).csv;
			expect(none).not.toMatch(/Sales|Ops|Platform|Finance|Legal/);
		});
	});

	test.each<[string, unknown[], RegExp, RegExp]>([
		[
			'entraId',
			ENTRA_SIMPLIFIED,
			/Entra node is on Output > Simplified/,
			/set Output to 'Raw', or to 'Selected Fields'/,
		],
		['okta', OKTA_SIMPLIFIED, /the Okta node has Simplify on/, /turn 'Simplify' off/],
		[
			'googleWorkspace',
			GOOGLE_SIMPLIFIED,
			/Google Workspace Admin node is on Output > Simplified/,
			/set Output to 'Raw'/,
		],
		[
			'bambooHr',
			[{ id: '1', displayName: 'X' }],
			/BambooHR items have no workEmail/,
			/Company Report/,
		],
		['ldap', ENTRA_RAW, /not entries of the LDAP node/, /Search/],
	])(
		'%s: items of the wrong shape stop the run, naming the setting to change',
		async (source, items, message, fix) => {
			for (const operation of ['preview', 'upload']) {
				const result = await run(items, { operation, source });
				expect(result.error?.message).toMatch(message);
				expect(result.error?.message).toMatch(/so nothing was sent$/);
				expect(result.error?.description).toMatch(fix);
			}
			expect(emulator.requests).toHaveLength(0);
		},
	);

	test("Okta: 'Suspended Users Are Leavers' makes SUSPENDED a leaver too", async () => {
		const { json } = await csvOf('okta', OKTA_RAW, { suspendedAreLeavers: true });
		expect(json.leavers).toMatchObject({ found: 2, lookupIds: ['dee@x.com', 'ed@x.com'] });
	});

	test("Google: the group from orgUnitPath; BambooHR's directory says it knows no leavers", async () => {
		const google = await csvOf('googleWorkspace', GOOGLE_RAW, {
			groupFrom: 'orgUnitPath',
			leavers: 'doNotTrack',
		});
		expect(google.csv).toContain(',/Engineering,');
		const bamboo = await csvOf('bambooHr', BAMBOO_DIRECTORY, { groupFrom: 'location' });
		expect(bamboo.csv).toBe(
			hrdcCsv({
				user_lookup_id: 'hal@x.com',
				employee_id: '40',
				email_address: 'hal@x.com',
				display_name: 'Hal Iyer',
				group: 'Berlin',
			}),
		);
		expect(bamboo.json.warnings).toContainEqual(expect.stringMatching(/do not say who has left/));
	});

	test('shared display names: a warning by default, made unique with the e-mail when asked', async () => {
		const twins = [
			{ ...ENTRA_RAW[0] },
			{
				...ENTRA_RAW[0],
				userPrincipalName: 'ana2@x.onmicrosoft.com',
				mail: 'ana2@x.com',
				employeeId: 'E-2',
			},
		];
		const warned = await csvOf('entraId', twins);
		expect(warned.json.warnings).toContainEqual(
			expect.stringMatching(/The display name "Ana García" is given to 2 users/),
		);
		const unique = await csvOf('entraId', twins, { uniqueDisplayNames: true });
		expect(unique.csv).toContain('Ana García (ana2@x.com)');
		expect(unique.csv).toContain('Ana García (ana@x.com)');
	});

	test('an upload with Delete User is held to the deletion limit like any other', async () => {
		const many = Array.from({ length: 30 }, (_, i) => ({
			...ENTRA_RAW[0],
			userPrincipalName: `u${i}@x.com`,
			displayName: `U ${i}`,
			accountEnabled: i >= 6,
		}));
		const result = await run(many, { source: 'entraId', leavers: 'deleteUser' });
		expect(result.error?.message).toMatch(
			/^Stopped by a safety limit, nothing was sent: 6 users would be deleted/,
		);
		expect(emulator.requests).toHaveLength(0);
	});

	test('property: under Leave Out no leaver ever has a row', async () => {
		const person = fc.record({
			login: fc.constantFrom('a@x.com', 'b@x.com', 'c@x.com', '__proto__', 'constructor'),
			status: fc.constantFrom('ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'STAGED'),
			department: fc.constantFrom('Ops', 'Sales', '', '__proto__'),
		});
		await fc.assert(
			fc.asyncProperty(
				fc.array(person, { minLength: 1, maxLength: 8 }),
				fc.boolean(),
				async (people, suspended) => {
					const items = people.map((p) =>
						oktaUser(p.login, p.status, { department: p.department }),
					);
					const result = await preview('okta', items, { suspendedAreLeavers: suspended });
					if (result.error) return; // (one login with two statuses: a conflict, named)
					const csv = Buffer.from(
						result.output('ActivTrak HRDC')[0].binary!.data.data,
						'base64',
					).toString('utf8');
					const leaver = (status: string) =>
						status === 'DEPROVISIONED' || (suspended && status === 'SUSPENDED');
					for (const p of people) {
						if (leaver(p.status) && !people.some((q) => q.login === p.login && !leaver(q.status)))
							expect(csv).not.toContain(`\r\n${p.login},`);
					}
				},
			),
			{ numRuns: Number(process.env.FC_RUNS ?? 40), seed: 20261201 },
		);
	});
});
