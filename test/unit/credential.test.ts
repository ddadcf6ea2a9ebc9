import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	ACTIVTRAK_REGIONS,
	isLoopbackHost,
	isUnderBaseUrl,
	resolveActivTrakBaseUrl,
} from '../../credentials/activTrakHrdcEndpoint';
import { builtCredential } from '../support/engine';

describe('base URL of a credential', () => {
	test.each<[string, ICredentialDataDecryptedObject, string]>([
		...Object.entries(ACTIVTRAK_REGIONS).map(
			([region, { baseUrl }]): [string, ICredentialDataDecryptedObject, string] => [
				`region ${region}`,
				{ region },
				baseUrl,
			],
		),
		['no region means US', {}, ACTIVTRAK_REGIONS.us.baseUrl],
		[
			'custom https',
			{ region: 'custom', baseUrl: 'https://api-uk.activtrak.com' },
			'https://api-uk.activtrak.com',
		],
		[
			'trailing slash tolerated',
			{ region: 'custom', baseUrl: 'https://api-ca.activtrak.com/ ' },
			'https://api-ca.activtrak.com',
		],
		[
			'path prefix kept',
			{ region: 'custom', baseUrl: 'https://gw.example.com/activtrak/' },
			'https://gw.example.com/activtrak',
		],
		[
			'http on 127.0.0.1',
			{ region: 'custom', baseUrl: 'http://127.0.0.1:8787' },
			'http://127.0.0.1:8787',
		],
		[
			'http on localhost',
			{ region: 'custom', baseUrl: 'http://localhost:8787/' },
			'http://localhost:8787',
		],
		['http on ::1', { region: 'custom', baseUrl: 'http://[::1]:8787' }, 'http://[::1]:8787'],
	])('%s', (_name, credentials, expected) => {
		expect(resolveActivTrakBaseUrl(credentials)).toBe(expected);
	});

	test.each<[string, ICredentialDataDecryptedObject, RegExp]>([
		[
			'plain http to a remote host',
			{ region: 'custom', baseUrl: 'http://api.activtrak.com' },
			/must use https/,
		],
		[
			'http to a private address',
			{ region: 'custom', baseUrl: 'http://10.0.0.5' },
			/must use https/,
		],
		[
			'localhost look-alike',
			{ region: 'custom', baseUrl: 'http://localhost.evil.com' },
			/must use https/,
		],
		['ftp', { region: 'custom', baseUrl: 'ftp://api.activtrak.com' }, /must use https/],
		['empty custom URL', { region: 'custom', baseUrl: '' }, /Base URL is empty/],
		['not a URL', { region: 'custom', baseUrl: 'api.activtrak.com' }, /not a valid URL/],
		[
			'user info in URL',
			{ region: 'custom', baseUrl: 'https://user:pw@api.activtrak.com' },
			/plain address/,
		],
		['unknown region', { region: 'mars' }, /Unknown ActivTrak region/],
	])('refuses %s', (_name, credentials, message) => {
		expect(() => resolveActivTrakBaseUrl(credentials)).toThrow(message);
	});

	test('loopback hosts', () => {
		expect(
			['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'LOCALHOST'].every(isLoopbackHost),
		).toBe(true);
		// app.localhost is looked up through DNS: a hostile resolver could send it anywhere.
		expect(
			[
				'localhost.com',
				'128.0.0.1',
				'0.0.0.0',
				'example.com',
				'app.localhost',
				'a.b.localhost',
			].some(isLoopbackHost),
		).toBe(false);
		expect(() =>
			resolveActivTrakBaseUrl({ region: 'custom', baseUrl: 'http://app.localhost:5678' }),
		).toThrow(/must use https/);
	});

	test('a target is under the base URL only with the same origin and path prefix', () => {
		expect(
			isUnderBaseUrl('https://api.activtrak.com/hrdc/v2/bulk', 'https://api.activtrak.com'),
		).toBe(true);
		expect(
			isUnderBaseUrl('https://api.activtrak.com.evil.com/hrdc', 'https://api.activtrak.com'),
		).toBe(false);
		expect(isUnderBaseUrl('http://api.activtrak.com/hrdc', 'https://api.activtrak.com')).toBe(
			false,
		);
		expect(
			isUnderBaseUrl('https://gw.example.com/activtrakx/bulk', 'https://gw.example.com/activtrak'),
		).toBe(false);
		expect(
			isUnderBaseUrl('https://gw.example.com/activtrak/bulk', 'https://gw.example.com/activtrak'),
		).toBe(true);
	});
});

describe('the built credential', () => {
	const credential = builtCredential();
	const authenticate = credential.authenticate as (
		credentials: ICredentialDataDecryptedObject,
		request: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;

	test('has the fixed names and fields', () => {
		expect(credential.name).toBe('activTrakHrdcApi');
		expect(credential.displayName).toBe('ActivTrak HRDC API');
		expect(credential.properties.map((p) => p.name)).toEqual([
			'region',
			'baseUrl',
			'apiKey',
			'scimApiKey',
		]);
		const region = credential.properties[0];
		expect((region.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			...Object.keys(ACTIVTRAK_REGIONS),
			'custom',
		]);
		expect(credential.properties[1].displayOptions).toEqual({ show: { region: ['custom'] } });
		expect(credential.properties[2].typeOptions).toEqual({ password: true });
		// Optional, and a secret like the HRDC key.
		expect(credential.properties[3]).toMatchObject({
			typeOptions: { password: true },
			default: '',
		});
		expect(credential.properties[3].required).toBeUndefined();
	});

	test('adds the key as x-api-key to requests for its own base URL', async () => {
		const request = await authenticate(
			{ region: 'eu', apiKey: 'secret-key' },
			{
				url: 'https://api-eu.activtrak.com/hrdc/v2/bulk',
				method: 'POST',
				headers: { accept: 'x' },
			},
		);
		expect(request.headers).toEqual({ accept: 'x', 'x-api-key': 'secret-key' });
	});

	test.each<[string, unknown]>([
		['a text uri', 'https://api-eu.activtrak.com/hrdc/ping'],
		['a URL uri', new URL('https://api-eu.activtrak.com/hrdc/ping')],
	])("works for n8n's HTTP Request node, which passes %s instead of url", async (_name, uri) => {
		const request = await authenticate({ region: 'eu', apiKey: 'k' }, {
			uri,
			method: 'GET',
		} as unknown as IHttpRequestOptions);
		expect(request.headers?.['x-api-key']).toBe('k');
		await expect(
			authenticate({ region: 'eu', apiKey: 'k' }, {
				uri: 'https://api.activtrak.com/hrdc/ping?x=1',
			} as unknown as IHttpRequestOptions),
		).rejects.toThrow(
			'The ActivTrak API key is only sent to https://api-eu.activtrak.com; this request goes to https://api.activtrak.com/hrdc/ping',
		);
	});

	test('joins baseURL and url the way axios does before checking', async () => {
		const request = await authenticate(
			{ region: 'custom', baseUrl: 'https://gw.example.com/activtrak', apiKey: 'k' },
			{ baseURL: 'https://gw.example.com/activtrak/', url: '/hrdc/v2/bulk' },
		);
		expect(request.headers?.['x-api-key']).toBe('k');
	});

	test.each([
		['another host', 'https://attacker.example.com/hrdc/v2/bulk'],
		['another region', 'https://api.activtrak.com/hrdc/v2/bulk'],
		['plain http to its own host', 'http://api-eu.activtrak.com/hrdc/v2/bulk'],
	])('refuses to send the key to %s', async (_name, url) => {
		await expect(authenticate({ region: 'eu', apiKey: 'secret-key' }, { url })).rejects.toThrow(
			/only sent to https:\/\/api-eu.activtrak.com/,
		);
	});

	test('refuses an insecure custom base URL before anything is sent', async () => {
		await expect(
			authenticate(
				{ region: 'custom', baseUrl: 'http://hrdc.example.com', apiKey: 'k' },
				{ url: 'http://hrdc.example.com/x' },
			),
		).rejects.toThrow(/must use https/);
	});

	describe("ActivTrak's SCIM API: read with its own key, never written", () => {
		const both = { region: 'eu', apiKey: 'hrdc-key', scimApiKey: 'scim-key' };
		const base = 'https://api-eu.activtrak.com';

		test.each([
			['a GET', { url: `${base}/scim/v1/users`, method: 'GET' as const }],
			['a request with no method (n8n sends a GET)', { url: `${base}/scim/v1/groups` }],
			['a lower-case get', { url: `${base}/scim/v1/ping`, method: 'get' as never }],
		])('%s carries the SCIM key, never the HRDC key', async (_name, request) => {
			const signed = await authenticate(both, request);
			expect(signed.headers?.['x-api-key']).toBe('scim-key');
		});

		test('HRDC requests carry the HRDC key, never the SCIM key', async () => {
			const signed = await authenticate(both, { url: `${base}/hrdc/v2/bulk`, method: 'POST' });
			expect(signed.headers?.['x-api-key']).toBe('hrdc-key');
		});

		test.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])(
			'refuses a %s to SCIM, whatever the path is written as',
			async (method) => {
				for (const path of [
					'/scim/v1/users/1',
					'/SCIM/v1/Users',
					'/%73cim/v1/users',
					'/hrdc/../scim/v1',
				])
					await expect(
						authenticate(both, { url: `${base}${path}`, method: method as never }),
					).rejects.toThrow(/SCIM API is only read through this credential/);
			},
		);

		test('refuses to read SCIM with no SCIM key, rather than send the HRDC key there', async () => {
			await expect(
				authenticate({ region: 'eu', apiKey: 'hrdc-key' }, { url: `${base}/scim/v1/users` }),
			).rejects.toThrow(/has no SCIM API Key/);
		});
	});
});
