import {
	baselineTag,
	makeApprovalToken,
	openApprovalToken,
	type ApprovalClaims,
} from '../../nodes/ActivTrakHrdc/approval/token';
import { sha256 } from '../../nodes/ActivTrakHrdc/signing';

const SECRET = 'https://api.activtrak.com\u0000key-1';
const CLAIMS: ApprovalClaims = {
	workflow: 'wf1',
	account: 'acct-A',
	expiresAt: 1_800_000_000_000,
	csvSha256: 'abc',
	baseline: 'none',
};

describe('approval tokens', () => {
	test('a token opens with the credential that made it, giving its claims back', () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		expect(openApprovalToken(SECRET, token, 'acct-A')).toEqual({ ok: true, claims: CLAIMS });
		expect(token).not.toContain('key-1');
	});

	test('another credential cannot open or make one, and the token names no account', () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		for (const account of ['acct-A', 'acct-B']) {
			expect(openApprovalToken(`${SECRET}x`, token, account)).toEqual({
				ok: false,
				why: 'altered',
			});
		}
		const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
		expect(Object.keys(payload).sort()).toEqual(['b', 'c', 'e', 'w']);
		expect(JSON.stringify(payload)).not.toContain('acct-A');
	});

	test("another workflow's token (signed with that workflow's keys) says which workflow it is for", () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		expect(openApprovalToken(`${SECRET}-of-wf2`, token, 'acct-A', 'wf2')).toEqual({
			ok: false,
			why: 'another workflow',
		});
		expect(openApprovalToken(`${SECRET}-of-wf2`, token, 'acct-A', 'wf1')).toEqual({
			ok: false,
			why: 'altered',
		});
	});

	test('any changed character is refused', () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		for (let i = 6; i < token.length; i += 7) {
			const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
			const opened = openApprovalToken(SECRET, changed, 'acct-A');
			expect(opened.ok).toBe(false);
		}
	});

	test.each(['', 'hrdc1', 'hrdc1.a.b.c', 'hrdc2.e30.AAAA', 'hrdc1.!!.AAAA'])(
		'%p is not a token',
		(text) => {
			expect(openApprovalToken(SECRET, text, 'acct-A')).toEqual({
				ok: false,
				why: 'not a token',
			});
		},
	);

	test('digests: SHA-256 as base64url, and a baseline named by its stored form', () => {
		expect(sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
		expect(baselineTag(null)).toBe('none');
		const tag = baselineTag({ acceptedAt: '2026-11-28T10:00:00Z', users: 'x' });
		expect(tag).toHaveLength(22);
		expect(baselineTag({ acceptedAt: '2026-11-28T10:00:01Z', users: 'x' })).not.toBe(tag);
	});
});

describe('approval tokens: only the canonical form opens', () => {
	test('the signature verifies in its one canonical spelling only', () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		const last = token[token.length - 1];
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
		const value = alphabet.indexOf(last);
		// The three characters that differ from the last one only in its 2 unused bits.
		for (let spare = 1; spare < 4; spare++) {
			const swapped = `${token.slice(0, -1)}${alphabet[value | spare]}`;
			expect(Buffer.from(swapped.split('.')[2], 'base64url')).toEqual(
				Buffer.from(token.split('.')[2], 'base64url'),
			);
			expect(openApprovalToken(SECRET, swapped, 'acct-A')).toEqual({
				ok: false,
				why: 'not a token',
			});
		}
		expect(openApprovalToken(SECRET, token, 'acct-A').ok).toBe(true);
	});

	test('a payload that is not an object is not a token, and signing it does not help', async () => {
		for (const payload of ['null', '[]', '"text"', '42', 'true']) {
			const body = Buffer.from(payload).toString('base64url');
			const signed = `hrdc1.${body}`;
			const key = await crypto.subtle.importKey(
				'raw',
				new TextEncoder().encode(`activtrak-hrdc-approval\u0000${SECRET}`),
				{ name: 'HMAC', hash: 'SHA-256' },
				false,
				['sign'],
			);
			const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed));
			const token = `${signed}.${Buffer.from(mac).toString('base64url')}`;
			expect(openApprovalToken(SECRET, token, 'acct-A')).toEqual({
				ok: false,
				why: 'not a token',
			});
		}
	});

	test('a token far longer than any the node makes is refused at once', () => {
		const token = makeApprovalToken(SECRET, CLAIMS);
		expect(token.length).toBeLessThan(400);
		const huge = `hrdc1.${'A'.repeat(40 * 1024 * 1024)}.${token.split('.')[2]}`;
		expect(openApprovalToken(SECRET, huge, 'acct-A')).toEqual({
			ok: false,
			why: 'not a token',
		});
		const padded = `${token}${' '.repeat(5000)}`;
		expect(openApprovalToken(SECRET, padded, 'acct-A')).toEqual({
			ok: false,
			why: 'not a token',
		});
	});
});
