/**
 * What ActivTrak's live state settles in the ledger (ledger/liveState.ts) and what Verify Last
 * Upload compares (snapshot/accountVerify.ts), on made-up accounts: the source type learned only
 * when the groups agree, an upload in doubt taken only when the account shows it alone, a doubt
 * cleared only once HRDC has had time to apply it, and hostile names kept as data.
 */
import {
	DOUBT_SETTLES_AFTER_MS,
	settleWithAccount,
} from '../../nodes/ActivTrakHrdc/ledger/liveState';
import {
	emptyEntry,
	withAccepted,
	withUploadInDoubt,
} from '../../nodes/ActivTrakHrdc/ledger/entry';
import {
	checkAgainstAccount,
	fingerprintSnapshot,
	hashUsers,
	learnHrdcSourceType,
	readAccount,
	verifyAgainstAccount,
	type ActivTrakAccount,
	type SnapshotFingerprint,
} from '../../nodes/ActivTrakHrdc/snapshot';
import { buildSnapshot } from '../support/snapshots';

type Rows = Array<{ user_lookup_id: string; group?: string; track?: string; delete_user?: string }>;

/** A fingerprint of `rows`, salted as `previous` was (so a doubt matches its baseline's users). */
function fingerprintOf(rows: Rows, previous: SnapshotFingerprint | null = null) {
	const snapshot = buildSnapshot(rows);
	return fingerprintSnapshot(snapshot, hashUsers(snapshot, previous), new Date(0));
}

/** An account whose users are `emails` (id = e-mail) and whose groups are as given. */
function account(
	emails: string[],
	groups: Array<{ name: string; sourceType?: number | null; members: string[] }>,
	tracking: Record<string, boolean> = {},
): ActivTrakAccount {
	return {
		users: emails.map((email) => ({
			id: email,
			userName: email,
			email,
			employeeNumber: '',
			keys: [email.toLowerCase()],
			tracking: Object.prototype.hasOwnProperty.call(tracking, email) ? tracking[email] : true,
		})),
		groups: groups.map((group, i) => ({
			id: `g${i}`,
			name: group.name,
			sourceType: group.sourceType === undefined ? 7 : group.sourceType,
			memberIds: group.members,
		})),
	};
}

const A: Rows = [
	{ user_lookup_id: 'a@x.com', group: 'Sales' },
	{ user_lookup_id: 'b@x.com', group: 'Eng' },
];
const B: Rows = [
	{ user_lookup_id: 'a@x.com', group: 'Eng' },
	{ user_lookup_id: 'b@x.com', group: 'Eng' },
];
const showsA = account(
	['a@x.com', 'b@x.com'],
	[
		{ name: 'Sales', members: ['a@x.com'] },
		{ name: 'Eng', members: ['b@x.com'] },
	],
);
const showsB = account(['a@x.com', 'b@x.com'], [{ name: 'Eng', members: ['a@x.com', 'b@x.com'] }]);

function ledgerWithDoubt(sentAt: number) {
	const accepted = fingerprintOf(A);
	const doubt = {
		id: 'd1',
		sentAt: new Date(sentAt).toISOString(),
		fingerprint: fingerprintOf(B, accepted),
	};
	return withUploadInDoubt(withAccepted(emptyEntry('e'), accepted), doubt);
}

describe('learning which groups HRDC made', () => {
	test('learned when the groups sent agree on one source type', () => {
		expect(learnHrdcSourceType(showsA, ['Sales', 'Eng'])).toBe(7);
	});
	test('not learned when they disagree, or when fewer than half are found alone', () => {
		const mixed = account(
			[],
			[
				{ name: 'Sales', sourceType: 7, members: [] },
				{ name: 'Eng', sourceType: 1, members: [] },
			],
		);
		expect(learnHrdcSourceType(mixed, ['Sales', 'Eng'])).toBeNull();
		const twice = account(
			[],
			[
				{ name: 'Sales', sourceType: 1, members: [] },
				{ name: 'Sales', sourceType: 7, members: [] },
				{ name: 'Eng', sourceType: 7, members: [] },
			],
		);
		expect(learnHrdcSourceType(twice, ['Sales', 'Eng', 'Ops'])).toBeNull();
		expect(learnHrdcSourceType(twice, ['Sales', 'Eng'])).toBe(7);
		expect(
			learnHrdcSourceType(account([], [{ name: 'Eng', sourceType: null, members: [] }]), ['Eng']),
		).toBeNull();
	});
});

describe('uploads in doubt, settled by the account', () => {
	const readAt = Date.parse('2026-12-04T12:00:00Z');

	test('the account shows the upload in doubt: it is accepted, its doubt gone', () => {
		const entry = ledgerWithDoubt(readAt - 60_000);
		const settled = settleWithAccount(entry, showsB, readAt);
		expect(settled.doubts).toEqual({ shows: 'upload in doubt', stillInDoubt: 0 });
		expect(settled.entry.accepted).toEqual({
			...entry.inDoubt[0].fingerprint,
			acceptedAt: entry.inDoubt[0].sentAt,
		});
		expect(settled.entry.generation).toBe(entry.generation + 1);
	});

	test('the account shows the accepted one: a doubt clears only once it had time to be applied', () => {
		const recent = settleWithAccount(
			ledgerWithDoubt(readAt - DOUBT_SETTLES_AFTER_MS + 1000),
			showsA,
			readAt,
		);
		expect(recent.doubts).toEqual({ shows: 'accepted upload', stillInDoubt: 1 });
		const oldEntry = ledgerWithDoubt(readAt - DOUBT_SETTLES_AFTER_MS - 1000);
		const old = settleWithAccount(oldEntry, showsA, readAt);
		expect(old.doubts).toEqual({ shows: 'accepted upload', stillInDoubt: 0 });
		expect(old.entry.accepted).toBe(oldEntry.accepted);
		expect(old.entry.generation).toBe(oldEntry.generation);
	});

	test('an upload sent after the account was read cannot be what it shows', () => {
		const settled = settleWithAccount(ledgerWithDoubt(readAt + 1000), showsB, readAt);
		expect(settled.doubts).toEqual({ shows: 'not clear', stillInDoubt: 1 });
	});

	test('the account shows neither, or both alike: held to both', () => {
		const neither = account(['a@x.com', 'b@x.com'], [{ name: 'Ops', members: ['a@x.com'] }]);
		const entry = ledgerWithDoubt(readAt - DOUBT_SETTLES_AFTER_MS * 10);
		expect(settleWithAccount(entry, neither, readAt).doubts).toEqual({
			shows: 'not clear',
			stillInDoubt: 1,
		});
		// A doubt that sends what the accepted one did: the account cannot tell them apart.
		const accepted = fingerprintOf(A);
		const same = withUploadInDoubt(withAccepted(emptyEntry('e'), accepted), {
			id: 'd2',
			sentAt: new Date(readAt - DOUBT_SETTLES_AFTER_MS * 10).toISOString(),
			fingerprint: fingerprintOf(A, accepted),
		});
		const settled = settleWithAccount(same, showsA, readAt);
		expect(settled.doubts).toEqual({ shows: 'not clear', stillInDoubt: 1 });
		expect(settled.entry.inDoubt).toHaveLength(1);
	});

	test('a sentAt that is not a time never clears a doubt', () => {
		const entry = ledgerWithDoubt(readAt);
		const broken = { ...entry, inDoubt: [{ ...entry.inDoubt[0], sentAt: 'not a time' }] };
		expect(settleWithAccount(broken, showsA, readAt).entry.inDoubt).toHaveLength(1);
	});
});

describe('verifying against the account', () => {
	test('groups named like Object.prototype keys are compared as names', () => {
		const rows: Rows = [
			{ user_lookup_id: 'a@x.com', group: '__proto__' },
			{ user_lookup_id: 'b@x.com', group: 'constructor' },
		];
		const fingerprint = fingerprintOf(rows);
		const live = account(
			['a@x.com', 'b@x.com'],
			[
				{ name: '__proto__', members: ['a@x.com'] },
				{ name: 'constructor', members: [] },
			],
		);
		expect(verifyAgainstAccount(fingerprint, live, 7).differences).toEqual([
			{
				group: 'constructor',
				user: 'b@x.com',
				difference: 'sent as a member, not one in ActivTrak',
			},
		]);
	});

	test('two groups of one name, and the source not known: said, not guessed', () => {
		const live = account(
			['a@x.com', 'b@x.com'],
			[
				{ name: 'Sales', sourceType: 1, members: [] },
				{ name: 'Sales', members: ['a@x.com'] },
				{ name: 'Eng', members: ['b@x.com'] },
			],
		);
		const fingerprint = fingerprintOf(A);
		expect(verifyAgainstAccount(fingerprint, live, null).differences).toEqual([
			{ group: 'Sales', difference: expect.stringMatching(/more than one group of this name/) },
		]);
		expect(verifyAgainstAccount(fingerprint, live, 7).verified).toBe(true);
	});

	test('an HRDC group the upload did not send is a difference once the source is known', () => {
		const live = account(
			['a@x.com', 'b@x.com'],
			[
				...showsA.groups.map((g) => ({ name: g.name, members: g.memberIds })),
				{ name: 'Left over', members: [] },
			],
		);
		expect(verifyAgainstAccount(fingerprintOf(A), live, 7).differences).toEqual([
			{ group: 'Left over', difference: 'an HRDC group in ActivTrak that the upload did not send' },
		]);
		expect(verifyAgainstAccount(fingerprintOf(A), live, null).verified).toBe(true);
	});

	test('a user ActivTrak does not say is untracked fails Do Not Track closed', () => {
		const fingerprint = fingerprintOf([{ user_lookup_id: 'a@x.com', track: 'n' }]);
		const unknown = account(['a@x.com'], []);
		unknown.users[0].tracking = null;
		expect(verifyAgainstAccount(fingerprint, unknown, 7).differences).toEqual([
			{ user: 'a@x.com', difference: expect.stringMatching(/does not say whether it tracks them/) },
		]);
		expect(
			verifyAgainstAccount(fingerprint, account(['a@x.com'], [], { 'a@x.com': false }), 7).verified,
		).toBe(true);
	});
});

describe('the groups an upload would delete', () => {
	test('exact names of HRDC groups missing from the snapshot; unknown source: null', () => {
		const snapshot = buildSnapshot(B);
		expect(checkAgainstAccount(snapshot, showsA, 7, ['Sales', 'Eng']).groupsToDelete).toEqual({
			hrdcGroups: 2,
			count: 1,
			names: ['Sales'],
		});
		expect(checkAgainstAccount(snapshot, showsA, null, ['Sales', 'Eng']).groupsToDelete).toBeNull();
		// "eng" is not "Eng": HRDC may well delete it, so it counts.
		const cased = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: 'eng' },
			{ user_lookup_id: 'b@x.com', group: 'Sales' },
		]);
		expect(checkAgainstAccount(cased, showsA, 7, []).groupsToDelete!.names).toEqual(['Eng']);
	});
	test('other sources: by source type once known; before, a name never sent or held twice', () => {
		const live = account(
			[],
			[
				{ name: 'Sales', sourceType: 1, members: [] },
				{ name: 'Eng', sourceType: 7, members: [] },
			],
		);
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'a@x.com', group: 'SALES' },
			{ user_lookup_id: 'b@x.com', group: 'Eng' },
		]);
		expect(checkAgainstAccount(snapshot, live, 7, []).groupsOfOtherSources).toEqual(['SALES']);
		expect(checkAgainstAccount(snapshot, live, null, ['Eng']).groupsOfOtherSources).toEqual([
			'SALES',
		]);
		expect(
			checkAgainstAccount(snapshot, live, null, ['Eng', 'Sales']).groupsOfOtherSources,
		).toEqual([]);
	});
});

describe('reading the SCIM records', () => {
	test('a user with 100,000 e-mails, repeats among them, keeps each once', () => {
		const emails = Array.from({ length: 100_000 }, (_, i) => ({ value: `a${i % 50_000}@x.com` }));
		const [user] = readAccount([{ id: '1', userName: 'A0@x.com', emails }], []).users;
		expect(user.keys).toHaveLength(50_000);
		expect(new Set(user.keys).size).toBe(50_000);
		expect(user.email).toBe('a0@x.com');
	});
});
