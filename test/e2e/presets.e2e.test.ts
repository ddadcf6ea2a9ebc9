/**
 * Source presets with n8n's own source nodes, in a real n8n: the Okta node (User > Get Many,
 * Simplify off) against a local stand-in of Okta's Users API that pages with `Link: <...after=...>;
 * rel="next"`, its items read by the Okta preset and uploaded to the HRDC emulator; the same node
 * on Simplify stops the run. The Microsoft Entra ID node (Output: Raw) against a local stand-in
 * of Microsoft Graph (n8n 2.x takes the credential's Graph API base URL), the LDAP node against a
 * real OpenLDAP server (slapd). And Set Baseline From Previous Upload followed by an upload of a
 * quarter of the people: stopped by the limits, nothing sent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { HrdcEmulator } from '../emulator/HrdcEmulator';
import { hrdcCsv } from '../support/snapshots';
import {
	LDAP_ADMIN,
	LDAP_PASSWORD,
	LDAP_SUFFIX,
	startLdapServer,
	type LdapServer,
} from './ldapServer';
import {
	FUTURE_HIRES,
	HR_API_SECRETS,
	LEAVERS,
	PEOPLE,
	adpStandIn,
	expectedCsv,
	hrApiStandIn,
	keptRows,
} from './hrApiStandIns';
import { loopbackServer } from './loopback';
import { FIRST_SYNC, RealN8n, installN8n, packPackage } from './realN8n';
import { NO_EARLIER_UPLOAD, STOPPED_BY_LIMIT } from '../support/messages';

const API_KEY = 'e2e-presets-key';
const OKTA_TOKEN = 'okta-token-e2e-1d7';
const emails = (count: number) => Array.from({ length: count }, (_, i) => `p${i}@example.com`);

/** Okta users as its API gives them (Simplify off passes them on as they are). */
const OKTA_USERS = [
	['ana@example.com', 'ACTIVE', 'Ana García', 'Sales', 'E-1'],
	['bo@example.com', 'ACTIVE', 'Bo Chen', 'Engineering', 'E-2'],
	['cy@example.com', 'SUSPENDED', 'Cy Diaz', 'Engineering', 'E-3'],
	['dee@example.com', 'DEPROVISIONED', 'Dee Ng', 'Sales', 'E-4'],
	['ed@example.com', 'ACTIVE', 'Ed Park', 'Support', ''],
	['fay@example.com', 'ACTIVE', 'Fay Lo', 'Sales', 'E-6'],
	['gus@example.com', 'ACTIVE', 'Gus Ra', 'Support', 'E-7'],
].map(([login, status, displayName, department, employeeNumber], i) => ({
	id: `00u${i}`,
	status,
	created: '2026-01-01T00:00:00.000Z',
	activated: '2026-01-01T00:00:00.000Z',
	statusChanged: '2026-02-01T00:00:00.000Z',
	lastLogin: null,
	lastUpdated: '2026-02-01T00:00:00.000Z',
	passwordChanged: null,
	type: { id: 'oty1' },
	profile: {
		login,
		email: login,
		firstName: displayName.split(' ')[0],
		lastName: displayName.split(' ')[1],
		displayName,
		department,
		...(employeeNumber ? { employeeNumber } : {}),
	},
	credentials: { provider: { type: 'OKTA', name: 'OKTA' } },
	_links: { self: { href: `https://example.okta.com/api/v1/users/00u${i}` } },
}));

/** Okta's Users API on loopback: three users a page, the next page in the Link header. */
function oktaStandIn() {
	const requests: Array<{ url: string; authorization: string | undefined }> = [];
	const server = loopbackServer((req, res, base) => {
		requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
		const url = new URL(req.url ?? '/', base);
		if (req.headers.authorization !== `SSWS ${OKTA_TOKEN}`) {
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end('{"errorCode":"E0000011","errorSummary":"Invalid token provided"}');
			return;
		}
		if (url.pathname.replace(/\/$/, '') !== '/api/v1/users') {
			res.writeHead(404);
			res.end();
			return;
		}
		const after = Number(url.searchParams.get('after') ?? 0);
		const page = OKTA_USERS.slice(after, after + 3);
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (after + 3 < OKTA_USERS.length) {
			headers.link = `<${base}/api/v1/users?after=${after + 3}&limit=200>; rel="next"`;
		}
		res.writeHead(200, headers);
		res.end(JSON.stringify(page));
	});
	return { requests, ...server };
}

/**
 * People in the LDAP directory: Active Directory style (with the test schema; objectCategory is
 * plain text here, where AD expands "person" to its schema DN) and OpenLDAP style.
 */
const LDAP_PEOPLE = `dn: ou=Staff,${LDAP_SUFFIX}
objectClass: organizationalUnit
ou: Staff

dn: cn=Jo Park,ou=Staff,${LDAP_SUFFIX}
objectClass: inetOrgPerson
objectClass: adUser
objectClass: user
objectCategory: person
cn: Jo Park
sn: Park
displayName: Jo Park
mail: jo@example.com
userPrincipalName: jo@example.com
sAMAccountName: jpark
employeeID: A-1
department: Legal
userAccountControl: 512
memberOf: cn=Legal Team,ou=Groups,${LDAP_SUFFIX}
memberOf: cn=All\\, Staff,ou=Groups,${LDAP_SUFFIX}

dn: cn=Kim Lee,ou=Staff,${LDAP_SUFFIX}
objectClass: inetOrgPerson
objectClass: adUser
objectClass: user
objectCategory: person
cn: Kim Lee
sn: Lee
mail: kim@example.com
userPrincipalName: kim@example.com
userAccountControl: 514
memberOf: cn=Legal Team,ou=Groups,${LDAP_SUFFIX}

dn: cn=Lu Mei,ou=Staff,${LDAP_SUFFIX}
objectClass: inetOrgPerson
objectClass: adUser
objectClass: user
objectCategory: person
cn: Lu Mei
sn: Mei
mail: lu@example.com
userPrincipalName: lu@example.com
userAccountControl: 66048
memberOf: cn=Legal Team,ou=Groups,${LDAP_SUFFIX}

dn: cn=Ola Nordmann,ou=Staff,${LDAP_SUFFIX}
objectClass: inetOrgPerson
cn: Ola Nordmann
sn: Nordmann
uid: ola
employeeNumber: 9001
`;

/** Graph users as the Entra node asks for them with Output: Raw (unset properties are null). */
const GRAPH_USERS = [
	['ana@contoso.example', 'Ana García', 'Sales', 'E-1', true],
	['bo@contoso.example', 'Bo Chen', 'Engineering', null, true],
	['cy@contoso.example', 'Cy Diaz', 'Engineering', 'E-3', false],
].map(([upn, displayName, department, employeeId, accountEnabled], i) => ({
	id: `0000000${i}-0000-0000-0000-000000000000`,
	accountEnabled,
	department,
	displayName,
	employeeId,
	mail: upn,
	userPrincipalName: upn,
	userType: 'Member',
	companyName: null,
}));

/**
 * Microsoft Graph's /v1.0/users on loopback, for an Entra credential whose Graph API base URL
 * points here: two users a page, the next page in @odata.nextLink (same origin, as the node
 * insists), only for the bearer token the imported credential holds.
 */
function graphStandIn() {
	const requests: string[] = [];
	const server = loopbackServer((req, res, base) => {
		requests.push(req.url ?? '');
		const url = new URL(req.url ?? '/', base);
		if (req.headers.authorization !== 'Bearer graph-token-e2e') {
			res.writeHead(401, { 'content-type': 'application/json' });
			res.end('{"error":{"code":"InvalidAuthenticationToken"}}');
			return;
		}
		const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
		const page = GRAPH_USERS.slice(skip, skip + 2);
		const body: Record<string, unknown> = { value: page };
		if (skip + 2 < GRAPH_USERS.length)
			body['@odata.nextLink'] = `${base}/v1.0/users?$skiptoken=${skip + 2}`;
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	});
	return { requests, ...server };
}

const trigger = {
	id: 'p-0001',
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
/** The stand-ins' credentials (as imported below), by credential type. */
const STAND_IN_CREDENTIALS: Record<string, { id: string; name: string }> = {
	activTrakHrdcApi: { id: 'hrdcEmulator', name: 'ActivTrak HRDC (emulator)' },
	ldap: { id: 'slapd', name: 'LDAP (slapd)' },
	oktaApi: { id: 'oktaStandIn', name: 'Okta (stand-in)' },
	microsoftEntraOAuth2Api: { id: 'graphStandIn', name: 'Microsoft Entra (stand-in)' },
	httpBasicAuth: { id: 'hrBasicStandIn', name: 'HR API Basic (stand-in)' },
	httpBearerAuth: { id: 'hrBearerStandIn', name: 'HR API Bearer (stand-in)' },
	httpCustomAuth: { id: 'hrCustomStandIn', name: 'HR API Custom (stand-in)' },
	httpSslAuth: { id: 'adpCertificateStandIn', name: 'ADP client certificate (stand-in)' },
};
const hrdcNode = (name: string, parameters: Record<string, unknown>, position: number) => ({
	id: `p-${name}`,
	name,
	type: 'n8n-nodes-activtrak-hrdc.activTrakHrdc',
	typeVersion: 1,
	position: [position, 0],
	parameters,
	credentials: { activTrakHrdcApi: STAND_IN_CREDENTIALS.activTrakHrdcApi },
});
// A preset test's node is a first sync checking the CSV (FIRST_SYNC); the templates below take
// the builder's own path: a run that is told to turn First Upload on, then the run that sends.
const chain = (...names: string[]) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);

/**
 * The CSV the Okta stand-in's people make with the Okta preset: SUSPENDED is kept (a suspended
 * user comes back), DEPROVISIONED left out; groups with `prefix`.
 */
const oktaCsv = (prefix: string) =>
	hrdcCsv(
		...[
			['ana@example.com', 'Ana García', 'Sales', 'E-1'],
			['bo@example.com', 'Bo Chen', 'Engineering', 'E-2'],
			['cy@example.com', 'Cy Diaz', 'Engineering', 'E-3'],
			['ed@example.com', 'Ed Park', 'Support', ''],
			['fay@example.com', 'Fay Lo', 'Sales', 'E-6'],
			['gus@example.com', 'Gus Ra', 'Support', 'E-7'],
		].map(([login, name, group, employee_id]) => ({
			user_lookup_id: login,
			employee_id,
			email_address: login,
			display_name: name,
			group: `${prefix}${group}`,
		})),
	);

/** The HRDC row the Entra preset makes of the Graph stand-in's user `index`. */
const graphRow = (index: number) => {
	const user = GRAPH_USERS[index];
	return {
		user_lookup_id: String(user.userPrincipalName),
		employee_id: String(user.employeeId ?? ''),
		email_address: String(user.mail),
		display_name: String(user.displayName),
		group: String(user.department),
	};
};

/** What n8n 1.x's Entra node says when graph.microsoft.com cannot be reached (no internet here). */
const GRAPH_UNREACHABLE = 'The connection cannot be established';

/** Whether the n8n under test is 1.x (its Entra node's fixed host; the templates' one step). */
const ON_N8N_1 = (process.env.N8N_VERSION ?? '2.41.1').startsWith('1.');

/**
 * A template from examples/ as it ships, every setting kept, except: started by hand instead of
 * by its schedule, the stand-ins' credentials, and its Slack nodes off (they post to slack.com,
 * which no stand-in can be; a disabled node passes its items on). On n8n 1.x, also what the
 * README tells a 1.x user to do: delete the 'Run now' form, a Form Trigger 2.6 (signed-in n8n
 * users only), which 1.x does not have and without which it runs no workflow at all.
 */
/**
 * A shipped template's first sync, as a builder meets it: run as it is, it stops naming First
 * Upload and sends nothing; with First Upload on (the one switch) the next run sends. The first
 * run also shows that n8n kept the workflow's static data, which First Upload needs.
 */
async function firstSync(
	n8n: RealN8n,
	file: string,
	id: string,
	emulator: HrdcEmulator,
	hosts: Array<[string, string]> = [],
) {
	const uploads = emulator.uploads.length;
	await n8n.importWorkflow(shippedTemplate(file, id, hosts));
	const asIs = await n8n.execute(id);
	expect(asIs.ok).toBe(false);
	expect(asIs.stdout + asIs.stderr).toContain(NO_EARLIER_UPLOAD);
	expect(emulator.uploads).toHaveLength(uploads);
	await n8n.setBaselineSetting(id, 'ActivTrak HRDC', 'firstUpload', true);
	return await n8n.execute(id);
}

/** `hosts`: the vendor's base URLs in HTTP Request nodes, each with its stand-in's. */
function shippedTemplate(file: string, id: string, hosts: Array<[string, string]> = []) {
	const template = JSON.parse(
		readFileSync(path.resolve(__dirname, '../../examples', file), 'utf8'),
	) as { nodes: Array<Record<string, unknown>>; connections: Record<string, unknown> };
	const runNow = template.nodes.find((node) => node.name === 'Run now');
	if (ON_N8N_1) {
		expect(runNow).toMatchObject({ type: 'n8n-nodes-base.formTrigger', typeVersion: 2.6 });
		delete template.connections['Run now'];
	}
	const kept = ON_N8N_1 ? template.nodes.filter((node) => node !== runNow) : template.nodes;
	const nodes = kept.map((node) => {
		if (node.type === 'n8n-nodes-base.scheduleTrigger')
			return { ...trigger, name: node.name, position: node.position };
		const credentials = node.credentials as Record<string, unknown> | undefined;
		return {
			...node,
			...(credentials && {
				credentials: Object.fromEntries(
					Object.keys(credentials).map((type) => [
						type,
						STAND_IN_CREDENTIALS[type] ?? credentials[type],
					]),
				),
			}),
			...(node.type === 'n8n-nodes-base.slack' && { disabled: true }),
			...(node.type === 'n8n-nodes-base.httpRequest' && {
				parameters: {
					...(node.parameters as Record<string, unknown>),
					url: hosts.reduce(
						(url, [from, to]) => url.replace(from, to),
						String((node.parameters as Record<string, unknown>).url),
					),
				},
			}),
		};
	});
	return { ...template, id, name: id, active: false, nodes };
}

describe(`source presets with n8n's own nodes in a real n8n ${process.env.N8N_VERSION ?? '2.41.1'}`, () => {
	const emulator = new HrdcEmulator({ apiKey: API_KEY, createUnmatchedUsers: true });
	const okta = oktaStandIn();
	const graph = graphStandIn();
	const hrApis = hrApiStandIn();
	const adpApi = adpStandIn();
	let hrApisUrl = '';
	let adpUrl = '';
	let n8n: RealN8n;
	let packDir: string;
	let ldap: LdapServer;

	beforeAll(async () => {
		const hrdcUrl = await emulator.start();
		const oktaUrl = await okta.start();
		const graphUrl = await graph.start();
		hrApisUrl = await hrApis.start();
		adpUrl = await adpApi.start();
		ldap = await startLdapServer(LDAP_PEOPLE);
		packDir = mkdtempSync(path.join(tmpdir(), 'hrdc-pack-'));
		n8n = new RealN8n(installN8n());
		n8n.installPackage(packPackage(packDir));
		await n8n.importCredentials([
			{
				...STAND_IN_CREDENTIALS.activTrakHrdcApi,
				type: 'activTrakHrdcApi',
				data: { region: 'custom', baseUrl: hrdcUrl, apiKey: API_KEY },
			},
			{
				...STAND_IN_CREDENTIALS.oktaApi,
				type: 'oktaApi',
				data: { url: oktaUrl, accessToken: OKTA_TOKEN },
			},
			{
				...STAND_IN_CREDENTIALS.microsoftEntraOAuth2Api,
				type: 'microsoftEntraOAuth2Api',
				data: {
					clientId: 'e2e-client',
					clientSecret: 'e2e-secret',
					graphApiBaseUrl: graphUrl,
					oauthTokenData: {
						access_token: 'graph-token-e2e',
						token_type: 'Bearer',
						expires_in: 86400,
						refresh_token: 'graph-refresh-e2e',
					},
				},
			},
			{
				...STAND_IN_CREDENTIALS.httpBasicAuth,
				type: 'httpBasicAuth',
				data: { ...HR_API_SECRETS.basic },
			},
			{
				...STAND_IN_CREDENTIALS.httpBearerAuth,
				type: 'httpBearerAuth',
				data: { token: HR_API_SECRETS.bearer },
			},
			{
				...STAND_IN_CREDENTIALS.httpCustomAuth,
				type: 'httpCustomAuth',
				data: { json: JSON.stringify({ qs: HR_API_SECRETS.personio }) },
			},
			{
				...STAND_IN_CREDENTIALS.httpSslAuth,
				type: 'httpSslAuth',
				data: { ...adpApi.certificates, passphrase: '' },
			},
			{
				...STAND_IN_CREDENTIALS.ldap,
				type: 'ldap',
				data: {
					hostname: '127.0.0.1',
					port: String(ldap.port),
					bindDN: LDAP_ADMIN,
					bindPassword: LDAP_PASSWORD,
					connectionSecurity: 'none',
				},
			},
		]);
	});
	afterAll(async () => {
		await emulator.stop();
		await okta.stop();
		await graph.stop();
		await hrApis.stop();
		await adpApi.stop();
		ldap?.stop();
		n8n?.dispose();
		if (packDir) rmSync(packDir, { recursive: true, force: true });
	});

	const oktaWorkflow = (id: string, simplify: boolean, hrdc: Record<string, unknown>) => ({
		id,
		name: id,
		active: false,
		nodes: [
			trigger,
			{
				id: 'p-okta',
				name: 'Okta',
				type: 'n8n-nodes-base.okta',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'user',
					operation: 'getAll',
					searchQuery: 'status eq "ACTIVE" or status eq "SUSPENDED" or status eq "DEPROVISIONED"',
					returnAll: true,
					simplify,
				},
				credentials: { oktaApi: STAND_IN_CREDENTIALS.oktaApi },
			},
			hrdcNode('ActivTrak HRDC', { ...FIRST_SYNC, ...hrdc }, 440),
		],
		connections: chain('Start', 'Okta', 'ActivTrak HRDC'),
		settings: { executionOrder: 'v1' },
	});

	test('the Okta node, paged over three pages, read by the Okta preset: the exact CSV, leavers left out', async () => {
		await n8n.importWorkflow(
			oktaWorkflow('oktaPreset1', false, { source: 'okta', groupPrefix: 'HR - ' }),
		);
		const result = await n8n.execute('oktaPreset1');
		expect(result.ok).toBe(true);
		// Three pages, the second and third asked for by the cursor in the Link header.
		expect(okta.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('after'))).toEqual([
			null,
			'3',
			'6',
		]);
		expect(emulator.uploads).toHaveLength(1);
		expect(emulator.uploads[0].csv).toBe(oktaCsv('HR - '));
		const [output] = RealN8n.output(result, 'ActivTrak HRDC');
		expect(output.json).toMatchObject({ leavers: { found: 1, lookupIds: ['dee@example.com'] } });
	});

	test('the shipped Okta template (sync-okta), run as it is against the stand-in: the CSV of the Okta preset', async () => {
		const uploads = emulator.uploads.length;
		const result = await firstSync(n8n, 'sync-okta.workflow.json', 'oktaTemplate', emulator);
		expect(result.ok).toBe(true);
		expect(emulator.uploads).toHaveLength(uploads + 1);
		// Its search reads every status (DEPROVISIONED too), and Simplify is off: the preset's shape.
		expect(emulator.uploads[uploads].csv).toBe(oktaCsv(''));
		const [output] = RealN8n.output(result, 'ActivTrak HRDC');
		expect(output.json).toMatchObject({
			uploaded: true,
			leavers: { found: 1, lookupIds: ['dee@example.com'] },
		});
	});

	test('the Okta node on Simplify stops the run, naming the setting; nothing is sent', async () => {
		const uploads = emulator.uploads.length;
		await n8n.importWorkflow(oktaWorkflow('oktaPreset2', true, { source: 'okta' }));
		const result = await n8n.execute('oktaPreset2');
		expect(result.ok).toBe(false);
		expect(result.stdout + result.stderr).toContain('the Okta node has Simplify on');
		expect(emulator.uploads).toHaveLength(uploads);
	});

	test('the Microsoft Entra ID node (Output: Raw) against a local stand-in of Graph, read by the Entra preset', async () => {
		const uploads = emulator.uploads.length;
		await n8n.importWorkflow({
			id: 'entraPreset1',
			name: 'entraPreset1',
			active: false,
			nodes: [
				trigger,
				{
					id: 'p-entra',
					name: 'Microsoft Entra ID',
					type: 'n8n-nodes-base.microsoftEntra',
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'user', operation: 'getAll', returnAll: true, output: 'raw' },
					credentials: {
						microsoftEntraOAuth2Api: STAND_IN_CREDENTIALS.microsoftEntraOAuth2Api,
					},
				},
				hrdcNode(
					'ActivTrak HRDC',
					// One leaver of three is a third: allowed here, to read the CSV.
					{
						...FIRST_SYNC,
						source: 'entraId',
						leavers: 'doNotTrack',
						safety: { maxNewDoNotTrackPercent: 100 },
					},
					440,
				),
			],
			connections: chain('Start', 'Microsoft Entra ID', 'ActivTrak HRDC'),
			settings: { executionOrder: 'v1' },
		});
		const result = await n8n.execute('entraPreset1');
		if (ON_N8N_1) {
			// n8n 1.x's Entra node calls https://graph.microsoft.com/v1.0 whatever the credential
			// says (its requestDefaults.baseURL is fixed), so no stand-in can answer it: there the
			// preset is proven by the engine tests on the node's item shape.
			expect(result.ok).toBe(false);
			expect(result.stdout + result.stderr).toContain(GRAPH_UNREACHABLE);
			expect(graph.requests).toHaveLength(0);
			return;
		}
		expect(result.ok).toBe(true);
		// Two pages: the second asked for by @odata.nextLink; Output: Raw selects accountEnabled.
		expect(graph.requests).toHaveLength(2);
		expect(decodeURIComponent(graph.requests[0])).toMatch(/\$select=id,accountEnabled,/);
		expect(emulator.uploads).toHaveLength(uploads + 1);
		expect(emulator.uploads[uploads].csv).toBe(
			hrdcCsv(graphRow(0), graphRow(1), { ...graphRow(2), track: 'n' }),
		);
	});

	test('the shipped Entra template (sync-entra-id), run as it is against the Graph stand-in (on 1.x: fixed host, nothing sent)', async () => {
		const uploads = emulator.uploads.length;
		const asked = graph.requests.length;
		if (ON_N8N_1) {
			// n8n 1.x's Entra node reaches only graph.microsoft.com (see the test above).
			await n8n.importWorkflow(shippedTemplate('sync-entra-id.workflow.json', 'entraTemplate'));
			const result = await n8n.execute('entraTemplate');
			expect(result.ok).toBe(false);
			// For that reason, not another (a node version 1.x lacks stops a run as well).
			expect(result.stdout + result.stderr).toContain(GRAPH_UNREACHABLE);
			expect(graph.requests).toHaveLength(asked);
			expect(emulator.uploads).toHaveLength(uploads);
			return;
		}
		const result = await firstSync(n8n, 'sync-entra-id.workflow.json', 'entraTemplate', emulator);
		expect(result.ok).toBe(true);
		// Output: Raw asks Graph for accountEnabled and department; the template's filter is sent.
		expect(decodeURIComponent(graph.requests[asked])).toMatch(/\$select=id,accountEnabled,/);
		expect(decodeURIComponent(graph.requests[asked])).toContain("userType eq 'Member'");
		expect(emulator.uploads).toHaveLength(uploads + 1);
		// Its Leavers are left at 'Leave Out': the disabled Cy is not in the snapshot.
		expect(emulator.uploads[uploads].csv).toBe(hrdcCsv(graphRow(0), graphRow(1)));
	});

	test('the LDAP node against a real slapd, Active Directory and OpenLDAP entries, read by the LDAP preset', async () => {
		const uploads = emulator.uploads.length;
		await n8n.importWorkflow({
			id: 'ldapPreset1',
			name: 'ldapPreset1',
			active: false,
			nodes: [
				trigger,
				{
					id: 'p-ldap',
					name: 'LDAP',
					type: 'n8n-nodes-base.ldap',
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						operation: 'search',
						baseDN: `ou=Staff,${LDAP_SUFFIX}`,
						searchFor: 'custom',
						customFilter: '(objectClass=inetOrgPerson)',
						returnAll: true,
						options: {},
					},
					credentials: { ldap: STAND_IN_CREDENTIALS.ldap },
				},
				hrdcNode('ActivTrak HRDC', { ...FIRST_SYNC, source: 'ldap', groupFrom: 'memberOf' }, 440),
			],
			connections: chain('Start', 'LDAP', 'ActivTrak HRDC'),
			settings: { executionOrder: 'v1' },
		});
		const result = await n8n.execute('ldapPreset1');
		expect(result.ok).toBe(true);
		expect(emulator.uploads).toHaveLength(uploads + 1);
		const csv = emulator.uploads[uploads].csv!;
		// Two groups (memberOf as a list), one (as a string), an OpenLDAP person by uid and
		// employeeNumber; the disabled account (userAccountControl 514) is left out.
		expect(csv.split('\r\n').slice(1).sort()).toEqual(
			hrdcCsv(
				{
					user_lookup_id: 'jo@example.com',
					employee_id: 'A-1',
					email_address: 'jo@example.com',
					display_name: 'Jo Park',
					group: 'Legal Team',
				},
				{
					user_lookup_id: 'jo@example.com',
					employee_id: 'A-1',
					email_address: 'jo@example.com',
					display_name: 'Jo Park',
					group: 'All, Staff',
				},
				{
					user_lookup_id: 'lu@example.com',
					email_address: 'lu@example.com',
					display_name: 'Lu Mei',
					group: 'Legal Team',
				},
				{ user_lookup_id: 'ola', employee_id: '9001', display_name: 'Ola Nordmann' },
			)
				.split('\r\n')
				.slice(1)
				.sort(),
		);
		const [output] = RealN8n.output(result, 'ActivTrak HRDC');
		expect(output.json).toMatchObject({ leavers: { found: 1, lookupIds: ['kim@example.com'] } });
	});

	test('the shipped Active Directory template (sync-active-directory), run as it is against slapd', async () => {
		const uploads = emulator.uploads.length;
		const result = await firstSync(
			n8n,
			'sync-active-directory.workflow.json',
			'ldapTemplate',
			emulator,
		);
		expect(result.ok).toBe(true);
		expect(emulator.uploads).toHaveLength(uploads + 1);
		// Its base (OU=Staff,DC=example,DC=com) and filter (AD's people) find the three AD-style
		// entries, not the OpenLDAP one; groups by department; the disabled Kim is left out.
		expect(emulator.uploads[uploads].csv).toBe(
			hrdcCsv(
				{
					user_lookup_id: 'jo@example.com',
					employee_id: 'A-1',
					email_address: 'jo@example.com',
					display_name: 'Jo Park',
					group: 'Legal',
				},
				{
					user_lookup_id: 'lu@example.com',
					email_address: 'lu@example.com',
					display_name: 'Lu Mei',
				},
			),
		);
		const [output] = RealN8n.output(result, 'ActivTrak HRDC');
		expect(output.json).toMatchObject({ leavers: { found: 1, lookupIds: ['kim@example.com'] } });
	});

	describe("HR systems n8n has no node for: the shipped template's HTTP Request node, then the preset", () => {
		const cases = [
			{
				file: 'sync-workday.workflow.json',
				hosts: () => [['https://HOST', hrApisUrl]] as Array<[string, string]>,
				calls: () => [['GET', '/ccx/service/customreport2/TENANT/OWNER/REPORT', '?format=json']],
			},
			{
				file: 'sync-hibob.workflow.json',
				hosts: () => [['https://api.hibob.com', hrApisUrl]] as Array<[string, string]>,
				calls: () => [['POST', '/v1/people/search', '']],
			},
			{
				file: 'sync-rippling.workflow.json',
				hosts: () => [['https://api.rippling.com', hrApisUrl]] as Array<[string, string]>,
				// Three pages of 100 by offset (the third short), then the departments once.
				calls: () => [
					...[0, 100, 200].map((offset) => [
						'GET',
						'/platform/api/employees/include_terminated',
						`?limit=100&offset=${offset}`,
					]),
					['GET', '/platform/api/departments', ''],
				],
			},
			{
				file: 'sync-personio.workflow.json',
				hosts: () => [['https://api.personio.de', hrApisUrl]] as Array<[string, string]>,
				calls: () => [
					[
						'POST',
						'/v1/auth',
						`?client_id=${HR_API_SECRETS.personio.client_id}&client_secret=${HR_API_SECRETS.personio.client_secret}`,
					],
					...[0, 100, 200].map((offset) => [
						'GET',
						'/v1/company/employees',
						`?limit=100&offset=${offset}`,
					]),
				],
			},
		];
		test.each(cases.map((c) => [c.file, c] as const))(
			'%s: the exact CSV, leavers and future hires left out',
			async (file, { hosts, calls }) => {
				const uploads = emulator.uploads.length;
				const before = hrApis.requests.length;
				// As short as the other tests' ids: with a 23-character one n8n kept no static data here.
				const id = `${file.replace(/^sync-|\.workflow\.json$/g, '')}Template`;
				const result = await firstSync(n8n, file, id, emulator, hosts());
				expect(result.ok).toBe(true);
				expect(emulator.uploads).toHaveLength(uploads + 1);
				expect(emulator.uploads[uploads].csv).toBe(expectedCsv());
				const [output] = RealN8n.output(result, 'ActivTrak HRDC');
				expect(output.json).toMatchObject({
					uploaded: true,
					leavers: { found: LEAVERS.length },
					futureHires: { found: FUTURE_HIRES.length },
				});
				// The two runs of the first sync each read the API as the template says.
				const seen = hrApis.requests.slice(before).map((r) => [r.method, r.path, r.query]);
				expect(seen).toEqual([...calls(), ...calls()]);
			},
		);

		test('sync-adp.workflow.json: mutual TLS on the token and the workers, paged by $skip: the exact CSV', async () => {
			const uploads = emulator.uploads.length;
			const hosts: Array<[string, string]> = [
				['https://api.adp.com', adpUrl],
				['https://accounts.adp.com', adpUrl],
			];
			const result = await firstSync(n8n, 'sync-adp.workflow.json', 'adpTemplate', emulator, hosts);
			expect(result.ok).toBe(true);
			expect(emulator.uploads[uploads].csv).toBe(expectedCsv());
			// Every request presented the client certificate (the server answers no other).
			expect(adpApi.requests.length).toBeGreaterThan(0);
			expect(adpApi.requests.every((r) => r.clientCertificate)).toBe(true);
			const last = adpApi.requests.slice(-4).map((r) => `${r.method} ${r.path}${r.query}`);
			expect(last).toEqual([
				'POST /auth/oauth/v2/token',
				'GET /hr/v2/workers?%24top=100&%24skip=0',
				'GET /hr/v2/workers?%24top=100&%24skip=100',
				'GET /hr/v2/workers?%24top=100&%24skip=200',
			]);
		});

		test('sync-adp.workflow.json: exactly 200 workers, so the third page is 204 No Content: the exact CSV', async () => {
			const uploads = emulator.uploads.length;
			adpApi.holdWorkers(200);
			try {
				const hosts: Array<[string, string]> = [
					['https://api.adp.com', adpUrl],
					['https://accounts.adp.com', adpUrl],
				];
				const result = await firstSync(n8n, 'sync-adp.workflow.json', 'adp200', emulator, hosts);
				expect(result.ok).toBe(true);
				expect(emulator.uploads[uploads].csv).toBe(hrdcCsv(...keptRows(PEOPLE.slice(0, 200))));
				const last = adpApi.requests.slice(-2).map((r) => `${r.path}${r.query}`);
				expect(last).toEqual([
					'/hr/v2/workers?%24top=100&%24skip=100',
					'/hr/v2/workers?%24top=100&%24skip=200',
				]);
			} finally {
				adpApi.holdWorkers(PEOPLE.length);
			}
		});
	});

	test('Set Baseline From Previous Upload, then an upload of a quarter of the people: stopped, nothing sent', async () => {
		const uploads = emulator.uploads.length;
		mkdirSync(n8n.filesDir, { recursive: true });
		const lastCsv = path.join(n8n.filesDir, 'last-hrdc-upload.csv');
		writeFileSync(
			lastCsv,
			hrdcCsv(
				...emails(40).map((user_lookup_id, i) => ({ user_lookup_id, group: `Team ${i % 4}` })),
			),
		);
		const quarter = emails(10).map((user_lookup_id, i) => ({
			user_lookup_id,
			group: `Team ${i % 4}`,
		}));
		await n8n.importWorkflow({
			id: 'setBaseline1',
			name: 'setBaseline1',
			active: false,
			nodes: [
				trigger,
				{
					id: 'p-read',
					name: 'Read last upload',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: [220, 0],
					parameters: { operation: 'read', fileSelector: lastCsv, options: {} },
				},
				hrdcNode('Set Baseline', { operation: 'setBaseline', binaryPropertyName: 'data' }, 440),
				{
					id: 'p-export',
					name: 'First automated export',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [660, 0],
					parameters: { mode: 'raw', jsonOutput: JSON.stringify({ people: quarter }), options: {} },
				},
				{
					id: 'p-split',
					name: 'One item per person',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [880, 0],
					parameters: { fieldToSplitOut: 'people', options: {} },
				},
				hrdcNode('ActivTrak HRDC', {}, 1100),
			],
			connections: chain(
				'Start',
				'Read last upload',
				'Set Baseline',
				'First automated export',
				'One item per person',
				'ActivTrak HRDC',
			),
			settings: { executionOrder: 'v1' },
		});
		const result = await n8n.execute('setBaseline1');
		expect(result.ok).toBe(false);
		const said = result.stdout + result.stderr;
		expect(said).toContain(STOPPED_BY_LIMIT);
		expect(said).toMatch(/The snapshot has 10 users where the last upload had 40/);
		expect(emulator.uploads).toHaveLength(uploads);
	});
});
