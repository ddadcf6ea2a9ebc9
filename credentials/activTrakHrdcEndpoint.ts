/**
 * Where an ActivTrak HRDC credential points, decided in one place for the credential's
 * authenticate hook, the credential test and the transport. Pure: no n8n imports.
 */

/**
 * Data regions with a base URL that ActivTrak's own guide confirms. ActivTrak also has UK, CA
 * and AU regions, but their URLs come only from third-party specs, so they are reached through
 * `custom` until ActivTrak confirms them (see README, "What is confirmed").
 */
export const ACTIVTRAK_REGIONS = {
	us: { name: 'US (api.activtrak.com)', baseUrl: 'https://api.activtrak.com' },
	eu: { name: 'EU (api-eu.activtrak.com)', baseUrl: 'https://api-eu.activtrak.com' },
} as const;

interface ActivTrakEndpointSettings {
	region?: unknown;
	baseUrl?: unknown;
}

class InsecureEndpointError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InsecureEndpointError';
	}
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]', '::1']);

/**
 * Whether a URL host is this machine: only there may the key travel without TLS. Literal names
 * only (localhost, 127.0.0.0/8, ::1): "anything.localhost" would be looked up through DNS, and a
 * hostile resolver could then receive the key in clear.
 */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return LOOPBACK_HOSTNAMES.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** ActivTrak's own API hosts: activtrak.com and its subdomains (api, api-eu, ...). */
export function isActivTrakHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return host === 'activtrak.com' || host.endsWith('.activtrak.com');
}

/**
 * The base URL (no trailing slash) that the API key may be sent to. Throws InsecureEndpointError
 * for anything but https, except loopback hosts used for local testing, so the key never travels
 * in clear.
 */
export function resolveActivTrakBaseUrl(settings: ActivTrakEndpointSettings): string {
	const region = typeof settings.region === 'string' && settings.region ? settings.region : 'us';
	if (region !== 'custom') {
		const known = ACTIVTRAK_REGIONS[region as keyof typeof ACTIVTRAK_REGIONS];
		if (!known) {
			throw new InsecureEndpointError(`Unknown ActivTrak region "${region}"`);
		}
		return known.baseUrl;
	}
	const raw = typeof settings.baseUrl === 'string' ? settings.baseUrl.trim() : '';
	if (!raw) {
		throw new InsecureEndpointError(
			'The credential\'s region is "Custom" but its Base URL is empty',
		);
	}
	if (!URL.canParse(raw)) {
		throw new InsecureEndpointError(`The credential's Base URL "${raw}" is not a valid URL`);
	}
	const url = new URL(raw);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
		throw new InsecureEndpointError(
			`The credential's Base URL must use https:// (plain http is allowed only for localhost), got "${url.origin}"`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new InsecureEndpointError(
			"The credential's Base URL must be a plain address such as https://api.activtrak.com, without user, query or fragment",
		);
	}
	// The guide's full endpoint pasted as the base: the node adds /hrdc/v2/bulk itself, so it would
	// post to .../hrdc/v2/bulk/hrdc/v2/bulk and get a 404 on the first upload.
	const apiPath = /\/(?:hrdc|scim)(?:\/|$)/i.exec(url.pathname);
	if (apiPath) {
		const base = `${url.origin}${url.pathname.slice(0, apiPath.index)}`.replace(/\/+$/, '');
		throw new InsecureEndpointError(
			`The credential's Base URL "${url.origin}${url.pathname}" includes an API path (${url.pathname.slice(apiPath.index)}); enter only ${base}, and the node adds /hrdc/v2/bulk itself`,
		);
	}
	return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * Whether `target` lies under `baseUrl` (same scheme, host, port and path prefix). The
 * credential attaches the key only to such requests, so a workflow (or a redirect) that points
 * the credential anywhere else does not carry the key there.
 */
export function isUnderBaseUrl(target: string, baseUrl: string): boolean {
	if (!URL.canParse(target) || !URL.canParse(baseUrl)) return false;
	const url = new URL(target);
	const base = new URL(baseUrl);
	if (url.origin !== base.origin) return false;
	const prefix = base.pathname.replace(/\/+$/, '');
	return url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

/** ActivTrak's SCIM 2.0 API under the base URL: read with the SCIM key, and only read. */
export const SCIM_PATH = '/scim/v1';

/**
 * Whether a request under `baseUrl` is for ActivTrak's SCIM API: its path, decoded and in any
 * case, has a `scim` segment past the base. Such a request takes the SCIM key, never the HRDC
 * key, and only as a GET: SCIM's writes put users on Do Not Track and delete their agents.
 */
export function isScimTarget(target: string, baseUrl: string): boolean {
	if (!URL.canParse(target) || !URL.canParse(baseUrl)) return false;
	const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
	let path = new URL(target).pathname.slice(prefix.length);
	// An encoded segment ("%73cim") may be decoded by the server: decoded here too, as often as
	// it takes ("%2573" is "%73" once decoded), and a path that cannot be decoded counts as SCIM.
	for (let round = 0; round < 5 && path.includes('%'); round++) {
		try {
			path = decodeURIComponent(path);
		} catch {
			return true;
		}
	}
	return /(?:^|[/\\])scim(?:[/\\;]|$)/i.test(path);
}
