import { HASH_BYTES, SaltedHasher } from '../../nodes/ActivTrakHrdc/snapshot/saltedHasher';
import {
	fingerprintSnapshot,
	hashUsers,
	readFingerprint,
	reportChanges,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot } from '../support/snapshots';

describe('fingerprint hashes', () => {
	test('200,000 users get 200,000 different hashes, the same on every run with the same salt', () => {
		const snapshot = buildSnapshot(
			Array.from({ length: 200_000 }, (_, i) => ({ user_lookup_id: `user${i}@example.com` })),
		);
		const first = hashUsers(snapshot, null);
		expect(first.keys.length).toBe(200_000 * HASH_BYTES);
		const distinct = new Set<number>();
		for (let i = 0; i < 200_000; i++)
			distinct.add(first.keys.readUIntBE(i * HASH_BYTES, HASH_BYTES));
		expect(distinct.size).toBe(200_000);
		const fingerprint = fingerprintSnapshot(snapshot, first, new Date(0));
		const again = hashUsers(snapshot, fingerprint);
		expect(again.keys.equals(first.keys)).toBe(true);
		expect(again.salt).toBe(first.salt);
	});

	test('hashes stay what earlier versions stored, so a saved baseline keeps matching', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'Ana@Example.com', employee_id: 'E1', display_name: 'Ana Ruiz' },
			{ user_lookup_id: 'zoë@x.com', email_address: 'zoe@x.com', display_name: 'Zoë 山田' },
		]);
		const previous = readFingerprint({
			version: 1,
			acceptedAt: '2026-11-01T00:00:00.000Z',
			salt: 'pinnedSalt',
			users: [],
			details: [],
			doNotTrack: [],
			deleted: [],
			groups: {},
		});
		const hashes = hashUsers(snapshot, previous);
		expect([
			hashes.salt,
			hashes.keys.toString('base64url'),
			hashes.detailsAsBaseline.toString('base64url'),
		]).toEqual(['pinnedSalt', '96qXKHYQW0FFi8MF', 'GCtTbrsGj0PAon0c']);
		// What the next fingerprint stores: details by column name (version 3), pinned too.
		expect(hashes.details.toString('base64url')).toBe('UBh4bqMMKzTmT8Er');
		const sinceVersion3 = hashUsers(snapshot, { salt: 'pinnedSalt', version: 3 });
		expect(sinceVersion3.details.toString('base64url')).toBe('UBh4bqMMKzTmT8Er');
		expect(sinceVersion3.detailsAsBaseline).toBe(sinceVersion3.details);
	});

	test('details are hashed by column name: an empty column changes nothing, a moved value does', () => {
		const hasher = new SaltedHasher('pinnedSalt');
		const hashOf = (names: string[], cells: string[]) => {
			const out = Buffer.alloc(HASH_BYTES);
			hasher.hashNamedCellsInto(
				out,
				0,
				names,
				cells.map((cell) => [cell]),
				0,
			);
			return out.toString('base64url');
		};
		const today = hashOf(['employee_id', 'email_address'], ['E1', 'a@x.com']);
		// A column added later, empty for this user, leaves the stored hash as it was.
		expect(hashOf(['employee_id', 'email_address', 'manager_id'], ['E1', 'a@x.com', ''])).toBe(
			today,
		);
		expect(
			hashOf(['employee_id', 'email_address', 'manager_id'], ['E1', 'a@x.com', 'M9']),
		).not.toBe(today);
		// The same text in another column is another user's details.
		expect(hashOf(['employee_id', 'email_address'], ['', 'E1'])).not.toBe(
			hashOf(['employee_id', 'email_address'], ['E1', '']),
		);
		expect(hashOf(['employee_id', 'email_address'], ['E1a', ''])).not.toBe(
			hashOf(['employee_id', 'email_address'], ['E1', 'a']),
		);
	});

	test('a baseline saved by version 1 (one hash string per user) is still compared with', () => {
		const savedByVersion1 = {
			version: 1,
			acceptedAt: '2026-11-01T00:00:00.000Z',
			salt: 'pinnedSalt',
			users: ['96qXKHYQ', 'W0FFi8MF'],
			details: ['GCtTbrsG', 'j0PAon0c'],
			doNotTrack: [1],
			deleted: [],
			groups: { Sales: [0, 1] },
		};
		const previous = readFingerprint(JSON.parse(JSON.stringify(savedByVersion1)));
		expect(previous).toMatchObject({
			version: 2,
			users: '96qXKHYQW0FFi8MF',
			details: 'GCtTbrsGj0PAon0c',
		});
		const now = buildSnapshot([
			{
				user_lookup_id: 'ana@example.com',
				employee_id: 'E1',
				display_name: 'Ana Ruiz',
				group: 'Sales',
			},
			{
				user_lookup_id: 'zoë@x.com',
				email_address: 'zoe@x.com',
				display_name: 'Zoë Yamada',
				track: false,
			},
			{ user_lookup_id: 'new@x.com', group: 'Sales' },
		]);
		expect(reportChanges(now, previous)).toMatchObject({
			firstUpload: false,
			previousAcceptedAt: '2026-11-01T00:00:00.000Z',
			users: { before: 2, after: 3, added: 1, removed: 0 },
			usersWithChangedDetails: ['zoë@x.com'],
			usersNewlyDoNotTrack: [],
			groupMemberChanges: [{ group: 'Sales', added: 1, removed: 1 }],
		});
	});

	test('a version 2 baseline is compared by position once; the next fingerprint is version 3', () => {
		const items = [
			{ user_lookup_id: 'u1@x.com', display_name: 'One', employee_id: 'E1', group: 'A' },
			{ user_lookup_id: 'u2@x.com', email_address: 'two@x.com', group: 'A' },
			{ user_lookup_id: 'u3@x.com', group: 'B' },
		];
		const before = buildSnapshot(items);
		// As the release before fingerprint 3 stored it: details by column position.
		const byPosition = hashUsers(before, { salt: 'pinnedSalt', version: 2 });
		const stored = {
			...fingerprintSnapshot(before, byPosition, new Date(0)),
			version: 2,
			details: byPosition.detailsAsBaseline.toString('base64url'),
		};
		const previous = readFingerprint(JSON.parse(JSON.stringify(stored)));
		expect(previous).toMatchObject({ version: 2 });

		const now = buildSnapshot(
			items.map((item, i) => (i === 2 ? { ...item, display_name: 'Three' } : item)),
		);
		const hashes = hashUsers(now, previous);
		expect(reportChanges(now, previous, hashes)).toMatchObject({
			usersWithChangedDetails: ['u3@x.com'],
			counts: { changedDetails: 1 },
		});
		const next = fingerprintSnapshot(now, hashes, new Date(1));
		expect(next).toMatchObject({ version: 3, salt: 'pinnedSalt' });
		const migrated = readFingerprint(JSON.parse(JSON.stringify(next)));
		expect(reportChanges(now, migrated)).toMatchObject({
			usersWithChangedDetails: [],
			counts: { changedDetails: 0 },
		});
	});

	test('a different salt gives different hashes', () => {
		const snapshot = buildSnapshot([{ user_lookup_id: 'a@x.com' }]);
		expect(hashUsers(snapshot, null).keys.equals(hashUsers(snapshot, null).keys)).toBe(false);
	});

	test('a stored fingerprint of another format counts as none', () => {
		expect(readFingerprint({ version: 2 })).toBeNull();
		expect(
			readFingerprint({
				version: 4,
				acceptedAt: '2026-11-01T00:00:00.000Z',
				salt: 's',
				users: '',
				details: '',
				doNotTrack: [],
				deleted: [],
				groups: {},
			}),
		).toBeNull();
		expect(
			readFingerprint({
				version: 2,
				acceptedAt: '2026-11-01T00:00:00.000Z',
				salt: 's',
				users: 'not*base64',
				details: '',
				doNotTrack: [],
				deleted: [],
				groups: {},
			}),
		).toBeNull();
		expect(readFingerprint('x')).toBeNull();
		const snapshot = buildSnapshot([{ user_lookup_id: 'a@x.com', group: 'G' }]);
		const fingerprint = fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(0));
		expect(readFingerprint(JSON.parse(JSON.stringify(fingerprint)))).toEqual(fingerprint);
		expect(reportChanges(snapshot, fingerprint)).toMatchObject({
			firstUpload: false,
			users: { before: 1, after: 1, added: 0, removed: 0 },
		});
	});

	test('moves between groups that exist in both uploads count in each group', () => {
		const before = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: ['Sales', 'EMEA'] },
			{ user_lookup_id: 'b@x.com', group: 'Sales' },
			{ user_lookup_id: 'c@x.com', group: 'Support' },
			{ user_lookup_id: 'd@x.com', group: 'EMEA' },
		]);
		const previous = fingerprintSnapshot(before, hashUsers(before, null), new Date(0));
		const after = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: ['Support', 'EMEA'] },
			{ user_lookup_id: 'b@x.com', group: 'Support' },
			{ user_lookup_id: 'c@x.com', group: 'Support' },
			{ user_lookup_id: 'd@x.com', group: 'Sales' },
		]);
		expect(reportChanges(after, previous)).toMatchObject({
			memberships: { before: 5, after: 5, added: 3, removed: 3 },
			groupsCreated: [],
			groupsRemoved: [],
			groupMemberChanges: [
				{ group: 'EMEA', added: 0, removed: 1 },
				{ group: 'Sales', added: 1, removed: 2 },
				{ group: 'Support', added: 2, removed: 0 },
			],
		});
	});

	test('a hand-edited baseline whose members are not user numbers is not read; compared anyway, they match nobody', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: 'Sales' },
			{ user_lookup_id: 'b@x.com', group: 'Sales' },
		]);
		const saved = fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(0));
		const stored = JSON.parse(JSON.stringify(saved));
		for (const junk of [['0'], [1.5], [-1], [99], 'Sales', null, { 0: 1 }]) {
			expect(readFingerprint({ ...stored, groups: { Sales: junk } })).toBeNull();
		}
		expect(readFingerprint(stored)).not.toBeNull();
		const edited = { ...saved, groups: { Sales: ['0', 1.5, -1, 99, 1] as unknown as number[] } };
		expect(reportChanges(snapshot, edited).groupMemberChanges).toEqual([
			{ group: 'Sales', added: 1, removed: 4 },
		]);
	});
});
