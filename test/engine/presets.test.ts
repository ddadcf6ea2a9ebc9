/**
 * Source presets in the real engine, with items shaped as n8n 2.41.1's own HR nodes give them
 * (read from n8n-nodes-base/dist/nodes: Microsoft/Entra/descriptions/UserDescription.js, the
 * Okta node's UserFunctions.js and __schema__/v1.0.0/user/getAll.json, GSuiteAdmin.node.js and
 * its user schema, BambooHr/v1/actions, Ldap/Ldap.node.js). Each preset's CSV is checked exactly,
 * with every leaver policy, and a source node set up otherwise stops the run, naming the setting.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { PRESETS } from '../../nodes/ActivTrakHrdc/presets';
import { presetFixture, presetsWithFixtures } from '../fixtures/presets';
import { ADP_PAGE } from '../fixtures/presets/adp';
import { BAMBOO_DIRECTORY } from '../fixtures/presets/bambooHr';
import { ENTRA_RAW } from '../fixtures/presets/entraId';
import { GOOGLE_RAW } from '../fixtures/presets/googleWorkspace';
import { OKTA_RAW, oktaUser } from '../fixtures/presets/okta';
import { useEmulator } from '../support/emulatorSetup';
import { hrdcCsv, type CsvRow } from '../support/snapshots';
import { expectStoppedByLimit, refusedFor } from '../support/messages';

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

	test('every preset has a fixture, and every fixture a preset', () => {
		expect(presetsWithFixtures().sort()).toEqual(PRESETS.map(({ value }) => value).sort());
	});

	describe.each(PRESETS.map(({ value }) => value))('%s', (source) => {
		const { items, rows: everyone, parameters, leavers } = presetFixture(source);
		const isLeaver = (row: CsvRow) => leavers.includes(row.user_lookup_id);

		test('leaveOut (the default): leavers are not in the snapshot, and the output counts them', async () => {
			const { csv, json } = await csvOf(source, items, parameters);
			expect(csv).toBe(hrdcCsv(...everyone.filter((row) => !isLeaver(row))));
			expect(leavers.length).toBeGreaterThan(0);
			expect(json.leavers).toMatchObject({ found: leavers.length, lookupIds: leavers });
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
			// One row per person, none with a group, leavers left out (the default).
			const once = new Map<string, CsvRow>();
			for (const row of everyone.filter((row) => !isLeaver(row)))
				if (!once.has(row.user_lookup_id)) once.set(row.user_lookup_id, { ...row, group: '' });
			expect(none).toBe(hrdcCsv(...once.values()));
		});
	});

	describe.each(PRESETS.filter((p) => p.startField !== undefined).map(({ value }) => value))(
		'%s: hires who have not started',
		(source) => {
			const { items, rows: everyone, parameters, leavers, futureHires } = presetFixture(source);
			const staying = everyone.filter((row) => !leavers.includes(row.user_lookup_id));
			test('are left out by default and counted; with the option off they are sent', async () => {
				expect(futureHires.length).toBeGreaterThan(0);
				const left = await csvOf(source, items, parameters);
				expect(left.csv).toBe(hrdcCsv(...staying));
				expect(left.json.futureHires).toEqual({
					found: futureHires.length,
					lookupIds: futureHires.map((row) => row.user_lookup_id),
				});
				expect(left.json.warnings).toContainEqual(
					expect.stringMatching(/left out \('Leave Out Future Hires'\)/),
				);
				const sent = await csvOf(source, items, { ...parameters, leaveOutFutureHires: false });
				expect(sent.csv).toBe(hrdcCsv(...staying, ...futureHires));
				expect(sent.json.futureHires).toEqual({ found: 0, lookupIds: [] });
			});
		},
	);

	test.each(PRESETS.filter(({ value }) => presetFixture(value).splitOut).map(({ value }) => value))(
		'%s: one item per person (after Split Out) reads as the whole answer does',
		async (source) => {
			const { items, splitOut, parameters } = presetFixture(source);
			const whole = await csvOf(source, items, parameters);
			const split = await csvOf(source, splitOut!, parameters);
			expect(split.csv).toBe(whole.csv);
			expect(split.json.leavers).toEqual(whole.json.leavers);
		},
	);

	test.each(PRESETS.map(({ value }) => value))(
		'%s: items of the wrong shape stop the run, naming the setting to change',
		async (source) => {
			const { items, message, fix } = presetFixture(source).wrongShape;
			for (const operation of ['preview', 'upload']) {
				const result = await run(items, { operation, source });
				expect(result.error?.message).toMatch(message);
				expect(result.error?.message).toMatch(refusedFor(/.+/));
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

	test("ADP: the 204 No Content past the last page (HTTP Request's empty item) holds no workers", async () => {
		const pages = await csvOf('adp', ADP_PAGE);
		// A company of exactly 100, 200, ... workers: the last $skip is answered 204, which HTTP
		// Request hands on as an item with no fields, or an empty `data` when read as text.
		for (const empty of [{}, { data: undefined }, { data: '' }, { data: null }]) {
			const withEmptyPage = await csvOf('adp', [...ADP_PAGE, empty]);
			expect(withEmptyPage.csv).toBe(pages.csv);
			expect(withEmptyPage.json.leavers).toEqual(pages.json.leavers);
		}
		// Anything else that is not a worker still stops, naming the call to make.
		for (const notWorkers of [{ data: 'Not authorized' }, { error: '' }, { workers: null }]) {
			const result = await run([...ADP_PAGE, notWorkers], { operation: 'preview', source: 'adp' });
			expect(result.error?.message).toMatch(/ADP's items are not workers/);
		}
		expect(emulator.requests).toHaveLength(0);
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
		expectStoppedByLimit(result.error, /^6 users would be deleted/);
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
					// A login listed twice is one person (a leaver only if every entry is one).
					expect(result.error).toBeUndefined();
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
