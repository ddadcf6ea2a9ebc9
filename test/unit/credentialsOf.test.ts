import { createHash, createHmac, scryptSync } from 'node:crypto';
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	activTrakAccount,
	credentialSecret,
	credentialsOf,
} from '../../nodes/ActivTrakHrdc/transport';

/** A workflow's salt (ledger/salt.ts). */
const SALT = 'w0rkfl0w-salt-22-chars';

/** An execution context that counts how often the credential is decrypted. */
function context(apiKey: string) {
	const calls = { getCredentials: 0 };
	const ctx = {
		getNode: () => ({ name: 'ActivTrak HRDC' }),
		getCredentials: async () => {
			calls.getCredentials++;
			return { region: 'eu', apiKey };
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

test('the credential is decrypted once per node execution, whoever asks for it', async () => {
	const first = context('key-1');
	await activTrakAccount(first.ctx, SALT);
	expect(await credentialSecret(first.ctx, SALT)).toMatch(/^[\w-]{43}$/);
	expect(await credentialsOf(first.ctx)).toMatchObject({
		baseUrl: 'https://api-eu.activtrak.com',
		apiKey: 'key-1',
		decrypted: { type: 'activTrakHrdcApi', data: { region: 'eu', apiKey: 'key-1' } },
	});
	expect(first.calls.getCredentials).toBe(1);

	// Another execution reads its own credential.
	const second = context('key-2');
	expect((await credentialsOf(second.ctx)).apiKey).toBe('key-2');
	expect(second.calls.getCredentials).toBe(1);
});

describe('what is stored confirms no guessed key faster than scrypt', () => {
	/** One reader's guess: what it must compute to test a key against a stored name. */
	const guess = (baseUrl: string, apiKey: string, salt = SALT) =>
		scryptSync(`${baseUrl}\u0000${apiKey}`, `activtrak-hrdc-credential-v3\u0000${salt}`, 32, {
			N: 1 << 14,
			r: 8,
			p: 1,
			maxmem: 64 * 1024 * 1024,
		});

	test('the account name and the signing secret come from the slow derived key', async () => {
		const { ctx } = context('key-3');
		const key = guess('https://api-eu.activtrak.com', 'key-3');
		const name = (purpose: string) => createHmac('sha256', key).update(purpose).digest('base64url');
		expect(await activTrakAccount(ctx, SALT)).toBe(name('activtrak-hrdc-account').slice(0, 16));
		expect(await credentialSecret(ctx, SALT)).toBe(name('activtrak-hrdc-signing'));
		// Another workflow's salt gives other names: no guess serves for two stores.
		expect(await activTrakAccount(ctx, 'another-workflow-salt1')).not.toBe(
			await activTrakAccount(ctx, SALT),
		);
		// Not the one SHA-256 of 0.2, which a reader tested 370,000 times a second per core.
		const fast = createHash('sha256')
			.update('activtrak-hrdc-account\u0000https://api-eu.activtrak.com\u0000key-3')
			.digest('base64url')
			.slice(0, 16);
		expect(await activTrakAccount(ctx, SALT)).not.toBe(fast);
	});

	test('one guess costs a reader at least 10 ms (16 MiB of scrypt)', () => {
		const started = performance.now();
		guess('https://api.activtrak.com', 'a-guessed-key');
		expect(performance.now() - started).toBeGreaterThanOrEqual(10);
	});
});
