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
