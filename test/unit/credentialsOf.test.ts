import type { IExecuteFunctions } from 'n8n-workflow';

import {
	activTrakAccount,
	credentialSecret,
	credentialsOf,
} from '../../nodes/ActivTrakHrdc/transport';

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
	await activTrakAccount(first.ctx);
	expect(await credentialSecret(first.ctx)).toBe('https://api-eu.activtrak.com\u0000key-1');
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
