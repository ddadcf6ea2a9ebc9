import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import {
	ACTIVTRAK_REGIONS,
	isScimTarget,
	isUnderBaseUrl,
	resolveActivTrakBaseUrl,
} from './activTrakHrdcEndpoint';

/** Where a refused request went, without its query (which may hold anything). */
function summariseAddress(target: string): string {
	if (!target) return 'no address';
	if (!URL.canParse(target)) return 'an address that is not a URL';
	const url = new URL(target);
	return `${url.origin}${url.pathname}`;
}

export class ActivTrakHrdcApi implements ICredentialType {
	name = 'activTrakHrdcApi';

	displayName = 'ActivTrak HRDC API';

	icon: Icon = {
		light: 'file:../nodes/ActivTrakHrdc/activTrakHrdc.svg',
		dark: 'file:../nodes/ActivTrakHrdc/activTrakHrdc.dark.svg',
	};

	documentationUrl = 'https://github.com/activtrak-hrdc/n8n-nodes-activtrak-hrdc#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...Object.entries(ACTIVTRAK_REGIONS).map(([value, region]) => ({
					name: region.name,
					value,
				})),
				{ name: 'Custom Base URL', value: 'custom' },
			],
			default: 'us',
			description:
				'The data region of your ActivTrak account; it decides which API host receives the key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api-uk.activtrak.com',
			description:
				"The API base URL of your ActivTrak region, without /hrdc/v2/bulk. Must be https (http only for localhost). ActivTrak's API documentation names the URL for regions other than US and EU.",
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An ActivTrak API key, made in ActivTrak under API & Integrations > API Keys; it is sent as the x-api-key header',
		},
		{
			displayName: 'SCIM API Key',
			name: 'scimApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional, used for reading only: a key of ActivTrak's SCIM API (Beta), made under APIs & Integrations > Integrations on the Entra ID or Okta via SCIM card. The node never writes through SCIM.",
		},
	];

	// A function rather than a generic header rule: it attaches the key only to requests that go
	// to this credential's own https base URL, whoever builds the request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const baseUrl = resolveActivTrakBaseUrl(credentials);
		// n8n's own helpers pass `url`; its HTTP Request node (through the older request helper)
		// passes `uri`, as text or as a URL.
		const legacy = requestOptions as IHttpRequestOptions & { uri?: string | URL };
		const address = String(requestOptions.url ?? legacy.uri ?? '');
		// Joined the way axios joins them, which is how n8n sends the request.
		const target =
			requestOptions.baseURL && !/^[a-z][a-z\d+.-]*:\/\//i.test(address)
				? `${requestOptions.baseURL.replace(/\/+$/, '')}/${address.replace(/^\/+/, '')}`
				: address;
		if (!isUnderBaseUrl(target, baseUrl)) {
			throw new Error(
				`The ActivTrak API key is only sent to ${baseUrl}; this request goes to ${summariseAddress(target)}`,
			);
		}
		// SCIM's writes delete agents: through this credential it is read, never written, and its
		// key never goes to HRDC nor the HRDC key to it.
		let key = String(credentials.apiKey ?? '');
		if (isScimTarget(target, baseUrl)) {
			const method = String(requestOptions.method ?? 'GET').toUpperCase();
			if (method !== 'GET') {
				throw new Error(
					`ActivTrak's SCIM API is only read through this credential (its writes put users on Do Not Track and delete their agents); this request is a ${method.slice(0, 10)}`,
				);
			}
			key = String(credentials.scimApiKey ?? '');
			if (!key)
				throw new Error(
					"The credential has no SCIM API Key, so ActivTrak's SCIM API cannot be read",
				);
		}
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'x-api-key': key },
		};
	};
}
