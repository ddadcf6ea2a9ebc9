import { buildSnapshot, fingerprintSnapshot, hashUsers, readFingerprint, reportChanges } from '../../nodes/ActivTrakHrdc/snapshot';

describe('fingerprint hashes', () => {
	test('200,000 users get 200,000 different hashes, the same on every run with the same salt', () => {
		const snapshot = buildSnapshot(Array.from({ length: 200_000 }, (_, i) => ({ user_lookup_id: `user${i}@example.com` })));
		const first = hashUsers(snapshot, null);
		expect(new Set(first.keys).size).toBe(200_000);
		expect(first.keys.every((h) => /^[A-Za-z0-9_-]{8}$/.test(h))).toBe(true);
		const fingerprint = fingerprintSnapshot(snapshot, first, new Date(0));
		const again = hashUsers(snapshot, fingerprint);
		expect(again.keys).toEqual(first.keys);
		expect(again.salt).toBe(first.salt);
	});

	test('hashes stay what earlier versions stored, so a saved baseline keeps matching', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'Ana@Example.com', employee_id: 'E1', display_name: 'Ana Ruiz' },
			{ user_lookup_id: 'zoë@x.com', email_address: 'zoe@x.com', display_name: 'Zoë 山田' },
		]);
		const previous = readFingerprint({ version: 1, acceptedAt: '2026-11-01T00:00:00.000Z', salt: 'pinnedSalt', users: [], details: [], doNotTrack: [], deleted: [], groups: {} });
		expect(hashUsers(snapshot, previous)).toEqual({ salt: 'pinnedSalt', keys: ['96qXKHYQ', 'W0FFi8MF'], details: ['GCtTbrsG', 'j0PAon0c'] });
	});

	test('a different salt gives different hashes', () => {
		const snapshot = buildSnapshot([{ user_lookup_id: 'a@x.com' }]);
		expect(hashUsers(snapshot, null).keys[0]).not.toBe(hashUsers(snapshot, null).keys[0]);
	});

	test('a stored fingerprint of another format counts as none', () => {
		expect(readFingerprint({ version: 2 })).toBeNull();
		expect(readFingerprint('x')).toBeNull();
		const snapshot = buildSnapshot([{ user_lookup_id: 'a@x.com', group: 'G' }]);
		const fingerprint = fingerprintSnapshot(snapshot, hashUsers(snapshot, null), new Date(0));
		expect(readFingerprint(JSON.parse(JSON.stringify(fingerprint)))).toEqual(fingerprint);
		expect(reportChanges(snapshot, fingerprint)).toMatchObject({ firstUpload: false, users: { before: 1, after: 1, added: 0, removed: 0 } });
	});
});
