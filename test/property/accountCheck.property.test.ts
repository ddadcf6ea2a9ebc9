/**
 * The lookup ids ActivTrak does not know: whatever the case and the field ActivTrak keeps an
 * identifier in (userName, an e-mail, a UPN of its extension, the employee number), the list is
 * the plain set difference, computed here the slow, obvious way.
 */
import fc from 'fast-check';

import {
	NOT_FOUND_LISTED,
	checkAgainstAccount,
} from '../../nodes/ActivTrakHrdc/snapshot/accountCheck';
import { readAccount } from '../../nodes/ActivTrakHrdc/snapshot/account';
import { buildSnapshot } from '../support/snapshots';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' as const;
const ACTIVTRAK_USER = 'urn:ietf:params:scim:schemas:extension:activtrak:2.0:User' as const;

const settings = { numRuns: Number(process.env.FC_RUNS ?? 200) };

/** An identifier from a small pool, so that the snapshot and the account meet often. */
const identifier = fc
	.tuple(
		fc.constantFrom('ann', 'bo', 'cy', 'dee', 'E-7', '1042', 'ärne', '__proto__'),
		fc.constantFrom('', '@x.com', '@Y.org'),
	)
	.map(([name, domain]) => `${name}${domain}`);
/** The same identifier as ActivTrak may spell it: in any case. */
const spelled = (id: string) =>
	fc
		.array(fc.boolean(), { minLength: id.length, maxLength: id.length })
		.map((upper) => [...id].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
interface ScimUser {
	id: string;
	userName?: string;
	emails?: Array<{ value: string }>;
	[ACTIVTRAK_USER]?: { userPrincipalNames: string[] };
	[ENTERPRISE]?: { employeeNumber: string };
}
/** Where ActivTrak keeps it. */
const accountUser = fc
	.tuple(identifier.chain(spelled), fc.constantFrom('userName', 'email', 'upn', 'employeeNumber'))
	.map(([id, field]): ScimUser => {
		if (field === 'userName') return { id: 's', userName: id };
		if (field === 'email') return { id: 's', userName: 'other@z.com', emails: [{ value: id }] };
		if (field === 'upn') return { id: 's', [ACTIVTRAK_USER]: { userPrincipalNames: [id] } };
		return { id: 's', [ENTERPRISE]: { employeeNumber: id } };
	});

describe('checkAgainstAccount', () => {
	test('lists exactly the lookup ids no ActivTrak identifier matches, case-blind', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(identifier, {
					maxLength: 8,
					comparator: (a, b) => a.toLowerCase() === b.toLowerCase(),
				}),
				fc.array(accountUser, { maxLength: 12 }),
				(lookupIds, scimUsers) => {
					const snapshot = buildSnapshot(lookupIds.map((id) => ({ user_lookup_id: id })));
					const known = scimUsers.flatMap((user) => [
						user.userName,
						...(user.emails ?? []).map((email) => email.value),
						...(user[ACTIVTRAK_USER]?.userPrincipalNames ?? []),
						user[ENTERPRISE]?.employeeNumber,
					]);
					const expected = lookupIds.filter(
						(id) =>
							!known.some((k) => typeof k === 'string' && k.toLowerCase() === id.toLowerCase()),
					);
					const check = checkAgainstAccount(snapshot, readAccount(scimUsers, []));
					expect(check.notFound).toEqual(expected);
					expect(check.usersNotFound).toBe(expected.length);
					expect(check.accountUsers).toBe(scimUsers.length);
				},
			),
			settings,
		);
	});

	test('counts every user not found, and lists the first hundred', () => {
		const snapshot = buildSnapshot(
			Array.from({ length: 250 }, (_, i) => ({ user_lookup_id: `u${i}@x.com` })),
		);
		const check = checkAgainstAccount(
			snapshot,
			readAccount([{ id: '1', userName: 'U0@X.COM' }], []),
		);
		expect(check.usersNotFound).toBe(249);
		expect(check.notFound).toHaveLength(NOT_FOUND_LISTED);
		expect(check.notFound[0]).toBe('u1@x.com');
	});

	test('reads no inherited key of a hostile record', () => {
		const snapshot = buildSnapshot([
			{ user_lookup_id: 'constructor' },
			{ user_lookup_id: 'a@x.com' },
		]);
		const hostile = [
			{ id: '1', __proto__: { userName: 'a@x.com' } },
			'text',
			null,
			7,
			{ id: '2', emails: 'a@x.com' },
		];
		expect(checkAgainstAccount(snapshot, readAccount(hostile, [])).notFound).toEqual([
			'constructor',
			'a@x.com',
		]);
	});
});
